from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin

from ..models import (
    AdditionalDescription,
    Barcode,
    HistoryEvent,
    Product,
    ProductAccountingAttribute,
    ProductAttribute,
    ProductEshopSetting,
    ProductImage,
    Variant,
    VariantOption,
    VariantPrice,
)
from ..services.products import PRODUCT_SCALARS, save_products, save_variant_directly, set_products_flags
from ..services.variants import VARIANT_SCALARS
from ..variant_resources import VariantExportResource
from .images import ProductImageInline, save_image_formset, thumbnail_html
from .product_archive import ArchiveInsteadOfDeleteMixin
from .product_import import ProductImportExportMixin
from .product_list import ProductListMixin
from .sections import SectionedAdminMixin
from .service_forms import RowErrors, ServiceSavingAdmin, formset_rows
from .variant_grid import VariantGridInline
from .variant_options import VariantOptionInline
from .wms_state import WMS_STATE_LABEL, wms_configured, wms_state_html

# Sections of the product and variant pages (fieldset names; inlines follow the fieldset they belong to).
MAIN = _("Main")
PRICES_AND_STOCK = _("Prices and stock")
DESCRIPTION = _("Description and attributes")
DIMENSIONS = _("Weight and dimensions")
SETS = _("Sets")
INTEGRATIONS = _("Integrations")
RECORD = _("Record")


def _count_of(model, fk: str):
    """Rows of `model` pointing at the outer row, as a correlated subquery."""
    rows = model.objects.filter(**{fk: OuterRef("pk")}).order_by().values(fk)
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)


class ProductEshopSettingInline(admin.TabularInline):
    model = ProductEshopSetting
    fields = ["eshop", "enabled", "ext_id"]
    extra = 0


class ProductAttributeInline(admin.TabularInline):
    model = ProductAttribute
    fields = ["attribute", "string_value", "decimal_value", "ordering"]
    autocomplete_fields = ["attribute"]
    extra = 0


class ProductAccountingInline(admin.TabularInline):
    model = ProductAccountingAttribute
    fields = ["attribute", "string_value"]
    extra = 0


class AdditionalDescriptionInline(admin.StackedInline):
    model = AdditionalDescription
    fields = ["title", "description"]
    extra = 0


