from django.db import models

from .common import TimestampedModel, public_id_field


class Product(TimestampedModel):
    """A product groups variants (the real SKUs) and carries the shared fields."""

    class Type(models.TextChoices):
        SKU = "SKU", "Товар"
        PHYSICAL_SET = "PHYSICAL_SET", "Набор товаров"
        SERVICE = "SERVICE", "Услуга"

    class Vat(models.TextChoices):
        NO_VAT = "NO_VAT", "Без НДС"
        VAT_0 = "VAT_0", "0%"
        VAT_10 = "VAT_10", "10%"
        VAT_20 = "VAT_20", "20%"

    class ExpirationMode(models.TextChoices):
        NO_EXPIRATION = "NO_EXPIRATION", "Без сроков годности"
        USE_EXPIRATION = "USE_EXPIRATION", "Сроки годности в партиях"

    public_id = public_id_field()
    ext_id = models.CharField(max_length=255, blank=True, null=True, db_index=True)
    ext_id2 = models.CharField(max_length=255, blank=True, null=True)
    ext_id3 = models.CharField(max_length=255, blank=True, null=True)
    ext_id4 = models.CharField(max_length=255, blank=True, null=True)
    ext_id5 = models.CharField(max_length=255, blank=True, null=True)
    short_name = models.CharField("название", max_length=500, blank=True, default="")
    description = models.TextField("описание", blank=True, null=True)
    tnved_code = models.CharField(max_length=50, blank=True, null=True)
    international_description = models.TextField(blank=True, null=True)
    available = models.BooleanField("на витрине", default=True, help_text="Показывается в интернет-магазине")
    deleted = models.BooleanField("в архиве", default=False, help_text="Карточка в архиве")
    box_needed = models.BooleanField(default=False)
    brand_name = models.CharField("бренд", max_length=255, blank=True, null=True, db_index=True)
    country_of_origin = models.CharField(max_length=255, blank=True, null=True)
    is_bestseller = models.BooleanField(null=True, blank=True)
    is_novelty = models.BooleanField(null=True, blank=True)
    is_catch_weight = models.BooleanField(default=False, help_text="Sold by weight (kg)")
    type = models.CharField("тип", max_length=20, choices=Type.choices, default=Type.SKU)
    vat = models.CharField("НДС", max_length=10, choices=Vat.choices, default=Vat.NO_VAT)
    review_score = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True, editable=False)
    use_batch_accounting = models.BooleanField(default=False)
    expiration_mode = models.CharField(
        max_length=20, choices=ExpirationMode.choices, default=ExpirationMode.NO_EXPIRATION
    )
    expiration_months_limit = models.PositiveIntegerField(null=True, blank=True)
    warranty = models.PositiveIntegerField(null=True, blank=True, help_text="Months")
    manufactured_by = models.CharField(max_length=255, blank=True, null=True)
    composition = models.TextField(blank=True, null=True)
    warehouse_category_code = models.CharField(max_length=100, blank=True, null=True)
    warehouse_category_title = models.CharField(max_length=255, blank=True, null=True)
    subscription_info = models.JSONField(null=True, blank=True)
    collections = models.ManyToManyField("catalog.Collection", blank=True, related_name="products")

    class Meta:
        verbose_name = "товар"
        verbose_name_plural = "товары"
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
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="additional_descriptions")
    title = models.CharField(max_length=255)
    description = models.TextField(blank=True, default="")
    position = models.IntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.title


class AdditionalDescriptionTitle(models.Model):
    """Every title ever used in additional descriptions (the account-wide dictionary)."""

    title = models.CharField(max_length=255, unique=True)
    pos = models.DecimalField(max_digits=30, decimal_places=15, default=0)

    class Meta:
        ordering = ["pos", "id"]

    def __str__(self):
        return self.title
