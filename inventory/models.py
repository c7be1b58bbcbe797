from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from config.kernel.numbers import format_number

from .available import available_quantity

QUANTITY = {"max_digits": 14, "decimal_places": 3, "default": 0}


class Warehouse(models.Model):
    """A store or warehouse holding stock; stores are also what IMSHOP shows to buyers."""

    class Type(models.TextChoices):
        FULFILLMENT = "FULFILLMENT", _("Fulfillment (WMS)")
        STORE = "STORE", _("Store")
        WAREHOUSE = "WAREHOUSE", _("Warehouse")

    code = models.CharField(_("warehouse code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=255)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices, default=Type.WAREHOUSE)
    is_default = models.BooleanField(
        _("default warehouse"),
        default=False,
        help_text=_("Where stockTotal goes when a variant's stock names no warehouse"),
    )
    address = models.CharField(_("address"), max_length=500, blank=True, default="")
    city = models.CharField(_("city"), max_length=255, blank=True, default="", db_index=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    online = models.BooleanField(
        _("online shop"), default=False, help_text=_("An online-shop warehouse delivering to cities")
    )
    public = models.BooleanField(_("shown to buyers"), default=True, help_text=_("Shown to buyers"))
    subway = models.CharField(_("metro station"), max_length=255, blank=True, default="")
    mall = models.CharField(_("shopping centre"), max_length=255, blank=True, default="")
    delivery_cities = models.JSONField(
        _("delivery cities"), default=list, blank=True, help_text=_("Cities an online warehouse serves")
    )
    price_type = models.ForeignKey(
        "catalog.PriceType",
        verbose_name=_("price type"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("Own prices, if any"),
    )

    class Meta:
        verbose_name = _("warehouse")
        verbose_name_plural = _("warehouses")
        ordering = ["id"]

    def __str__(self):
        # "Склад Москва (MSK)"; a warehouse without a name is named by its code alone.
        return f"{self.name} ({self.code})" if self.name else self.code


class StockLevel(models.Model):
    """Stock of one variant in one warehouse. Changed only through inventory.services."""

    variant = models.ForeignKey(
        "catalog.Variant", verbose_name=_("variant"), on_delete=models.CASCADE, related_name="stock_levels"
    )
    warehouse = models.ForeignKey(
        Warehouse, verbose_name=_("warehouse"), on_delete=models.PROTECT, related_name="stock_levels"
    )
    total = models.DecimalField(_("total"), **QUANTITY)
    reserved = models.DecimalField(_("reserved"), **QUANTITY)
    defective = models.DecimalField(_("defective"), **QUANTITY)
    defective_reserved = models.DecimalField(_("defective reserved"), **QUANTITY)
    expired = models.DecimalField(_("expired"), **QUANTITY)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("stock level")
        verbose_name_plural = _("stock levels")
        ordering = ["warehouse_id"]
        constraints = [
            models.UniqueConstraint(fields=["variant", "warehouse"], name="uniq_stock_variant_warehouse"),
            models.CheckConstraint(condition=models.Q(reserved__gte=0), name="stock_reserved_not_negative"),
        ]
        indexes = [models.Index(fields=["updated_at", "id"], name="stock_updated_idx")]

    def __str__(self):
        # Load with select_related("variant__product", "warehouse"): lists and titles name all three.
        return f"{self.variant.title()} — {self.warehouse.name}"

    @property
    def available(self):
        return available_quantity(self.total, self.reserved)  # the one definition (inventory.available)

    @property
    def over_reserved(self) -> bool:
        """The warehouse counted fewer goods than are reserved (its figure is accepted as the truth): some
        reservations cannot be shipped until stock arrives or they are released."""
        return self.reserved > self.total


class StockMovement(models.Model):
    """The stock ledger: every change of a stock level, with who, why and from where."""

    class Source(models.TextChoices):
        API = "API", _("API")
        USER = "USER", _("User")
        WMS = "WMS", _("WMS")
        XLS = "XLS", _("Import")
        SYSTEM = "SYSTEM", _("System")

    variant = models.ForeignKey(
        "catalog.Variant", verbose_name=_("variant"), on_delete=models.CASCADE, related_name="+"
    )
    # A warehouse without stock may be deleted; its ledger lines stay, naming it by code.
    warehouse = models.ForeignKey(
        Warehouse, verbose_name=_("warehouse"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    warehouse_code = models.CharField(_("warehouse code"), max_length=64, blank=True, default="")
    delta_total = models.DecimalField(_("total change"), max_digits=14, decimal_places=3, default=0)
    delta_reserved = models.DecimalField(_("reserve change"), max_digits=14, decimal_places=3, default=0)
    delta_defective = models.DecimalField(_("defective change"), max_digits=14, decimal_places=3, default=0)
    delta_defective_reserved = models.DecimalField(
        _("defective reserve change"), max_digits=14, decimal_places=3, default=0
    )
    delta_expired = models.DecimalField(_("expired change"), max_digits=14, decimal_places=3, default=0)
    reason = models.CharField(_("reason"), max_length=255, blank=True, default="")
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    user_login = models.CharField(_("user"), max_length=150, blank=True, default="")
    reference = models.CharField(
        _("document"), max_length=255, blank=True, default="", help_text=_("Order id, document...")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        # Load with select_related("variant__product", "warehouse"); a deleted warehouse is named by its code.
        warehouse = self.warehouse.name if self.warehouse else self.warehouse_code
        return f"{self.variant.title()} — {warehouse}: {format_number(self.delta_total, signed=True)}"


class Reservation(models.Model):
    """Stock held for one order. Reserved all or nothing; released, confirmed (shipped) or expired."""

    class Status(models.TextChoices):
        ACTIVE = "ACTIVE", _("Active")
        CONFIRMED = "CONFIRMED", _("Shipped")
        RELEASED = "RELEASED", _("Released")
        EXPIRED = "EXPIRED", _("Expired")

    order_id = models.CharField(_("order"), max_length=255, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE, db_index=True)
    requested = models.JSONField(
        _("requested items"), default=list, help_text=_("The items as asked, to recognise a retry")
    )
    source = models.CharField(_("source"), max_length=10, default="API")
    user_login = models.CharField(_("user"), max_length=150, blank=True, default="")
    # The order's promo code and customer: a use of the code is recorded when the reservation is confirmed.
    promo_code = models.CharField(_("promo code"), max_length=255, blank=True, default="")
    customer = models.CharField(_("customer"), max_length=255, blank=True, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)

    class Meta:
        verbose_name = _("reservation")
        verbose_name_plural = _("reservations")
        ordering = ["-id"]
        indexes = [models.Index(fields=["status", "expires_at"], name="reservation_expiry_idx")]

    def __str__(self):
        # "Заказ ORD-1 (Активен)": the status by its label in the active language.
        return gettext("Order %(order)s (%(status)s)") % {"order": self.order_id, "status": self.get_status_display()}


class ReservationLine(models.Model):
    reservation = models.ForeignKey(
        Reservation, verbose_name=_("reservation"), on_delete=models.CASCADE, related_name="lines"
    )
    variant = models.ForeignKey(
        "catalog.Variant", verbose_name=_("variant"), on_delete=models.CASCADE, related_name="+"
    )
    warehouse = models.ForeignKey(Warehouse, verbose_name=_("warehouse"), on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3)

    class Meta:
        verbose_name = _("reservation line")
        verbose_name_plural = _("reservation lines")
        ordering = ["id"]

    def __str__(self):
        # Load with select_related("variant__product", "warehouse"): "Кеды, арт. K-42 [1001] — Склад Москва × 2".
        return f"{self.variant.title()} — {self.warehouse.name} × {format_number(self.quantity)}"


class Lot(models.Model):
    """Batch-accounting stock: one lot (batch) of a variant in a warehouse."""

    variant = models.ForeignKey(
        "catalog.Variant", verbose_name=_("variant"), on_delete=models.CASCADE, related_name="lots"
    )
    warehouse = models.ForeignKey(Warehouse, verbose_name=_("warehouse"), on_delete=models.PROTECT, related_name="lots")
    number = models.CharField(_("lot number"), max_length=255)
    production_date = models.DateField(_("production date"), null=True, blank=True)
    expiration_date = models.DateField(_("expiration date"), null=True, blank=True)
    manufacturer = models.CharField(_("manufacturer"), max_length=255, blank=True, default="")
    manufacturer_requisites = models.CharField(_("manufacturer details"), max_length=500, blank=True, default="")
    quantity = models.DecimalField(_("available"), **QUANTITY)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        ordering = ["variant_id", "number", "id"]
        constraints = [
            models.UniqueConstraint(fields=["variant", "warehouse", "number"], name="uniq_lot_variant_warehouse_number")
        ]

    def __str__(self):
        # Load with select_related("variant__product", "warehouse").
        return f"{self.number}: {self.variant.title()} — {self.warehouse.name}"


class UniqueNumber(models.Model):
    """A unique item number (Честный знак / UIT) of a variant: loaded, reserved for a document, used."""

    class Type(models.TextChoices):
        UIT = "UIT", _("UIT (Chestny ZNAK)")

    class DocType(models.TextChoices):
        PURCHASE_ORDER = "PURCHASE_ORDER", _("Purchase order")
        PHYSICAL_SET_ORDER = "PHYSICAL_SET_ORDER", _("Set assembly")

    variant = models.ForeignKey(
        "catalog.Variant", verbose_name=_("variant"), on_delete=models.CASCADE, related_name="unique_numbers"
    )
    number = models.CharField(_("unique number"), max_length=1000, unique=True)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices, default=Type.UIT)
    is_reserved = models.BooleanField(_("reserved"), default=False)
    is_used = models.BooleanField(_("used"), default=False)
    disabled = models.BooleanField(_("disabled"), default=False)
    purchase_order = models.CharField(_("purchase order"), max_length=255, blank=True, default="")
    physical_set = models.CharField(_("set assembly"), max_length=255, blank=True, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    reserved_at = models.DateTimeField(_("reserved at"), null=True, blank=True)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("unique number")
        verbose_name_plural = _("unique numbers")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["variant", "type", "is_reserved", "is_used"], name="unique_number_free_idx"),
        ]

    def __str__(self):
        # Load with select_related("variant__product"): the number and whose it is.
        return f"{self.number} — {self.variant.title()}"


# Inventory stands below the catalog (docs/architecture.md): it names the catalog's models only by the string
# foreign keys above, and reaches them through those keys when it must look a variant or price type up.
def variant_model():
    return StockLevel._meta.get_field("variant").related_model


def price_type_model():
    return Warehouse._meta.get_field("price_type").related_model
