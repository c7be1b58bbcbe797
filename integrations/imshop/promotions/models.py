from django.db import models

from ..validators import validate_gifts


class Promotion(models.Model):
    """A marketing promotion (акция); its `public_id` is the id IMSHOP sees in appliedDiscounts."""

    class Kind(models.TextChoices):
        PERCENT = "PERCENT", "Скидка в процентах"
        FIXED = "FIXED", "Скидка в рублях"
        N_FOR_M = "N_FOR_M", "N по цене M"
        GIFT = "GIFT", "Подарок"
        GIFT_CHOICE = "GIFT_CHOICE", "Подарок на выбор"

    class Scope(models.TextChoices):
        CART = "CART", "Вся корзина"
        PRODUCTS = "PRODUCTS", "Товары"
        COLLECTIONS = "COLLECTIONS", "Коллекции"

    public_id = models.CharField("id", max_length=64, unique=True)
    name = models.CharField(max_length=255)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    scope = models.CharField(max_length=20, choices=Scope.choices, default=Scope.CART)
    value = models.DecimalField(
        max_digits=14, decimal_places=2, default=0, help_text="Percent (PERCENT) or roubles (FIXED: per unit on items)"
    )
    products = models.ManyToManyField("catalog.Product", blank=True, related_name="+", help_text="Scope PRODUCTS")
    collections = models.ManyToManyField(
        "catalog.Collection", blank=True, related_name="+", help_text="Scope COLLECTIONS"
    )
    required_products = models.ManyToManyField(
        "catalog.Product", blank=True, related_name="+", help_text="All of them must be in the cart"
    )
    min_total = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    min_quantity = models.DecimalField(max_digits=14, decimal_places=3, null=True, blank=True)
    buy_quantity = models.PositiveIntegerField(default=0, help_text="N of 'N for the price of M'")
    pay_quantity = models.PositiveIntegerField(default=0, help_text="M of 'N for the price of M'")
    gifts = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_gifts],
        help_text='GIFT / GIFT_CHOICE: [{"id": "<variant id>", "quantity": 1}]',
    )
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    priority = models.IntegerField(default=0, help_text="Higher goes first")
    combinable = models.BooleanField(default=True, help_text="May be applied together with other promotions")
    allow_bonus_spend = models.BooleanField(default=False, help_text="Bonuses may pay for items it discounts")
    promo_code_only = models.BooleanField(default=False, help_text="Applies only with one of its promo codes")
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-priority", "public_id"]

    def __str__(self):
        return f"{self.name} [{self.public_id}]"


class PromoCode(models.Model):
    promotion = models.ForeignKey(Promotion, on_delete=models.CASCADE, related_name="promo_codes")
    code = models.CharField(max_length=64, unique=True, help_text="Compared case-insensitively; stored upper-case")
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    max_uses = models.PositiveIntegerField(null=True, blank=True, help_text="In total; empty = unlimited")
    max_uses_per_customer = models.PositiveIntegerField(null=True, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return self.code


class PromoCodeUsage(models.Model):
    """One use of a promo code by a customer (externalUserId or loyalty card), recorded when an order is placed."""

    promo_code = models.ForeignKey(PromoCode, on_delete=models.CASCADE, related_name="usages")
    customer = models.CharField(max_length=255, blank=True, default="", db_index=True)
    order_ref = models.CharField(max_length=255, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.promo_code_id} by {self.customer or '—'}"


class LoyaltyAccount(models.Model):
    """A customer's bonus balance, found by IMSHOP's externalUserId or by loyalty card number."""

    external_user_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    card_number = models.CharField(max_length=255, unique=True, null=True, blank=True)
    balance = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    earn_percent = models.DecimalField(
        max_digits=5, decimal_places=2, default=5, help_text="Bonuses earned, % of the order total"
    )
    spend_max_percent = models.DecimalField(
        max_digits=5, decimal_places=2, default=100, help_text="Bonuses may pay at most this % of an item"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(balance__gte=0), name="loyalty_balance_not_negative"),
        ]

    def __str__(self):
        return self.external_user_id or self.card_number or f"#{self.pk}"
