from django.db import models
from django.utils.translation import gettext_lazy as _

from .attributes import ValueType


class Feature(models.Model):
    """An option (feature) that distinguishes variants: size, colour ... The dictionary."""

    public_id = models.CharField(_("ID"), max_length=64, unique=True)
    code = models.CharField(_("code"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=255, blank=True, default="")
    title_plural = models.CharField(_("title (plural)"), max_length=255, blank=True, default="")
    type = models.CharField(_("type"), max_length=10, choices=ValueType.choices, default=ValueType.STRING)
    ordering = models.IntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["ordering", "id"]

    def __str__(self):
        return f"{self.title or self.code} ({self.code})"


class FeatureValue(models.Model):
    feature = models.ForeignKey(Feature, verbose_name=_("option"), on_delete=models.CASCADE, related_name="values")
    string_value = models.CharField(_("text value"), max_length=500, blank=True, null=True)
    decimal_value = models.DecimalField(_("number value"), max_digits=20, decimal_places=6, null=True, blank=True)
    ordering = models.IntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("option value")
        verbose_name_plural = _("option values")
        ordering = ["ordering", "id"]

    def __str__(self):
        return str(self.string_value if self.string_value is not None else self.decimal_value)


class VariantOption(models.Model):
    """An option value used by a variant. Kept by code and value: a variant may use a value (even an
    option) that is not in the dictionary, and it does not enter the dictionary."""

    variant = models.ForeignKey(
        "catalog.Variant", verbose_name=_("variant"), on_delete=models.CASCADE, related_name="options"
    )
    code = models.CharField(_("option code"), max_length=100)
    name = models.CharField(_("name"), max_length=255, blank=True, null=True)
    string_value = models.CharField(_("text value"), max_length=500, blank=True, null=True)
    decimal_value = models.DecimalField(_("number value"), max_digits=20, decimal_places=6, null=True, blank=True)

    class Meta:
        verbose_name = _("variant option")
        verbose_name_plural = _("variant options")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["variant", "code"], name="uniq_variant_option_code")]
        indexes = [
            models.Index(fields=["code", "string_value"], name="variant_option_string_idx"),
            models.Index(fields=["code", "decimal_value"], name="variant_option_decimal_idx"),
        ]

    def __str__(self):
        return f"{self.code}={self.value}"

    @property
    def value(self):
        return self.string_value if self.string_value is not None else self.decimal_value


class ProductOptionOrder(models.Model):
    """The order of option values within one product (POST /product/options/reorder)."""

    product = models.ForeignKey(
        "catalog.Product", verbose_name=_("product"), on_delete=models.CASCADE, related_name="option_orders"
    )
    code = models.CharField(_("option code"), max_length=100)
    value = models.CharField(_("value"), max_length=500)
    position = models.IntegerField(
        _("position"),
    )

    class Meta:
        verbose_name = _("option value order")
        verbose_name_plural = _("option value orders")
        ordering = ["code", "position"]
        constraints = [models.UniqueConstraint(fields=["product", "code", "value"], name="uniq_product_option_order")]

    def __str__(self):
        return f"{self.code}={self.value} #{self.position}"
