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
    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="+")
    delta_total = models.DecimalField(max_digits=14, decimal_places=3, default=0)
    delta_reserved = models.DecimalField(max_digits=14, decimal_places=3, default=0)
    delta_defective = models.DecimalField(max_digits=14, decimal_places=3, default=0)
    delta_defective_reserved = models.DecimalField(max_digits=14, decimal_places=3, default=0)
    delta_expired = models.DecimalField(max_digits=14, decimal_places=3, default=0)
    reason = models.CharField(max_length=255, blank=True, default="")
    source = models.CharField(max_length=10, choices=Source.choices)
    user_login = models.CharField(max_length=150, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.variant_id}@{self.warehouse_id} {self.delta_total:+}"
