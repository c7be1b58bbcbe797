"""Deleting a product that still holds stock is refused with the reason, and the page offers to archive it
instead (flow 6 of issue 20): archiving hides it from the storefront and keeps its stock and ledger."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from config.kernel.numbers import format_number
from inventory.models import StockLevel, StockMovement

from ..services.products import delete_products, set_products_flags, stock_rows_holding


class ArchiveInsteadOfDeleteMixin:
    """For ProductAdmin (with ServiceSavingAdmin's admin_actor)."""

    def get_urls(self):
        own = [
            path(
                "<path:object_id>/archive/",
                self.admin_site.admin_view(self.archive_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_archive",
            )
        ]
        return own + super().get_urls()

    def delete_view(self, request, object_id, extra_context=None):
        product = self.get_object(request, unquote(object_id))
        if product is not None and self.has_delete_permission(request, product):
            rows = list(stock_rows_holding([product.pk]).select_related("variant__product", "warehouse"))
            if rows:
                return self._delete_refused(request, product, rows)
        return super().delete_view(request, object_id, extra_context)

    def _delete_refused(self, request, product, rows):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("The product cannot be deleted"),
            "subtitle": str(product),
            "object": product,
            "stock_rows": [
                (row.variant, row.warehouse.name, format_number(row.total), format_number(row.reserved)) for row in rows
            ],
            "can_archive": self.has_change_permission(request, product) and not product.deleted,
            "archive_url": reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_archive", args=[product.pk]),
            "change_url": reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[product.pk]),
        }
        return TemplateResponse(request, "admin/catalog/product/delete_refused.html", context)

    def archive_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        product = self.get_object(request, unquote(object_id))
        if product is None:
            return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"))
        if not self.has_change_permission(request, product):
            raise PermissionDenied
        set_products_flags(product_ids=[product.pk], actor=self.admin_actor(request, "admin: в архиве"), deleted=True)
        messages.success(
            request,
            gettext("“%(product)s” is archived: hidden from the storefront, its stock and history are kept.")
            % {"product": product.short_name or product.public_id},
        )
        return HttpResponseRedirect(
            reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[product.pk])
        )

    def get_deleted_objects(self, objs, request):
        # Stock rows and ledger lines have no delete permission of their own: they go only with their product,
        # and delete_products refuses a product that still holds stock. Without this, any product that ever
        # had stock would end in a bare 403.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        perms_needed = {name for name in perms_needed if name not in _STOCK_RECORDS}
        return deleted, counts, perms_needed, protected

    def delete_model(self, request, obj):
        if not delete_products(product_ids=[obj.pk]):
            messages.error(request, REFUSED)

    def delete_queryset(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        deleted = set(delete_products(product_ids=ids))
        kept = [pk for pk in ids if pk not in deleted]
        if kept:
            messages.error(
                request,
                gettext("%(count)s product(s) hold stock and were not deleted: archive them instead.")
                % {"count": len(kept)},
            )


_STOCK_RECORDS = {StockLevel._meta.verbose_name, StockMovement._meta.verbose_name}
REFUSED = _("The product holds stock and was not deleted: archive it instead.")
