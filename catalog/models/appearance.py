from django.db import models
from django.utils.translation import gettext_lazy as _


class FeatureAppearance(models.Model):
    """How one option value of one product looks on a storefront: a colour code and/or an image URL.

    Kept by option code and value (like VariantOption), so it works for values outside the dictionary.
    """

    product = models.ForeignKey(
        "catalog.Product", verbose_name=_("product"), on_delete=models.CASCADE, related_name="feature_appearances"
    )
    feature_code = models.CharField(_("option code"), max_length=100)
    value = models.CharField(_("value"), max_length=500)
    color_code = models.CharField(_("colour code"), max_length=50, blank=True, default="")
    image_url = models.URLField(_("image URL"), max_length=1000, blank=True, default="")

    class Meta:
        verbose_name = _("option appearance")
        verbose_name_plural = _("option appearances")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["product", "feature_code", "value"], name="uniq_feature_appearance")
        ]

    def __str__(self):
        return f"{self.feature_code}={self.value}: {self.color_code}"
