"""django-import-export resource of the prices changelist: one row per variant and price type.

Columns: Код варианта, Артикул and Наименование (export only), Тип цены (the price type's code), Цена. Import
sets each row's price through catalog.services.patch_variants (the variant's whole price list with this one
replaced; a history event with source XLS), never Model.save.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from import_export import fields, widgets

from config.spreadsheet_import import RowLimitResource

from . import cells
from .models import PriceType, Variant, VariantPrice
from .product_resources import import_actor
from .services.products import patch_variants


class PriceWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        amount = cells.amount(value, places=2, max_digits=14)
        if amount is None:
            raise ValueError("не указана цена")
        return amount

    def render(self, value, obj=None, **kwargs):
        return cells.plain(value)


class VariantPriceResource(RowLimitResource):
    variant = fields.Field(
        attribute="variant", column_name="Код варианта", widget=widgets.ForeignKeyWidget(Variant, field="public_id")
    )
    article = fields.Field(attribute="variant__article", column_name="Артикул", readonly=True)
    product = fields.Field(attribute="variant__product__short_name", column_name="Наименование", readonly=True)
    price_type = fields.Field(
        attribute="price_type", column_name="Тип цены", widget=widgets.ForeignKeyWidget(PriceType, field="code")
    )
    value = fields.Field(attribute="value", column_name="Цена", widget=PriceWidget())

    class Meta:
        model = VariantPrice
        import_id_fields = ["variant", "price_type"]
        fields = ["variant", "article", "product", "price_type", "value"]
        export_order = fields
        skip_unchanged = True
        report_skipped = True

    def get_queryset(self):
        return super().get_queryset().select_related("variant__product", "price_type")

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.actor = import_actor(kwargs.get("user"))

    def save_instance(self, instance, is_create, row, **kwargs):
        prices = {
            code: value
            for code, value in VariantPrice.objects.filter(variant_id=instance.variant_id).values_list(
                "price_type__code", "value"
            )
        }
        prices[instance.price_type.code] = instance.value
        item = {
            "public_id": instance.variant.public_id,
            "prices": [{"price_code": code, "value": value} for code, value in prices.items()],
        }
        [result] = patch_variants(items=[item], actor=self.actor)
        if result.errors:
            raise ValidationError({NON_FIELD_ERRORS: result.errors})
        instance.pk = VariantPrice.objects.get(variant_id=instance.variant_id, price_type=instance.price_type).pk
