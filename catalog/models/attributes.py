from django.db import models
from django.utils.translation import gettext_lazy as _


class ValueType(models.TextChoices):
    STRING = "string", _("Text")
    DECIMAL = "decimal", _("Number")


class Attribute(models.Model):
    """An attribute of products (material, strength ...): the account-wide dictionary."""

    public_id = models.CharField(_("ID"), max_length=64, unique=True)
    code = models.CharField(_("code"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=255)
    type = models.CharField(_("type"), max_length=10, choices=ValueType.choices, default=ValueType.STRING)
    ordering = models.IntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("attribute")
        verbose_name_plural = _("attributes")
        ordering = ["ordering", "id"]

    def __str__(self):
        return f"{self.title} ({self.code})"


class AttributeValue(models.Model):
    """A value offered in the attribute dictionary."""

    attribute = models.ForeignKey(
        Attribute, verbose_name=_("attribute"), on_delete=models.CASCADE, related_name="values"
    )
    string_value = models.CharField(_("text value"), max_length=500, blank=True, null=True)
    decimal_value = models.DecimalField(_("number value"), max_digits=20, decimal_places=6, null=True, blank=True)
    ordering = models.IntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("attribute value")
        verbose_name_plural = _("attribute values")
        ordering = ["ordering", "id"]

    def __str__(self):
        return str(self.string_value if self.string_value is not None else self.decimal_value)


class ProductAttribute(models.Model):
    """The value of one attribute on one product."""

    product = models.ForeignKey(
        "catalog.Product", verbose_name=_("product"), on_delete=models.CASCADE, related_name="attribute_values"
    )
    attribute = models.ForeignKey(
        Attribute, verbose_name=_("attribute"), on_delete=models.PROTECT, related_name="product_values"
    )
    string_value = models.CharField(_("text value"), max_length=500, blank=True, null=True)
    decimal_value = models.DecimalField(_("number value"), max_digits=20, decimal_places=6, null=True, blank=True)
    ordering = models.IntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("product attribute")
        verbose_name_plural = _("product attributes")
        ordering = ["ordering", "id"]
        constraints = [models.UniqueConstraint(fields=["product", "attribute"], name="uniq_product_attribute")]
        indexes = [
            models.Index(fields=["attribute", "string_value"], name="product_attr_string_idx"),
            models.Index(fields=["attribute", "decimal_value"], name="product_attr_decimal_idx"),
        ]

    def __str__(self):
        return f"{self.attribute_id}={self.string_value or self.decimal_value}"


class AccountingAttribute(models.Model):
    """Accounting attributes (e.g. Честный знак) checked when goods are shipped."""

    public_id = models.CharField(_("ID"), max_length=64, unique=True)
    code = models.CharField(_("code"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=255)

    class Meta:
        verbose_name = _("accounting attribute")
        verbose_name_plural = _("accounting attributes")
        ordering = ["id"]

    def __str__(self):
        return f"{self.title} ({self.code})"


class AccountingAttributeValue(models.Model):
    attribute = models.ForeignKey(
        AccountingAttribute, verbose_name=_("attribute"), on_delete=models.CASCADE, related_name="values"
    )
    string_value = models.CharField(_("text value"), max_length=500)

    class Meta:
        verbose_name = _("accounting attribute value")
        verbose_name_plural = _("accounting attribute values")
        ordering = ["id"]

    def __str__(self):
        return self.string_value


class ProductAccountingAttribute(models.Model):
    product = models.ForeignKey(
        "catalog.Product", verbose_name=_("product"), on_delete=models.CASCADE, related_name="accounting_values"
    )
    attribute = models.ForeignKey(
        AccountingAttribute, verbose_name=_("attribute"), on_delete=models.PROTECT, related_name="product_values"
    )
    string_value = models.CharField(_("text value"), max_length=500, blank=True, default="")

    class Meta:
        verbose_name = _("product accounting attribute")
        verbose_name_plural = _("product accounting attributes")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["product", "attribute"], name="uniq_product_accounting_attribute")
        ]

    def __str__(self):
        return f"{self.attribute_id}={self.string_value}"
