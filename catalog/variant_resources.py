"""django-import-export resource for the variants changelist (export): one row per variant, readable columns.

Prices get one column per price type ("Цена RETAIL", "Цена OLD", ...), stock one per warehouse
("Остаток <код склада>"); options, barcodes as text. Related rows are prefetched, so a page of variants
costs a fixed number of queries.
"""

from django.db.models import Prefetch
from import_export import fields, resources

from inventory.models import StockLevel, Warehouse

from .models import Barcode, PriceType, Variant, VariantPrice

PRICE_PREFIX, STOCK_PREFIX = "Цена ", "Остаток "


def _number(value) -> str:
    return "" if value is None else format(value.normalize(), "f")


def _option_value(option) -> str:
    return option.string_value if option.string_value is not None else _number(option.decimal_value)


class VariantExportResource(resources.ModelResource):
    variant = fields.Field(attribute="public_id", column_name="Код варианта")
    product = fields.Field(attribute="product__public_id", column_name="Код продукта")
    product_name = fields.Field(attribute="product__short_name", column_name="Наименование")
    article = fields.Field(attribute="article", column_name="Артикул")
    options = fields.Field(column_name="Опции", dehydrate_method="dehydrate_options")
    barcodes = fields.Field(column_name="Штрихкоды", dehydrate_method="dehydrate_barcodes")

    class Meta:
        model = Variant
        fields = ["variant", "product", "product_name", "article", "options", "barcodes"]
        export_order = fields

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for code in PriceType.objects.order_by("id").values_list("code", flat=True):
            self.fields[f"price_{code}"] = fields.Field(
                column_name=f"{PRICE_PREFIX}{code}",
                dehydrate_method=lambda variant, code=code: self._price(variant, code),
            )
        for code in Warehouse.objects.order_by("id").values_list("code", flat=True):
            self.fields[f"stock_{code}"] = fields.Field(
                column_name=f"{STOCK_PREFIX}{code}",
                dehydrate_method=lambda variant, code=code: self._stock(variant, code),
            )

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("product").prefetch_related(
            "options",
            Prefetch("barcodes", queryset=Barcode.objects.order_by("-is_default", "id")),
            Prefetch("prices", queryset=VariantPrice.objects.select_related("price_type")),
            Prefetch("stock_levels", queryset=StockLevel.objects.select_related("warehouse")),
        )

    def dehydrate_options(self, variant):
        return "; ".join(f"{option.name or option.code}: {_option_value(option)}" for option in variant.options.all())

    def dehydrate_barcodes(self, variant):
        return ", ".join(barcode.value for barcode in variant.barcodes.all())

    @staticmethod
    def _price(variant, code):
        return next((_number(p.value) for p in variant.prices.all() if p.price_type.code == code), "")

    @staticmethod
    def _stock(variant, code):
        return next((_number(s.total) for s in variant.stock_levels.all() if s.warehouse.code == code), "")
