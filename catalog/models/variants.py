from django.db import models
from django.utils.translation import gettext_lazy as _

from .common import TimestampedModel, public_id_field

DIMENSION = {"max_digits": 12, "decimal_places": 3, "null": True, "blank": True}


class Variant(TimestampedModel):
    """A variant is the real SKU: it has barcodes, prices, weight, dimensions and stock."""

    class DiscountType(models.TextChoices):
        PERCENT = "PERCENT", _("Percent")
        FIX = "FIX", _("Fixed")

    public_id = public_id_field()
    product = models.ForeignKey(
        "catalog.Product", verbose_name=_("product"), on_delete=models.CASCADE, related_name="variants"
    )
    ext_id = models.CharField(_("external ID"), max_length=255, blank=True, null=True, db_index=True)
    ext_id2 = models.CharField(_("external ID 2"), max_length=255, blank=True, null=True)
    ext_id3 = models.CharField(_("external ID 3"), max_length=255, blank=True, null=True)
    ext_id4 = models.CharField(_("external ID 4"), max_length=255, blank=True, null=True)
    ext_id5 = models.CharField(_("external ID 5"), max_length=255, blank=True, null=True)
    article = models.CharField(_("article"), max_length=255, blank=True, null=True, db_index=True)
    ordering = models.DecimalField(_("sort order"), max_digits=30, decimal_places=15, default=0)
    default_image = models.CharField(
        _("default image"), max_length=100, blank=True, null=True, help_text=_("Image id of the product")
    )
    weight = models.DecimalField(_("weight, g"), **DIMENSION)
    height = models.DecimalField(_("height, cm"), **DIMENSION)
    width = models.DecimalField(_("width, cm"), **DIMENSION)
    depth = models.DecimalField(_("depth, cm"), **DIMENSION)
    weight_fact = models.DecimalField(_("weight by the warehouse, g"), **DIMENSION)
    height_fact = models.DecimalField(_("height by the warehouse, cm"), **DIMENSION)
    width_fact = models.DecimalField(_("width by the warehouse, cm"), **DIMENSION)
    depth_fact = models.DecimalField(_("depth by the warehouse, cm"), **DIMENSION)
    can_be_rotated = models.BooleanField(_("can be rotated"), null=True, blank=True)
    is_ff_synchronised = models.BooleanField(_("synced with WMS"), default=False)
    ff_sync_error = models.TextField(_("WMS sync error"), blank=True, null=True)
    is_physical_set = models.BooleanField(_("set of products"), default=False)
    is_ff_physical_set_synchronized = models.BooleanField(_("set synced with WMS"), default=False)
    ff_physical_set_sync_error = models.TextField(_("WMS set sync error"), blank=True, null=True)
    discount_percent = models.DecimalField(_("discount, %"), max_digits=5, decimal_places=2, default=0)
    discount_fix = models.DecimalField(_("fixed discount"), max_digits=14, decimal_places=2, default=0)
    discount_type = models.CharField(
        _("discount type"), max_length=10, choices=DiscountType.choices, blank=True, null=True
    )
    discount_value = models.DecimalField(_("discount value"), max_digits=14, decimal_places=2, null=True, blank=True)
    bundle_optional_count = models.PositiveIntegerField(_("optional items in the set"), default=0)
    auto_price_calculation = models.BooleanField(_("calculate price automatically"), default=False)
    auto_dimensions_calculation = models.BooleanField(_("calculate dimensions automatically"), default=False)

    class Meta:
        verbose_name = _("variant")
        verbose_name_plural = _("variants")
        ordering = ["ordering", "id"]
        indexes = [
            # Storefront filters WEIGHT / SIZE_* (catalog/filtering.py).
            models.Index(fields=["weight"], name="variant_weight_idx"),
            models.Index(fields=["width"], name="variant_width_idx"),
            models.Index(fields=["height"], name="variant_height_idx"),
            models.Index(fields=["depth"], name="variant_depth_idx"),
        ]

    def __str__(self):
        # "арт. SKU-1 [1001]"; an article equal to the ID is not repeated ("1001", not "1001 [1001]").
        if self.article and self.article != self.public_id:
            return f"{self.article} [{self.public_id}]"
        return str(self.public_id)

    def title(self) -> str:
        """The variant as a manager names it: the product's name and the article (needs `product` loaded)."""
        return f"{self.product.short_name or self.product.public_id}, {self}"


class PriceType(models.Model):
    """A price list ("Розничная цена", "Цена до скидки", wholesale ...), addressed by its code."""

    class Role(models.TextChoices):
        RETAIL = "RETAIL", _("Sale price (price)")
        OLD = "OLD", _("Old price (oldPrice)")
        OTHER = "OTHER", _("Other")

    code = models.CharField(_("code"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=255)
    role = models.CharField(
        _("role"),
        max_length=10,
        choices=Role.choices,
        default=Role.OTHER,
        help_text=_("Which deprecated field (price / oldPrice) this price type feeds"),
    )

    class Meta:
        verbose_name = _("price type")
        verbose_name_plural = _("price types")
        ordering = ["id"]

    def __str__(self):
        return self.name


class VariantPrice(models.Model):
    variant = models.ForeignKey(Variant, verbose_name=_("variant"), on_delete=models.CASCADE, related_name="prices")
    price_type = models.ForeignKey(PriceType, verbose_name=_("price type"), on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("price"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("price")
        verbose_name_plural = _("prices")
        constraints = [models.UniqueConstraint(fields=["variant", "price_type"], name="uniq_variant_price_type")]
        indexes = [models.Index(fields=["price_type", "value"], name="price_type_value_idx")]

    def __str__(self):
        return f"{self.price_type_id}: {self.value}"


class Barcode(models.Model):
    class Type(models.TextChoices):
        COMMON = "COMMON", _("Common")
        WILDBERRIES = "WILDBERRIES", _("Wildberries")
        OZON = "OZON", _("Ozon")
        YANDEX = "YANDEX", _("Yandex")

    variant = models.ForeignKey(Variant, verbose_name=_("variant"), on_delete=models.CASCADE, related_name="barcodes")
    value = models.CharField(_("barcode"), max_length=100, unique=True, help_text=_("Unique across the whole catalog"))
    is_default = models.BooleanField(_("default"), default=False)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices, default=Type.COMMON)

    class Meta:
        verbose_name = _("barcode")
        verbose_name_plural = _("barcodes")
        ordering = ["-is_default", "id"]

    def __str__(self):
        return self.value
