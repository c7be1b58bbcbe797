"""django-import-export resources for the stock screens of the admin (export and the stock-level import).

Columns a manager can read: variants by their ID and article, warehouses by code and name, never database ids.
Imported stock goes through inventory.services.correct_stock (row lock, ledger line), never Model.save.
"""

from import_export import fields, resources, widgets

from catalog.models import Variant
from config.spreadsheet_import import RowLimitResource

from . import services
from .models import StockLevel, StockMovement, Warehouse

VARIANT_ID, ARTICLE, PRODUCT = "Код варианта", "Артикул", "Наименование"
WAREHOUSE_CODE, WAREHOUSE_NAME = "Код склада", "Склад"
IMPORT_REASON = "Импорт остатков из файла"


class QuantityWidget(widgets.DecimalWidget):
    """Quantities as plain numbers ("5", "2.5"): the locale-formatted "5,000" of the default reads as five thousand."""

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        text = format(value.normalize(), "f")
        return text if self.coerce_to_string else value


def quantity(name: str, readonly: bool = False) -> fields.Field:
    return fields.Field(attribute=name, column_name=name, widget=QuantityWidget(), readonly=readonly)


class WarehouseResource(RowLimitResource):
    class Meta:
        model = Warehouse
        fields = ["code", "name", "type", "city", "address", "is_default", "online", "public"]
        export_order = fields


class StockLevelResource(RowLimitResource):
    """One row per variant and warehouse; importing sets the total (and, if given, defective and expired)."""

    variant = fields.Field(
        attribute="variant",
        column_name=VARIANT_ID,
        widget=widgets.ForeignKeyWidget(Variant, field="public_id"),
    )
    article = fields.Field(attribute="variant__article", column_name=ARTICLE, readonly=True)
    product = fields.Field(attribute="variant__product__short_name", column_name=PRODUCT, readonly=True)
    warehouse = fields.Field(
        attribute="warehouse",
        column_name=WAREHOUSE_CODE,
        widget=widgets.ForeignKeyWidget(Warehouse, field="code"),
    )
    warehouse_name = fields.Field(attribute="warehouse__name", column_name=WAREHOUSE_NAME, readonly=True)
    # The reserve belongs to reservations: exported for reading, never imported.
    reserved = quantity("reserved", readonly=True)
    total = quantity("total")
    defective = quantity("defective")

    class Meta:
        model = StockLevel
        import_id_fields = ["variant", "warehouse"]
        fields = ["variant", "article", "product", "warehouse", "warehouse_name", "total", "reserved", "defective"]
        export_order = fields
        skip_unchanged = True
        report_skipped = True

    def get_queryset(self):
        return super().get_queryset().select_related("variant__product", "warehouse")

    def save_instance(self, instance, is_create, row, **kwargs):
        # The correction service locks the row, writes the ledger line and refuses a total below the reserve.
        # A dry run calls it too, inside the transaction import-export rolls back.
        user = kwargs.get("user")
        saved = services.correct_stock(
            variant_id=instance.variant_id,
            warehouse_id=instance.warehouse_id,
            reason=IMPORT_REASON,
            source=StockMovement.Source.USER,
            user_login=user.get_username() if user else "",
            total=instance.total,
            defective=instance.defective,
        )
        instance.pk = saved.pk


class StockMovementResource(resources.ModelResource):
    """The stock ledger, export only."""

    variant = fields.Field(attribute="variant__public_id", column_name=VARIANT_ID)
    warehouse = fields.Field(attribute="warehouse_code", column_name=WAREHOUSE_CODE)
    delta_total = quantity("delta_total")
    delta_reserved = quantity("delta_reserved")
    delta_defective = quantity("delta_defective")
    delta_defective_reserved = quantity("delta_defective_reserved")
    delta_expired = quantity("delta_expired")

    class Meta:
        model = StockMovement
        fields = [
            "created_at",
            "variant",
            "warehouse",
            "delta_total",
            "delta_reserved",
            "delta_defective",
            "delta_defective_reserved",
            "delta_expired",
            "source",
            "user_login",
            "reason",
            "reference",
        ]
        export_order = fields

    def get_queryset(self):
        return super().get_queryset().select_related("variant")
