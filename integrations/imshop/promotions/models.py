from django.db import models
from django.utils.translation import gettext_lazy as _

from ..validators import validate_gifts


class Promotion(models.Model):
    """A marketing promotion (акция); its `public_id` is the id IMSHOP sees in appliedDiscounts."""

    class Kind(models.TextChoices):
        PERCENT = "PERCENT", _("Percent discount")
        FIXED = "FIXED", _("Discount in roubles")
        N_FOR_M = "N_FOR_M", _("N for the price of M")
        GIFT = "GIFT", _("Gift")
        GIFT_CHOICE = "GIFT_CHOICE", _("Gift of choice")

    class Scope(models.TextChoices):
        CART = "CART", _("Whole cart")
        PRODUCTS = "PRODUCTS", _("Products")
        COLLECTIONS = "COLLECTIONS", _("Collections")

    public_id = models.CharField(_("ID"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices, default=Scope.CART)
    value = models.DecimalField(
        _("value"),
        max_digits=14,
        decimal_places=2,
        default=0,
        help_text=_("Percent (PERCENT) or roubles (FIXED: per unit on items)"),
    )
    products = models.ManyToManyField(
        "catalog.Product", verbose_name=_("products"), blank=True, related_name="+", help_text=_("Scope PRODUCTS")
    )
    collections = models.ManyToManyField(
        "catalog.Collection",
        verbose_name=_("collections"),
        blank=True,
        related_name="+",
        help_text=_("Scope COLLECTIONS"),
    )
    required_products = models.ManyToManyField(
        "catalog.Product",
        verbose_name=_("required products"),
        blank=True,
        related_name="+",
        help_text=_("All of them must be in the cart"),
    )
    min_total = models.DecimalField(_("minimum order total"), max_digits=14, decimal_places=2, null=True, blank=True)
    min_quantity = models.DecimalField(_("minimum quantity"), max_digits=14, decimal_places=3, null=True, blank=True)
    buy_quantity = models.PositiveIntegerField(
        _("buy quantity (N)"), default=0, help_text=_("N of 'N for the price of M'")
    )
    pay_quantity = models.PositiveIntegerField(
        _("pay quantity (M)"), default=0, help_text=_("M of 'N for the price of M'")
    )
    gifts = models.JSONField(
        _("gifts"),
        default=list,
        blank=True,
        validators=[validate_gifts],
        help_text=_('GIFT / GIFT_CHOICE: [{"id": "<variant id>", "quantity": 1}]'),
    )
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    priority = models.IntegerField(_("priority"), default=0, help_text=_("Higher goes first"))
    combinable = models.BooleanField(
        _("combinable"), default=True, help_text=_("May be applied together with other promotions")
    )
    allow_bonus_spend = models.BooleanField(
        _("bonuses may pay"), default=False, help_text=_("Bonuses may pay for items it discounts")
    )
    promo_code_only = models.BooleanField(
        _("promo code only"), default=False, help_text=_("Applies only with one of its promo codes")
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("promotion")
        verbose_name_plural = _("promotions")
        ordering = ["-priority", "public_id"]

    def __str__(self):
        return f"{self.name} [{self.public_id}]"


class PromoCode(models.Model):
    promotion = models.ForeignKey(
        Promotion, verbose_name=_("promotion"), on_delete=models.CASCADE, related_name="promo_codes"
    )
    code = models.CharField(
        _("promo code"), max_length=64, unique=True, help_text=_("Compared case-insensitively; stored upper-case")
    )
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    max_uses = models.PositiveIntegerField(
        _("maximum uses"), null=True, blank=True, help_text=_("In total; empty = unlimited")
    )
    max_uses_per_customer = models.PositiveIntegerField(_("maximum uses per customer"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("promo code")
        verbose_name_plural = _("promo codes")
        ordering = ["code"]

    def __str__(self):
        return self.code


class PromoCodeUsage(models.Model):
    """One use of a promo code by a customer (externalUserId or loyalty card), recorded when an order is placed."""

    promo_code = models.ForeignKey(
        PromoCode, verbose_name=_("promo code"), on_delete=models.CASCADE, related_name="usages"
    )
    customer = models.CharField(_("customer"), max_length=255, blank=True, default="", db_index=True)
    order_ref = models.CharField(_("order"), max_length=255, blank=True, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("promo code use")
        verbose_name_plural = _("promo code uses")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.promo_code_id} by {self.customer or '—'}"


class LoyaltyAccount(models.Model):
    """A customer's bonus balance, found by IMSHOP's externalUserId or by loyalty card number."""

    external_user_id = models.CharField(_("external user ID"), max_length=255, unique=True, null=True, blank=True)
    card_number = models.CharField(_("card number"), max_length=255, unique=True, null=True, blank=True)
    balance = models.DecimalField(_("balance"), max_digits=14, decimal_places=2, default=0)
    earn_percent = models.DecimalField(
        _("bonuses earned, %"),
        max_digits=5,
        decimal_places=2,
        default=5,
        help_text=_("Bonuses earned, percent of the order total"),
    )
    spend_max_percent = models.DecimalField(
        _("bonuses may pay at most, %"),
        max_digits=5,
        decimal_places=2,
        default=100,
        help_text=_("Bonuses may pay at most this percentage of an item"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("loyalty account")
        verbose_name_plural = _("loyalty accounts")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(balance__gte=0), name="loyalty_balance_not_negative"),
        ]

    def __str__(self):
        return self.external_user_id or self.card_number or f"#{self.pk}"
