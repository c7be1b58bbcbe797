from django.db import models


class Eshop(models.Model):
    """A sales channel integration (marketplace, shop) with its own external codes for goods."""

    public_id = models.CharField("id", max_length=64, unique=True)
    type = models.CharField(max_length=50, help_text="BERU, OZON, WILDBERRIES ...")
    name = models.CharField(max_length=255)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.name


class ProductEshopSetting(models.Model):
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="eshop_settings")
    eshop = models.ForeignKey(Eshop, on_delete=models.CASCADE, related_name="+")
    enabled = models.BooleanField(default=True)
    ext_id = models.CharField(max_length=255, blank=True, null=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["product", "eshop"], name="uniq_product_eshop")]

    def __str__(self):
        return f"{self.eshop_id}: {self.ext_id}"


class VariantEshopSetting(models.Model):
    variant = models.ForeignKey("catalog.Variant", on_delete=models.CASCADE, related_name="eshop_settings")
    eshop = models.ForeignKey(Eshop, on_delete=models.CASCADE, related_name="+")
    enabled = models.BooleanField(default=True)
    zero_stock = models.BooleanField(default=False)
    ext_id = models.CharField(max_length=255, blank=True, null=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["variant", "eshop"], name="uniq_variant_eshop")]

    def __str__(self):
        return f"{self.eshop_id}: {self.ext_id}"
