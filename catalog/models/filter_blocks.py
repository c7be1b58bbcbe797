from django.db import models
from django.utils.translation import gettext_lazy as _

from .common import public_id_field


class FilterBlock(models.Model):
    """A block of search filters shown for one collection (GET /products/filters).

    CUSTOMER blocks are configured by hand (API or admin); CLIENT blocks list every field and value and are
    rebuilt by the periodic task `recompute_filter_values_task`."""

    class Type(models.TextChoices):
        ATTRIBUTES = "ATTRIBUTES", _("Attributes")
        FEATURES = "FEATURES", _("Options")
        OTHER = "OTHER", _("Other fields")

    class Mode(models.TextChoices):
        CUSTOMER = "CUSTOMER", _("For buyers (by hand)")
        CLIENT = "CLIENT", _("For the seller (automatic)")

    public_id = public_id_field()
    collection = models.ForeignKey(
        "catalog.Collection", verbose_name=_("collection"), on_delete=models.CASCADE, related_name="filter_blocks"
    )
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.CUSTOMER)
    ordering = models.IntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("filter block")
        verbose_name_plural = _("filter blocks")
        ordering = ["ordering", "id"]
        indexes = [models.Index(fields=["collection", "mode", "ordering"], name="filter_block_lookup_idx")]

    def __str__(self):
        return f"{self.get_type_display()} [{self.public_id}]"


class FilterType(models.TextChoices):
    PRICE = "PRICE", _("Price")
    STOCK_AVAILABLE = "STOCK_AVAILABLE", _("In stock")
    # The public spec's SIZE: one filter with the three dimension fields (size_width, size_depth, size_height).
    SIZE = "SIZE", _("Size (width, depth, height)")
    SIZE_WIDTH = "SIZE_WIDTH", _("Width")
    SIZE_DEPTH = "SIZE_DEPTH", _("Depth")
    SIZE_HEIGHT = "SIZE_HEIGHT", _("Height")
    WEIGHT = "WEIGHT", _("Weight")
    COUNTRY_OF_ORIGIN = "COUNTRY_OF_ORIGIN", _("Country of origin")
    ATTRIBUTES = "ATTRIBUTES", _("Attributes")
    FEATURES = "FEATURES", _("Options")
    DISCOUNT_AVAILABLE = "DISCOUNT_AVAILABLE", _("On discount")
    IS_NOVELTY = "IS_NOVELTY", _("New arrival")
    BRAND = "BRAND", _("Brand")
    IS_BESTSELLER = "IS_BESTSELLER", _("Bestseller")


class BlockFilter(models.Model):
    block = models.ForeignKey(
        FilterBlock, verbose_name=_("filter block"), on_delete=models.CASCADE, related_name="filters"
    )
    type = models.CharField(_("type"), max_length=20, choices=FilterType.choices)
    enabled = models.BooleanField(_("visible in the storefront"), default=True)
    ordering = models.IntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("filter")
        verbose_name_plural = _("filters")
        ordering = ["ordering", "id"]

    def __str__(self):
        return self.get_type_display()


class FilterField(models.Model):
    """A field of a filter: `name` is what the filter language addresses (attribute code, option code,
    or the OTHER field name such as `price`); the values are those offered to the buyer."""

    class Type(models.TextChoices):
        STRING = "string", _("Text")
        DECIMAL = "decimal", _("Number")
        BOOLEAN = "boolean", _("Yes/no")

    filter = models.ForeignKey(BlockFilter, verbose_name=_("filter"), on_delete=models.CASCADE, related_name="fields")
    name = models.CharField(_("name"), max_length=100)
    name_readable = models.CharField(_("readable name"), max_length=255, blank=True, default="")
    type = models.CharField(_("type"), max_length=10, choices=Type.choices, default=Type.STRING)
    ordering = models.IntegerField(_("sort order"), default=0)
    string_values = models.JSONField(_("text values"), default=list, blank=True)
    decimal_values = models.JSONField(
        _("number values"), default=list, blank=True, help_text=_("Numbers kept as decimal strings")
    )

    class Meta:
        verbose_name = _("filter field")
        verbose_name_plural = _("filter fields")
        ordering = ["ordering", "id"]

    def __str__(self):
        return self.name
