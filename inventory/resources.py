"""django-import-export resources for the stock screens of the admin (export and the stock-level import).

Columns a manager can read: variants by their ID and article, warehouses by code and name, never database ids.
Imported stock goes through inventory.services.correct_stock (row lock, ledger line), never Model.save.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from import_export import fields, resources, widgets

from catalog import cells
from catalog.models import PriceType, Variant
from config.kernel.errors import DomainError
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


class YesNoWidget(widgets.BooleanWidget):
    """ "да"/"нет" (and 1/0, true/false) in, "да"/"нет" out; a blank cell is "нет"."""

    def clean(self, value, row=None, **kwargs):
        try:
            return bool(cells.boolean(value))
        except ValueError as error:
            raise ValueError(str(error)) from None

    def render(self, value, obj=None, **kwargs):
        return cells.YES if value else cells.NO


def flag(name: str) -> fields.Field:
    return fields.Field(attribute=name, column_name=name, widget=YesNoWidget())


class WarehouseResource(RowLimitResource):
    """Warehouses identified by their code (never a database id); every row is written by
    inventory.services.save_warehouse, so one default warehouse is kept. A file marking two rows default is
    refused: the second such row is an error naming the first, and nothing is written."""

    is_default = flag("is_default")
    online = flag("online")
    public = flag("public")
    price_type = fields.Field(
        attribute="price_type",
        column_name="price_type",
        widget=widgets.ForeignKeyWidget(PriceType, field="code"),
    )

    class Meta:
        model = Warehouse
        import_id_fields = ["code"]
        fields = ["code", "name", "type", "city", "address", "is_default", "online", "public", "price_type"]
        export_order = fields
        skip_unchanged = True
        report_skipped = True

    def get_queryset(self):
        return super().get_queryset().select_related("price_type")

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.default_row: int | None = None

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if "is_default" in row and cells.boolean(row["is_default"]):
            number = kwargs.get("row_number")
            if self.default_row is not None:
                raise ValidationError(
                    {"is_default": f"основным может быть только один склад: он уже указан в строке {self.default_row}"}
                )
            self.default_row = number

    def save_instance(self, instance, is_create, row, **kwargs):
        # The service keeps a single default warehouse; a dry run calls it too, inside the rolled-back transaction.
        data = {name: getattr(instance, name) for name in self._meta.fields}
        try:
            saved, _ = services.save_warehouse(data=data)
        except DomainError as error:
            raise ValidationError({NON_FIELD_ERRORS: [error.message]}) from None
        instance.pk = saved.pk


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
