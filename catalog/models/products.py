from django.db import models
from django.utils.translation import gettext_lazy as _

from .common import TimestampedModel, public_id_field


def sellable_q(prefix: str = "") -> models.Q:
    """Products (prefix "") or rows reaching a product by `prefix` ("product__", "variant__product__") that a
    storefront or channel may offer: on sale and not archived."""
    return models.Q(**{f"{prefix}available": True, f"{prefix}deleted": False})


class ProductQuerySet(models.QuerySet):
    def current(self):
        """Not archived: what customers may see (and review) when they know the id."""
        return self.filter(deleted=False)

    def sellable(self):
        """On sale and not archived."""
        return self.filter(sellable_q())


class Product(TimestampedModel):
    """A product groups variants (the real SKUs) and carries the shared fields."""

    class Type(models.TextChoices):
        SKU = "SKU", _("Product")
        PHYSICAL_SET = "PHYSICAL_SET", _("Set of products")
        SERVICE = "SERVICE", _("Service")

    class Vat(models.TextChoices):
        NO_VAT = "NO_VAT", _("No VAT")
        VAT_0 = "VAT_0", _("0%")
        # 5 % and 7 %: the simplified-tax rates in force in Russia since 2025 (beyond the spec's list).
        VAT_5 = "VAT_5", _("5%")
        VAT_7 = "VAT_7", _("7%")
        VAT_10 = "VAT_10", _("10%")
        VAT_20 = "VAT_20", _("20%")

    class ExpirationMode(models.TextChoices):
        NO_EXPIRATION = "NO_EXPIRATION", _("No expiration dates")
        USE_EXPIRATION = "USE_EXPIRATION", _("Expiration dates in lots")

    public_id = public_id_field()
    ext_id = models.CharField(_("external ID"), max_length=255, blank=True, null=True, db_index=True)
    ext_id2 = models.CharField(_("external ID 2"), max_length=255, blank=True, null=True)
    ext_id3 = models.CharField(_("external ID 3"), max_length=255, blank=True, null=True)
    ext_id4 = models.CharField(_("external ID 4"), max_length=255, blank=True, null=True)
    ext_id5 = models.CharField(_("external ID 5"), max_length=255, blank=True, null=True)
    short_name = models.CharField(_("name"), max_length=500, blank=True, default="")
    # The spec names both among the fields `?query=` searches: a human-readable code and the full name.
    human_id = models.CharField(_("human-readable ID"), max_length=255, blank=True, null=True, db_index=True)
    full_name = models.CharField(_("full name"), max_length=1000, blank=True, null=True)
    description = models.TextField(_("description"), blank=True, null=True)
    tnved_code = models.CharField(_("HS (TN VED) code"), max_length=50, blank=True, null=True)
    international_description = models.TextField(_("international description"), blank=True, null=True)
    available = models.BooleanField(_("on sale"), default=True, help_text=_("Shown in the online shop"))
    deleted = models.BooleanField(_("archived"), default=False, help_text=_("The product card is archived"))

    objects = ProductQuerySet.as_manager()
    box_needed = models.BooleanField(_("needs a box"), default=False)
    brand_name = models.CharField(_("brand"), max_length=255, blank=True, null=True, db_index=True)
    country_of_origin = models.CharField(_("country of origin"), max_length=255, blank=True, null=True)
    is_bestseller = models.BooleanField(_("bestseller"), null=True, blank=True)
    is_novelty = models.BooleanField(_("new arrival"), null=True, blank=True)
    is_catch_weight = models.BooleanField(_("sold by weight"), default=False, help_text=_("Sold by weight (kg)"))
    type = models.CharField(_("type"), max_length=20, choices=Type.choices, default=Type.SKU)
    vat = models.CharField(_("VAT"), max_length=10, choices=Vat.choices, default=Vat.NO_VAT)
    review_score = models.DecimalField(
        _("review score"), max_digits=3, decimal_places=2, null=True, blank=True, editable=False
    )
    use_batch_accounting = models.BooleanField(_("batch accounting"), default=False)
    expiration_mode = models.CharField(
        _("expiration dates"), max_length=20, choices=ExpirationMode.choices, default=ExpirationMode.NO_EXPIRATION
    )
    expiration_months_limit = models.PositiveIntegerField(_("shelf life, months"), null=True, blank=True)
    warranty = models.PositiveIntegerField(_("warranty, months"), null=True, blank=True, help_text=_("Months"))
    manufactured_by = models.CharField(_("manufacturer"), max_length=255, blank=True, null=True)
    composition = models.TextField(_("composition"), blank=True, null=True)
    warehouse_category_code = models.CharField(_("WMS category code"), max_length=100, blank=True, null=True)
    warehouse_category_title = models.CharField(_("WMS category"), max_length=255, blank=True, null=True)
    subscription_info = models.JSONField(_("subscription"), null=True, blank=True)
    collections = models.ManyToManyField(
        "catalog.Collection", verbose_name=_("collections"), blank=True, related_name="products"
    )

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["deleted", "available", "id"], name="product_visible_idx"),
            models.Index(fields=["short_name"], name="product_short_name_idx"),
            # Storefront filters and orderings (catalog/filtering.py, catalog/public.py).
            models.Index(fields=["created_at"], name="product_created_idx"),
            models.Index(fields=["country_of_origin"], name="product_country_idx"),
            models.Index(fields=["id"], condition=models.Q(is_novelty=True), name="product_novelty_idx"),
            models.Index(fields=["id"], condition=models.Q(is_bestseller=True), name="product_bestseller_idx"),
        ]

    def __str__(self):
        return f"{self.short_name or '—'} [{self.public_id}]"


class AdditionalDescription(models.Model):
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="additional_descriptions"
    )
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True, default="")
    position = models.IntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("additional description")
        verbose_name_plural = _("additional descriptions")
        ordering = ["position", "id"]

    def __str__(self):
        return self.title


class AdditionalDescriptionTitle(models.Model):
    """Every title ever used in additional descriptions (the account-wide dictionary)."""

    title = models.CharField(_("title"), max_length=255, unique=True)
    pos = models.DecimalField(_("position"), max_digits=30, decimal_places=15, default=0)

    class Meta:
        verbose_name = _("additional description title")
        verbose_name_plural = _("additional description titles")
        ordering = ["pos", "id"]

    def __str__(self):
        return self.title
