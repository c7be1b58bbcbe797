from django.db import models


class ValueType(models.TextChoices):
    STRING = "string", "Строка"
    DECIMAL = "decimal", "Число"


class Attribute(models.Model):
    """An attribute of products (material, strength ...): the account-wide dictionary."""

    public_id = models.CharField("id", max_length=64, unique=True)
    code = models.CharField(max_length=100, unique=True)
    title = models.CharField(max_length=255)
    type = models.CharField(max_length=10, choices=ValueType.choices, default=ValueType.STRING)
    ordering = models.IntegerField(default=0)

    class Meta:
        ordering = ["ordering", "id"]

    def __str__(self):
        return f"{self.title} ({self.code})"


class AttributeValue(models.Model):
    """A value offered in the attribute dictionary."""

    attribute = models.ForeignKey(Attribute, on_delete=models.CASCADE, related_name="values")
    string_value = models.CharField(max_length=500, blank=True, null=True)
    decimal_value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    ordering = models.IntegerField(default=0)

    class Meta:
        ordering = ["ordering", "id"]

    def __str__(self):
        return str(self.string_value if self.string_value is not None else self.decimal_value)


class ProductAttribute(models.Model):
    """The value of one attribute on one product."""

    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="attribute_values")
    attribute = models.ForeignKey(Attribute, on_delete=models.PROTECT, related_name="product_values")
    string_value = models.CharField(max_length=500, blank=True, null=True)
    decimal_value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    ordering = models.IntegerField(default=0)

    class Meta:
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

    public_id = models.CharField("id", max_length=64, unique=True)
    code = models.CharField(max_length=100, unique=True)
    title = models.CharField(max_length=255)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.title} ({self.code})"


class AccountingAttributeValue(models.Model):
    attribute = models.ForeignKey(AccountingAttribute, on_delete=models.CASCADE, related_name="values")
    string_value = models.CharField(max_length=500)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.string_value


class ProductAccountingAttribute(models.Model):
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="accounting_values")
    attribute = models.ForeignKey(AccountingAttribute, on_delete=models.PROTECT, related_name="product_values")
    string_value = models.CharField(max_length=500, blank=True, default="")

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["product", "attribute"], name="uniq_product_accounting_attribute")
        ]

    def __str__(self):
        return f"{self.attribute_id}={self.string_value}"
