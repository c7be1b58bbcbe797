from django.db import models

QUANTITY = {"max_digits": 14, "decimal_places": 3, "default": 0}


class Warehouse(models.Model):
    """A store or warehouse holding stock; stores are also what IMSHOP shows to buyers."""

    class Type(models.TextChoices):
        FULFILLMENT = "FULFILLMENT", "Фулфилмент (WMS)"
        STORE = "STORE", "Магазин"
        WAREHOUSE = "WAREHOUSE", "Склад"

    code = models.CharField("warehouseCode", max_length=64, unique=True)
    name = models.CharField(max_length=255)
    type = models.CharField(max_length=20, choices=Type.choices, default=Type.WAREHOUSE)
    is_default = models.BooleanField(
        default=False, help_text="Where stockTotal goes when a variant's stock names no warehouse"
    )
    address = models.CharField(max_length=500, blank=True, default="")
    city = models.CharField(max_length=255, blank=True, default="", db_index=True)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    online = models.BooleanField(default=False, help_text="An online-shop warehouse delivering to cities")
    public = models.BooleanField(default=True, help_text="Shown to buyers")
    subway = models.CharField(max_length=255, blank=True, default="")
    mall = models.CharField(max_length=255, blank=True, default="")
    delivery_cities = models.JSONField(default=list, blank=True, help_text="Cities an online warehouse serves")
    price_type = models.ForeignKey(
        "catalog.PriceType", null=True, blank=True, on_delete=models.SET_NULL, help_text="Own prices, if any"
    )

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.name} [{self.code}]"


class StockLevel(models.Model):
    """Stock of one variant in one warehouse. Changed only through inventory.services."""

    variant = models.ForeignKey("catalog.Variant", on_delete=models.CASCADE, related_name="stock_levels")
    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="stock_levels")
    total = models.DecimalField("stockTotal", **QUANTITY)
    reserved = models.DecimalField("stockReserved", **QUANTITY)
    defective = models.DecimalField("stockDefective", **QUANTITY)
    defective_reserved = models.DecimalField("stockDefectiveReserved", **QUANTITY)
    expired = models.DecimalField("stockExpired", **QUANTITY)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["warehouse_id"]
        constraints = [
            models.UniqueConstraint(fields=["variant", "warehouse"], name="uniq_stock_variant_warehouse"),
            models.CheckConstraint(condition=models.Q(reserved__gte=0), name="stock_reserved_not_negative"),
        ]
        indexes = [models.Index(fields=["updated_at", "id"], name="stock_updated_idx")]

    def __str__(self):
        return f"{self.variant_id}@{self.warehouse_id}: {self.total}"

    @property
    def available(self):
        return self.total - self.reserved


class StockMovement(models.Model):
    """The stock ledger: every change of a stock level, with who, why and from where."""

    class Source(models.TextChoices):
        API = "API", "API"
        USER = "USER", "Пользователь"
        WMS = "WMS", "WMS"
        XLS = "XLS", "Импорт"
        SYSTEM = "SYSTEM", "Система"

    variant = models.ForeignKey("catalog.Variant", on_delete=models.CASCADE, related_name="+")
    # A warehouse without stock may be deleted; its ledger lines stay, naming it by code.
    warehouse = models.ForeignKey(Warehouse, null=True, on_delete=models.SET_NULL, related_name="+")
    warehouse_code = models.CharField(max_length=64, blank=True, default="")
    delta_total = models.DecimalField(max_digits=14, decimal_places=3, default=0)
    delta_reserved = models.DecimalField(max_digits=14, decimal_places=3, default=0)
    delta_defective = models.DecimalField(max_digits=14, decimal_places=3, default=0)
    delta_defective_reserved = models.DecimalField(max_digits=14, decimal_places=3, default=0)
    delta_expired = models.DecimalField(max_digits=14, decimal_places=3, default=0)
    reason = models.CharField(max_length=255, blank=True, default="")
    source = models.CharField(max_length=10, choices=Source.choices)
    user_login = models.CharField(max_length=150, blank=True, default="")
    reference = models.CharField(max_length=255, blank=True, default="", help_text="Order id, document...")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.variant_id}@{self.warehouse_id} {self.delta_total:+}"


class Reservation(models.Model):
    """Stock held for one order. Reserved all or nothing; released, confirmed (shipped) or expired."""

    class Status(models.TextChoices):
        ACTIVE = "ACTIVE", "Активен"
        CONFIRMED = "CONFIRMED", "Отгружен"
        RELEASED = "RELEASED", "Снят"
        EXPIRED = "EXPIRED", "Истёк"

    order_id = models.CharField(max_length=255, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE, db_index=True)
    requested = models.JSONField(default=list, help_text="The items as asked, to recognise a retry")
    source = models.CharField(max_length=10, default="API")
    user_login = models.CharField(max_length=150, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["status", "expires_at"], name="reservation_expiry_idx")]

    def __str__(self):
        return f"{self.order_id} ({self.status})"


class ReservationLine(models.Model):
    reservation = models.ForeignKey(Reservation, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey("catalog.Variant", on_delete=models.CASCADE, related_name="+")
    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(max_digits=14, decimal_places=3)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.variant_id}@{self.warehouse_id} x{self.quantity}"


class Lot(models.Model):
    """Batch-accounting stock: one lot (batch) of a variant in a warehouse."""

    variant = models.ForeignKey("catalog.Variant", on_delete=models.CASCADE, related_name="lots")
    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="lots")
    number = models.CharField("batchAccountingNumber", max_length=255)
    production_date = models.DateField(null=True, blank=True)
    expiration_date = models.DateField(null=True, blank=True)
    manufacturer = models.CharField(max_length=255, blank=True, default="")
    manufacturer_requisites = models.CharField(max_length=500, blank=True, default="")
    quantity = models.DecimalField("available", **QUANTITY)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["variant_id", "number", "id"]
        constraints = [
            models.UniqueConstraint(fields=["variant", "warehouse", "number"], name="uniq_lot_variant_warehouse_number")
        ]

    def __str__(self):
        return f"{self.number} ({self.variant_id}@{self.warehouse_id}: {self.quantity})"


class UniqueNumber(models.Model):
    """A unique item number (Честный знак / UIT) of a variant: loaded, reserved for a document, used."""

    class Type(models.TextChoices):
        UIT = "UIT", "УИТ (Честный знак)"

    class DocType(models.TextChoices):
        PURCHASE_ORDER = "PURCHASE_ORDER", "Поставка"
        PHYSICAL_SET_ORDER = "PHYSICAL_SET_ORDER", "Комплектация"

    variant = models.ForeignKey("catalog.Variant", on_delete=models.CASCADE, related_name="unique_numbers")
    number = models.CharField("uniqueNumber", max_length=1000, unique=True)
    type = models.CharField(max_length=20, choices=Type.choices, default=Type.UIT)
    is_reserved = models.BooleanField(default=False)
    is_used = models.BooleanField(default=False)
    disabled = models.BooleanField(default=False)
    purchase_order = models.CharField(max_length=255, blank=True, default="")
    physical_set = models.CharField(max_length=255, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    reserved_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["variant", "type", "is_reserved", "is_used"], name="unique_number_free_idx"),
        ]

    def __str__(self):
        return f"{self.number} [{self.type}]"