class HistoryInline(admin.TabularInline):
    model = HistoryEvent
    fields = ["created_at", "change_source", "user_login", "source_action"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    ordering = ["-created_at"]
    verbose_name_plural = _("Change history")


def product_history_redirect(request, product):
    """ "История" on a product or a variant page: the product's history events (every write path records them,
    the API's and imports' included), not Django's admin log; None for who may not view history events."""
    if product is None or not request.user.has_perm("catalog.view_historyevent"):
        return None
    url = reverse("admin:catalog_historyevent_changelist")
    return HttpResponseRedirect(f"{url}?{urlencode({'product_public_id': product.public_id})}")


@admin.register(Product)
class ProductAdmin(
    ProductListMixin,
    ArchiveInsteadOfDeleteMixin,
    SectionedAdminMixin,
    ServiceSavingAdmin,
    ProductImportExportMixin,
    admin.ModelAdmin,
):
    # list_display, list_filter and search_fields: ProductListMixin (catalog/admin/product_list.py).
    list_per_page = 50
    show_full_result_count = False
    date_hierarchy = "updated_at"
    filter_horizontal = ["collections"]
    actions = ["make_available", "make_hidden", "archive", "unarchive"]
    readonly_fields = ["review_score", "warehouse_category_title", "created_at", "updated_at"]
    fieldsets = [
        (
            MAIN,
            {
                "fields": [
                    ("public_id", "human_id"),
                    "short_name",
                    "full_name",
                    ("brand_name", "type"),
                    "collections",
                    "available",
                    "deleted",
                    ("is_novelty", "is_bestseller"),
                ]
            },
        ),
        (
            PRICES_AND_STOCK,
            {
                "fields": [
                    ("vat", "is_catch_weight"),
                    ("use_batch_accounting", "box_needed"),
                    ("expiration_mode", "expiration_months_limit"),
                ]
            },
        ),
        (
            DESCRIPTION,
            {"fields": ["description", ("country_of_origin", "manufactured_by"), "composition", "warranty"]},
        ),
        (
            INTEGRATIONS,
            {
                "classes": ["collapse"],
                "fields": [
                    ("ext_id", "ext_id2"),
                    ("ext_id3", "ext_id4", "ext_id5"),
                    ("tnved_code", "warehouse_category_code", "warehouse_category_title"),
                    "international_description",
                ],
            },
        ),
        (RECORD, {"fields": [("created_at", "updated_at"), "review_score"]}),
    ]
    inline_sections = [
        (MAIN, [ProductImageInline]),  # the media: right under the name, as on the storefront
        (PRICES_AND_STOCK, [VariantGridInline]),
        (DESCRIPTION, [ProductAttributeInline, AdditionalDescriptionInline]),
        (INTEGRATIONS, [ProductEshopSettingInline, ProductAccountingInline]),
        (RECORD, [HistoryInline]),
    ]

    def get_queryset(self, request):
        first_images = Prefetch("images", queryset=ProductImage.objects.order_by("pos", "id"))
        # A correlated subquery, not a join + GROUP BY: the changelist's count and date-hierarchy queries then
        # read the product table alone (0.55 s -> a few ms on 100,000 products), and the page still sorts by it.
        queryset = super().get_queryset(request).annotate(variant_total=_count_of(Variant, "product"))
        return queryset.prefetch_related(first_images)

    @admin.display(description=_("photo"))
    def thumbnail(self, product):
        images = product.images.all()
        return thumbnail_html(images[0] if images else None)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields + ["public_id"] if obj is not None else fields

    def history_view(self, request, object_id, extra_context=None):
        product = self.get_object(request, unquote(object_id))
        return product_history_redirect(request, product) or super().history_view(request, object_id, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "public_id" in form.base_fields:
            form.base_fields["public_id"].required = False
            form.base_fields["public_id"].help_text = _("Leave empty to get an ID assigned automatically")
        return form

    def save_through_service(self, request, form, formsets, change):
        cleaned = form.cleaned_data
        data = {name: cleaned[name] for name in PRODUCT_SCALARS if name in cleaned}
        if change:
            data["public_id"] = form.instance.public_id
        elif cleaned.get("public_id"):
            data["public_id"] = cleaned["public_id"]
        data["collections"] = [c.public_id for c in cleaned.get("collections") or []]
        variant_rows, stock_reason = {}, ""
        for formset in formsets:
            rows = formset_rows(formset)
            if formset.model is Variant:
                items, row_indexes = formset.service_items()
                if items:
                    data["variants_to_update"] = items
                    variant_rows = {"prefix": formset.prefix, "rows": row_indexes}
                stock_reason = formset.stock_reason
            elif formset.model is ProductAttribute:
                data["attributes"] = [
                    {
                        "code": r["attribute"].code,
                        "string_value": r.get("string_value"),
                        "decimal_value": r.get("decimal_value"),
                        "ordering": r.get("ordering"),
                    }
                    for r in rows
                ]
            elif formset.model is ProductAccountingAttribute:
                data["accounting_attributes"] = [
                    {"code": r["attribute"].code, "string_value": r["string_value"]} for r in rows
                ]
            elif formset.model is AdditionalDescription:
                data["additional_descriptions"] = [{"title": r["title"], "description": r["description"]} for r in rows]
            elif formset.model is ProductEshopSetting:
                data["eshop_settings"] = [
                    {"eshop_id": r["eshop"].public_id, "enabled": r.get("enabled", True), "ext_id": r.get("ext_id")}
                    for r in rows
                ]
        action = "admin: изменение товара" if change else "admin: создание товара"
        actor = self.admin_actor(request, action, reason=stock_reason)
        # New rows of the variant table are new variants of this product (the API names its variants).
        [result] = save_products(items=[data], partial=change, actor=actor, allow_new_variants=True)
        if not result.success:
            raise result.error
        refused = {
            row: variant.errors
            for row, variant in zip(variant_rows.get("rows", []), result.variants or [], strict=True)
            if variant.errors
        }
        if refused:
            raise RowErrors({variant_rows["prefix"]: refused})  # save_related rolls the whole save back
        product = Product.objects.get(pk=result.pk)
        for formset in formsets:
            if formset.model is ProductImage:
                save_image_formset(formset, product=product, actor=self.admin_actor(request, "admin: картинки товара"))
        return product

    def _set_flags(self, request, queryset, action, message, **flags):
        # `action` goes into the product history (stored, so not translated); `message` is for the user.
        count = set_products_flags(
            product_ids=list(queryset.values_list("pk", flat=True)),
            actor=self.admin_actor(request, f"admin: {action}"),
            **flags,
        )
        self.message_user(request, message % {"count": count})

    @admin.action(description=_("Show in the storefront"))
    def make_available(self, request, queryset):
        self._set_flags(
            request, queryset, "показаны", gettext("Shown in the storefront: %(count)s product(s)."), available=True
        )

    @admin.action(description=_("Hide from the storefront"))
    def make_hidden(self, request, queryset):
        self._set_flags(
            request, queryset, "скрыты", gettext("Hidden from the storefront: %(count)s product(s)."), available=False
        )

    @admin.action(description=_("Archive"))
    def archive(self, request, queryset):
        self._set_flags(request, queryset, "в архиве", gettext("Archived: %(count)s product(s)."), deleted=True)

    @admin.action(description=_("Restore from the archive"))
    def unarchive(self, request, queryset):
        self._set_flags(
            request,
            queryset,
            "возвращены из архива",
            gettext("Restored from the archive: %(count)s product(s)."),
            deleted=False,
        )


class VariantPriceInline(admin.TabularInline):
    model = VariantPrice
    fields = ["price_type", "value"]
    extra = 0


class BarcodeInline(admin.TabularInline):
    model = Barcode
    fields = ["value", "is_default", "type"]
    extra = 0


def _stock_inline():
    try:
        from inventory.admin import StockLevelInline
    except ImportError:
        return []
    return [StockLevelInline]


def _low_stock_filter():
    try:
        from inventory.admin import VariantLowStockFilter
    except ImportError:
        return []
    return [VariantLowStockFilter]


@admin.register(Variant)
class VariantAdmin(ExportMixin, SectionedAdminMixin, ServiceSavingAdmin, admin.ModelAdmin):
    resource_classes = [VariantExportResource]
    list_display = ["public_id", "product", "article", "wms_state", "updated_at"]
    list_select_related = ["product"]
    search_fields = ["public_id", "article", "ext_id", "barcodes__value", "product__short_name", "product__public_id"]
    search_help_text = _("Search by variant ID, article, external ID, barcode or product")
    # product__available / product__deleted: the dashboard links here with them (the catalog's state).
    list_filter = [
        "product__available",
        "product__deleted",
        *_low_stock_filter(),
        "is_ff_synchronised",
        "is_physical_set",
    ]
    raw_id_fields = ["product"]
    list_per_page = 50
    show_full_result_count = False
    # Newest first, by the primary key's index: the model's order (ordering within a product) has no index
    # across products, and sorting 300,000 variants for a page took 0.3 s.
    ordering = ["-id"]
    date_hierarchy = "updated_at"
    readonly_fields = [
        "is_ff_synchronised",
        "ff_sync_error",
        "weight_fact",
        "height_fact",
        "width_fact",
        "depth_fact",
        "created_at",
        "updated_at",
        "stock_history",
    ]
    fieldsets = [
        (MAIN, {"fields": ["product", "public_id", ("article", "ordering"), "default_image"]}),
        (
            PRICES_AND_STOCK,
            {"fields": [("discount_type", "discount_value"), ("discount_percent", "discount_fix"), "stock_history"]},
        ),
        (
            DIMENSIONS,
            {
                "fields": [
                    ("weight", "height"),
                    ("width", "depth"),
                    "can_be_rotated",
                    # measured by the warehouse, filled by the WMS stock pull: read-only here
                    ("weight_fact", "height_fact"),
                    ("width_fact", "depth_fact"),
                ]
            },
        ),
        (
            SETS,
            {
                "classes": ["collapse"],
                "fields": [
                    ("is_physical_set", "bundle_optional_count"),
                    ("auto_price_calculation", "auto_dimensions_calculation"),
                ],
            },
        ),
        (
            INTEGRATIONS,
            {
                "classes": ["collapse"],
                "fields": [
                    ("ext_id", "ext_id2"),
                    ("ext_id3", "ext_id4", "ext_id5"),
                    ("is_ff_synchronised", "ff_sync_error"),
                ],
            },
        ),
        (RECORD, {"fields": [("created_at", "updated_at")]}),
    ]
    inline_sections = [
        (MAIN, [BarcodeInline, VariantOptionInline]),
        (PRICES_AND_STOCK, [VariantPriceInline, *_stock_inline()]),
    ]

    def history_view(self, request, object_id, extra_context=None):
        variant = self.get_object(request, unquote(object_id))
        product = variant.product if variant is not None else None
        return product_history_redirect(request, product) or super().history_view(request, object_id, extra_context)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields + ["public_id", "product"] if obj is not None else fields

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        return columns if wms_configured(request) else [c for c in columns if c != "wms_state"]

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        return filters if wms_configured(request) else [f for f in filters if f != "is_ff_synchronised"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        # A new variant has no stock movements yet; a user who may not see the ledger gets no link to it.
        if obj is None or not request.user.has_perm("inventory.view_stockmovement"):
            return [
                (name, {**options, "fields": [f for f in options["fields"] if f != "stock_history"]})
                for name, options in fieldsets
            ]
        return fieldsets

    @admin.display(description=WMS_STATE_LABEL, ordering="is_ff_synchronised")
    def wms_state(self, variant):
        return wms_state_html(variant)

    @admin.display(description=_("stock movements"))
    def stock_history(self, variant):
        if variant.pk is None:
            return "—"
        url = reverse("admin:inventory_stockmovement_changelist")
        return format_html(
            '<a href="{}?variant__id__exact={}" id="stock-history-link">{}</a>',
            url,
            variant.pk,
            gettext("Why the stock changed: the ledger of this variant"),
        )

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "public_id" in form.base_fields:
            form.base_fields["public_id"].required = False
        return form

    def save_through_service(self, request, form, formsets, change):
        cleaned = form.cleaned_data
        instance = form.instance
        data = {name: cleaned[name] for name in VARIANT_SCALARS if name in cleaned}
        data["product_id"] = instance.product.public_id if change else cleaned["product"].public_id
        data["public_id"] = instance.public_id if change else (cleaned.get("public_id") or None)
        for formset in formsets:
            rows = formset_rows(formset)
            if formset.model is VariantPrice:
                data["prices"] = [{"price_code": r["price_type"].code, "value": r["value"]} for r in rows]
            elif formset.model is Barcode:
                data["barcodes"] = [
                    {"value": r["value"], "is_default": r.get("is_default"), "type": r.get("type")} for r in rows
                ]
            elif formset.model is VariantOption:
                data["options"] = [
                    {
                        "code": r["code"],
                        "name": r.get("name"),
                        "string_value": r.get("string_value"),
                        "decimal_value": r.get("decimal_value"),
                    }
                    for r in rows
                ]
        action = "admin: изменение варианта" if change else "admin: создание варианта"
        return save_variant_directly(data=data, partial=change, actor=self.admin_actor(request, action))


@admin.register(HistoryEvent)
class HistoryEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "product_column", "change_source", "user_login", "source_action"]
    list_select_related = ["product"]
    list_filter = ["change_source", "created_at"]
    search_fields = ["product_public_id", "user_login", "source_action"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in HistoryEvent._meta.fields]
    list_per_page = 50
    show_full_result_count = False

    @admin.display(description=_("product"), ordering="product_public_id")
    def product_column(self, event):
        # The product by its name with its ID; a deleted product's events keep only the ID.
        if event.product is None:
            return event.product_public_id
        return format_html("{} <small>[{}]</small>", event.product.short_name, event.product_public_id)

    def changelist_view(self, request, extra_context=None):
        # The product's "История" button lands here, filtered to the product: the title names it.
        public_id = request.GET.get("product_public_id")
        if public_id:
            name = Product.objects.filter(public_id=public_id).values_list("short_name", flat=True).first()
            title = gettext("History of “%(product)s”") % {"product": name or public_id}
            extra_context = {**(extra_context or {}), "title": title}
        return super().changelist_view(request, extra_context)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
