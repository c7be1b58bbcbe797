from django.db import models
from django.utils.translation import gettext_lazy as _


class Eshop(models.Model):
    """A sales channel integration (marketplace, shop) with its own external codes for goods."""

    public_id = models.CharField(_("ID"), max_length=64, unique=True)
    type = models.CharField(_("type"), max_length=50, help_text=_("BERU, OZON, WILDBERRIES ..."))
    name = models.CharField(_("name"), max_length=255)

    class Meta:
        verbose_name = _("sales channel")
        verbose_name_plural = _("sales channels")
        ordering = ["id"]

    def __str__(self):
        return self.name


class ProductEshopSetting(models.Model):
    product = models.ForeignKey(
        "catalog.Product", verbose_name=_("product"), on_delete=models.CASCADE, related_name="eshop_settings"
    )
    eshop = models.ForeignKey(Eshop, verbose_name=_("sales channel"), on_delete=models.CASCADE, related_name="+")
    enabled = models.BooleanField(_("enabled"), default=True)
    ext_id = models.CharField(_("external ID"), max_length=255, blank=True, null=True)

    class Meta:
        verbose_name = _("product sales channel setting")
        verbose_name_plural = _("product sales channel settings")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["product", "eshop"], name="uniq_product_eshop")]

    def __str__(self):
        return f"{self.eshop_id}: {self.ext_id}"


class VariantEshopSetting(models.Model):
    variant = models.ForeignKey(
        "catalog.Variant", verbose_name=_("variant"), on_delete=models.CASCADE, related_name="eshop_settings"
    )
    eshop = models.ForeignKey(Eshop, verbose_name=_("sales channel"), on_delete=models.CASCADE, related_name="+")
    enabled = models.BooleanField(_("enabled"), default=True)
    zero_stock = models.BooleanField(_("send zero stock"), default=False)
    ext_id = models.CharField(_("external ID"), max_length=255, blank=True, null=True)

    class Meta:
        verbose_name = _("variant sales channel setting")
        verbose_name_plural = _("variant sales channel settings")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["variant", "eshop"], name="uniq_variant_eshop")]

    def __str__(self):
        return f"{self.eshop_id}: {self.ext_id}"
