from django.db import models

from .common import TimestampedModel, public_id_field

DIMENSION = {"max_digits": 12, "decimal_places": 3, "null": True, "blank": True}


class Variant(TimestampedModel):
    """A variant is the real SKU: it has barcodes, prices, weight, dimensions and stock."""

    class DiscountType(models.TextChoices):
        PERCENT = "PERCENT", "Процент"
        FIX = "FIX", "Фиксированная"

    public_id = public_id_field()
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="variants")
    ext_id = models.CharField(max_length=255, blank=True, null=True, db_index=True)
    ext_id2 = models.CharField(max_length=255, blank=True, null=True)
    ext_id3 = models.CharField(max_length=255, blank=True, null=True)
    ext_id4 = models.CharField(max_length=255, blank=True, null=True)
    ext_id5 = models.CharField(max_length=255, blank=True, null=True)
    article = models.CharField("артикул", max_length=255, blank=True, null=True, db_index=True)
    ordering = models.DecimalField(max_digits=30, decimal_places=15, default=0)
    default_image = models.CharField(max_length=100, blank=True, null=True, help_text="Image id of the product")
    weight = models.DecimalField("weight, g", **DIMENSION)
    height = models.DecimalField("height, cm", **DIMENSION)
    width = models.DecimalField("width, cm", **DIMENSION)
    depth = models.DecimalField("depth, cm", **DIMENSION)
    weight_fact = models.DecimalField("weight by the warehouse, g", **DIMENSION)
    height_fact = models.DecimalField(**DIMENSION)
    width_fact = models.DecimalField(**DIMENSION)
    depth_fact = models.DecimalField(**DIMENSION)
    can_be_rotated = models.BooleanField(null=True, blank=True)
    is_ff_synchronised = models.BooleanField(default=False)
    ff_sync_error = models.TextField(blank=True, null=True)
    is_physical_set = models.BooleanField(default=False)
    is_ff_physical_set_synchronized = models.BooleanField(default=False)
    ff_physical_set_sync_error = models.TextField(blank=True, null=True)
    discount_percent = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    discount_fix = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    discount_type = models.CharField(max_length=10, choices=DiscountType.choices, blank=True, null=True)
    discount_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    bundle_optional_count = models.PositiveIntegerField(default=0)
    auto_price_calculation = models.BooleanField(default=False)
    auto_dimensions_calculation = models.BooleanField(default=False)

    class Meta:
        verbose_name = "вариант"
        verbose_name_plural = "варианты"
        ordering = ["ordering", "id"]
        indexes = [
            # Storefront filters WEIGHT / SIZE_* (catalog/filtering.py).
            models.Index(fields=["weight"], name="variant_weight_idx"),
            models.Index(fields=["width"], name="variant_width_idx"),
            models.Index(fields=["height"], name="variant_height_idx"),
            models.Index(fields=["depth"], name="variant_depth_idx"),
        ]

    def __str__(self):
        return f"{self.article or self.public_id} [{self.public_id}]"


class PriceType(models.Model):
    """A price list ("Розничная цена", "Цена до скидки", wholesale ...), addressed by its code."""

    class Role(models.TextChoices):
        RETAIL = "RETAIL", "Цена продажи (price)"
        OLD = "OLD", "Старая цена (oldPrice)"
        OTHER = "OTHER", "Другая"

    code = models.CharField(max_length=100, unique=True)
    name = models.CharField(max_length=255)
    role = models.CharField(
        max_length=10,
        choices=Role.choices,
        default=Role.OTHER,
        help_text="Which deprecated field (price / oldPrice) this price type feeds",
    )

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.name


class VariantPrice(models.Model):
    variant = models.ForeignKey(Variant, on_delete=models.CASCADE, related_name="prices")
    price_type = models.ForeignKey(PriceType, on_delete=models.PROTECT, related_name="+", verbose_name="тип цены")
    value = models.DecimalField("цена", max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = "цена"
        verbose_name_plural = "цены"
        constraints = [models.UniqueConstraint(fields=["variant", "price_type"], name="uniq_variant_price_type")]
        indexes = [models.Index(fields=["price_type", "value"], name="price_type_value_idx")]

    def __str__(self):
        return f"{self.price_type_id}: {self.value}"


class Barcode(models.Model):
    class Type(models.TextChoices):
        COMMON = "COMMON", "Обычный"
        WILDBERRIES = "WILDBERRIES", "Wildberries"
        OZON = "OZON", "Ozon"
        YANDEX = "YANDEX", "Яндекс"

    variant = models.ForeignKey(Variant, on_delete=models.CASCADE, related_name="barcodes")
    value = models.CharField("штрихкод", max_length=100, unique=True, help_text="Уникален во всем каталоге")
    is_default = models.BooleanField("основной", default=False)
    type = models.CharField("тип", max_length=20, choices=Type.choices, default=Type.COMMON)

    class Meta:
        verbose_name = "штрихкод"
        verbose_name_plural = "штрихкоды"
        ordering = ["-is_default", "id"]

    def __str__(self):
        return self.value
