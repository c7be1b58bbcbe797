"""The product list as managers search it: name, article, barcode or brand (also a filter), with the
retail price, the total stock and the variants' sizes of each product, loaded for the whole page at once
(correlated subqueries and two prefetches; the query count is pinned in tests/catalog)."""

from django.contrib import admin
from django.db.models import Max, Min, OuterRef, Prefetch, Subquery, Sum
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from config.kernel.numbers import format_number
from inventory.models import StockLevel

from ..models import PriceType, Variant, VariantOption, VariantPrice

MAX_SIZES_SHOWN = 8


def _retail_price(aggregate):
    prices = VariantPrice.objects.filter(
        variant__product=OuterRef("pk"), price_type__role=PriceType.Role.RETAIL
    ).order_by()
    return Subquery(prices.values("variant__product").annotate(v=aggregate("value")).values("v"))


def _stock_total():
    rows = StockLevel.objects.filter(variant__product=OuterRef("pk")).order_by().values("variant__product")
    return Subquery(rows.annotate(total_sum=Sum("total")).values("total_sum"))


def with_list_columns(queryset):
    variants = Variant.objects.only("id", "product_id", "public_id", "article", "ordering").prefetch_related(
        Prefetch("options", queryset=VariantOption.objects.only("id", "variant_id", "string_value", "decimal_value"))
    )
    return queryset.annotate(
        price_min=_retail_price(Min), price_max=_retail_price(Max), stock_sum=_stock_total()
    ).prefetch_related(Prefetch("variants", queryset=variants, to_attr="listed_variants"))


def variant_label(variant) -> str:
    values = [
        o.string_value if o.string_value else format_number(o.decimal_value, empty="")
        for o in variant.options.all()
        if o.string_value or o.decimal_value is not None
    ]
    return " / ".join(values)


class ProductListMixin:
    """For ProductAdmin: the list columns; `get_queryset` adds their data only for the list page."""

    list_display = [
        "thumbnail",
        "public_id",
        "short_name",
        "brand_name",
        "retail_price",
        "stock",
        "sizes",
        "state",
        "updated_at",
    ]
    list_display_links = ["public_id", "short_name"]
    list_filter = ["available", "deleted", "brand_name", "type", "is_novelty", "is_bestseller", "collections"]
    search_fields = [
        "public_id",
        "human_id",
        "short_name",
        "full_name",
        "brand_name",
        "ext_id",
        "variants__article",
        "=variants__barcodes__value",
    ]
    search_help_text = _("Search by name, full name, article, barcode, brand, ID, human-readable ID or external ID")

    def changelist_view(self, request, extra_context=None):
        request._product_list = True
        return super().changelist_view(request, extra_context)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return with_list_columns(queryset) if getattr(request, "_product_list", False) else queryset

    @admin.display(description=_("price"), ordering="price_min")
    def retail_price(self, product):
        low, high = product.price_min, product.price_max
        if low is None:
            return "—"
        if low == high:
            return format_html('<span style="white-space:nowrap">{}</span>', format_number(low))
        return format_html('<span style="white-space:nowrap">{} – {}</span>', format_number(low), format_number(high))

    @admin.display(description=_("stock"), ordering="stock_sum")
    def stock(self, product):
        return format_number(product.stock_sum)

    @admin.display(description=_("status"), ordering="deleted")
    def state(self, product):
        # One word instead of two yes/no columns (a red cross under "archived" on every product read as an error).
        if product.deleted:
            return format_html('<span class="product-state archived">{}</span>', gettext("archived"))
        if not product.available:
            return format_html('<span class="product-state hidden">{}</span>', gettext("hidden"))
        return format_html('<span class="product-state on-sale">{}</span>', gettext("on sale"))

    @admin.display(description=_("sizes"), ordering="variant_total", empty_value="")
    def sizes(self, product):
        variants = product.listed_variants
        labels = list(dict.fromkeys(label for label in map(variant_label, variants) if label))
        if not labels:
            # Variants without option values: their number (a bare "1" here read as size 1), nothing for one.
            if len(variants) <= 1:
                return ""
            return gettext("variants: %(count)s") % {"count": len(variants)}
        shown = ", ".join(labels[:MAX_SIZES_SHOWN])
        more = len(labels) - MAX_SIZES_SHOWN
        return f"{shown} … (+{more})" if more > 0 else shown
