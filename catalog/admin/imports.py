"""Spreadsheet import/export of products in the admin.

Export: the "Экспорт" actions on the product list (selected products) and the export links on the
import page (the whole catalog), as XLSX, XLS or CSV. Import: upload a file -> a preview of every
change and every row error -> "Применить" writes through the catalog services (history source XLS),
"Отменить" deletes the upload and changes nothing. Large files run as a Celery job whose progress page
refreshes itself.
"""

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from config.kernel.errors import DomainError

from ..models import ImportJob, Product
from ..resources import FORMATS, export_file
from ..services.imports import cancel_import_job, create_import_job, plan_of, start_import_job

PREVIEW_LIMIT = 500


def export_response(products, file_format: str) -> HttpResponse:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(export_file(products, file_format), content_type=FORMATS[file_format])
    response["Content-Disposition"] = f'attachment; filename="products-{stamp}.{file_format}"'
    return response


def _export_action(file_format: str):
    def action(modeladmin, request, queryset):
        return export_response(Product.objects.filter(pk__in=queryset.values("pk")), file_format)

    action.__name__ = f"export_{file_format}"
    action.short_description = format_lazy(_("Export to {} (a row per variant)"), file_format.upper())
    action.allowed_permissions = ("view",)
    return action


EXPORT_ACTIONS = [_export_action(f) for f in FORMATS]


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("XLSX, XLS or CSV file"), help_text=_("A row per variant; the columns as in the export")
    )


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
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
            path("upload/", wrap(self.upload_view), name="catalog_importjob_upload"),
            path("<int:pk>/preview/", wrap(self.preview_view), name="catalog_importjob_preview"),
            path("<int:pk>/progress/", wrap(self.progress_view), name="catalog_importjob_progress"),
            path("export/<str:file_format>/", wrap(self.export_view), name="catalog_importjob_export"),
            *super().get_urls(),
        ]

    def _context(self, request, **extra):
        return {**self.admin_site.each_context(request), "opts": self.model._meta, **extra}

    def _can_import(self, request) -> bool:
        return request.user.has_perm("catalog.change_product") and request.user.has_perm("catalog.add_product")

    def upload_view(self, request):
        if not self._can_import(request):
            return HttpResponse(status=403)
        form = ImportUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                job = create_import_job(upload=form.cleaned_data["file"], user=request.user)
            except DomainError as error:
                form.add_error("file", error.message)
            else:
                return HttpResponseRedirect(reverse("admin:catalog_importjob_preview", args=[job.pk]))
        context = self._context(request, title=_("Product import"), form=form, formats=list(FORMATS))
        return TemplateResponse(request, "admin/catalog/import_upload.html", context)

    def preview_view(self, request, pk):
        if not self._can_import(request):
            return HttpResponse(status=403)
        job = get_object_or_404(ImportJob, pk=pk)
        if job.status != ImportJob.Status.PENDING:
            return HttpResponseRedirect(reverse("admin:catalog_importjob_progress", args=[job.pk]))
        if request.method == "POST" and "cancel" in request.POST:
            cancel_import_job(job=job)
            messages.info(request, _("Import cancelled, nothing changed."))
            return HttpResponseRedirect(reverse("admin:catalog_importjob_upload"))
        if request.method == "POST" and "confirm" in request.POST:
            try:
                queued = start_import_job(job=job)
            except DomainError as error:
                messages.error(request, error.message)
                return HttpResponseRedirect(request.path)
            if not queued:
                job.refresh_from_db()
                level = messages.SUCCESS if job.status == ImportJob.Status.DONE else messages.ERROR
                messages.add_message(
                    request,
                    level,
                    gettext("Import finished: %(count)s product(s) changed.") % {"count": job.changed_products},
                )
            return HttpResponseRedirect(reverse("admin:catalog_importjob_progress", args=[job.pk]))
        try:
            plan = plan_of(job)
        except DomainError as error:
            plan, file_error = None, error.message
        else:
            file_error = None
        changes = []
        if plan is not None:
            for product in plan.changed:
                changes += [(product.public_id, change) for change in product.changes]
                if len(changes) >= PREVIEW_LIMIT:
                    break
        context = self._context(
            request,
            title=gettext("Import check: %(file)s") % {"file": job.file_name},
            job=job,
            plan=plan,
            file_error=file_error,
            changes=changes[:PREVIEW_LIMIT],
            changed_count=len(plan.changed) if plan else 0,
            more=plan is not None and sum(len(p.changes) for p in plan.changed) > PREVIEW_LIMIT,
        )
        return TemplateResponse(request, "admin/catalog/import_preview.html", context)

    def progress_view(self, request, pk):
        if not self.has_view_permission(request):
            return HttpResponse(status=403)
        job = get_object_or_404(ImportJob, pk=pk)
        running = job.status in (ImportJob.Status.PENDING, ImportJob.Status.RUNNING)
        percent = int(job.processed * 100 / job.total) if job.total else 0
        context = self._context(
            request,
            title=gettext("Import: %(file)s") % {"file": job.file_name},
            job=job,
            running=running,
            percent=percent,
        )
        return TemplateResponse(request, "admin/catalog/import_progress.html", context)

    def export_view(self, request, file_format):
        if file_format not in FORMATS or not request.user.has_perm("catalog.view_product"):
            return HttpResponse(status=404)
        return export_response(Product.objects.all(), file_format)
