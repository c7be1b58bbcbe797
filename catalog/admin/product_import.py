"""Import and export of products on the products changelist (django-import-export, ProductResource).

Export: the "Export" button (the filtered list) and the "Export selected products" action, as XLSX, XLS,
CSV or JSON. Import: the library's dry run shows new, changed and unchanged rows and every row error with
its row number; nothing is written until "Confirm import". A confirmed file of more than
IMPORT_SYNC_MAX_ROWS rows runs as a Celery job (`imports` queue) with a progress page. The import page
offers the template: the export of an example product.
"""

from django.conf import settings
from django.contrib import admin
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportActionMixin, ImportMixin
from import_export.formats import base_formats

from config.spreadsheet_import import LimitedImportExportMixin, SharedReaderImportMixin

from ..import_jobs import queue_import_job
from ..models import ImportJob, VariantPrice
from ..price_resources import VariantPriceResource
from ..product_resources import ProductResource

TEMPLATE_FORMATS = {"xlsx": base_formats.XLSX, "xls": base_formats.XLS, "csv": base_formats.CSV}


class ProductImportExportMixin(SharedReaderImportMixin, ImportMixin, ExportActionMixin):
    resource_classes = [ProductResource]
    # Both buttons on the list: ImportMixin's own template (first in the MRO) would show "Импорт" alone.
    import_export_change_list_template = "admin/import_export/change_list_import_export.html"
    import_template_name = "admin/catalog/product_import.html"
    # Every written product gets a history event (source XLS); admin log entries would name variants as products.
    skip_admin_log = True

    def get_resource_kwargs(self, request, *args, **kwargs):
        return {"request": request}

    def get_valid_export_item_pks(self, request):
        # The library offers every product's pk as a choice of the "export selected" form (100,000 pks loaded
        # to check a selection of ten) and warns that this hook is deprecated: check only what was posted,
        # against the manager's own queryset.
        posted = [pk for pk in request.POST.getlist("export_items") if pk.isdigit()]
        return self.get_queryset(request).filter(pk__in=posted).values_list("pk", flat=True)

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs.pop("request", None)
        # A confirmed import is all or nothing: a row the services refuse rolls the whole file back.
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def process_dataset(self, dataset, form, request, **kwargs):
        if len(dataset) > settings.IMPORT_SYNC_MAX_ROWS:
            file_name = kwargs.get("file_name") or form.cleaned_data.get("original_file_name")
            return queue_import_job(dataset=dataset, file_name=file_name, user=request.user)
        return super().process_dataset(dataset, form, request, **kwargs)

    def process_result(self, result, request):
        if isinstance(result, ImportJob):
            return HttpResponseRedirect(reverse("admin:catalog_importjob_progress", args=[result.pk]))
        return super().process_result(result, request)

    def get_import_context_data(self, **kwargs):
        context = super().get_import_context_data(**kwargs)
        context["template_formats"] = list(TEMPLATE_FORMATS)
        context["sync_max_rows"] = settings.IMPORT_SYNC_MAX_ROWS
        return context

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path(
                "import/template/<str:file_format>/",
                self.admin_site.admin_view(self.import_template_view),
                name=f"{info[0]}_{info[1]}_import_template",
            ),
            *super().get_urls(),
        ]

    def import_template_view(self, request, file_format):
        """The import template: the export of an example product (two sizes, prices, barcodes, stock)."""
        if file_format not in TEMPLATE_FORMATS or not self.has_import_permission(request):
            return HttpResponse(status=404)
        resource = ProductResource(request=request)
        data = TEMPLATE_FORMATS[file_format]().export_data(resource.export(queryset=resource.example()))
        response = HttpResponse(data, content_type=TEMPLATE_FORMATS[file_format]().get_content_type())
        response["Content-Disposition"] = f'attachment; filename="products-template.{file_format}"'
        return response


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Large product imports run by Celery: the list and each one's progress page."""

    list_display = ["id", "file_name", "user", "status", "progress", "changed_products", "created_at", "finished_at"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in ImportJob._meta.fields]
    change_list_template = "admin/catalog/importjob_changelist.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("progress"))
    def progress(self, job):
        url = reverse("admin:catalog_importjob_progress", args=[job.pk])
        return format_html('<a href="{}">{} / {}</a>', url, job.processed, job.total)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/progress/", wrap(self.progress_view), name="catalog_importjob_progress"),
            *super().get_urls(),
        ]

    def progress_view(self, request, pk):
        if not self.has_view_permission(request):
            return HttpResponse(status=403)
        job = get_object_or_404(ImportJob, pk=pk)
        running = job.status in (ImportJob.Status.PENDING, ImportJob.Status.RUNNING)
        percent = int(job.processed * 100 / job.total) if job.total else 0
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Import: %(file)s") % {"file": job.file_name},
            "job": job,
            "running": running,
            "percent": percent,
        }
        return TemplateResponse(request, "admin/catalog/import_progress.html", context)


@admin.register(VariantPrice)
class VariantPriceAdmin(LimitedImportExportMixin, admin.ModelAdmin):
    """Prices (variant × price type) for bulk work through the spreadsheets; single prices are edited on the
    variant's page. Rows here are read-only: writes go through the services (the import, the variant page)."""

    resource_classes = [VariantPriceResource]
    list_display = ["variant_column", "price_type", "value"]
    list_filter = ["price_type"]
    list_select_related = ["variant__product", "price_type"]
    search_fields = ["variant__public_id", "variant__article"]
    readonly_fields = ["variant", "price_type", "value"]
    show_full_result_count = False

    @admin.display(description=_("variant"), ordering="variant__product__short_name")
    def variant_column(self, price):
        # The product's name and the article, linked to the variant's page where single prices are edited.
        url = reverse("admin:catalog_variant_change", args=[price.variant_id])
        return format_html('<a href="{}">{}</a>', url, price.variant.title())

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
