"""Promotions: the write path (save_promotion, record_promo_code_use) and the cart calculation that feeds the
pure engine with data loaded in a constant number of queries."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import models, transaction
from django.db.models import Count, Q
from django.utils import timezone

from catalog import channel_policy
from catalog.models import Collection, Product, Variant
from config.kernel.errors import ValidationFailed

from . import engine
from .models import LoyaltyAccount, PromoCode, PromoCodeUsage, Promotion

# --- reading promotions into engine rules -------------------------------------------------------------------


def _active(prefix: str, now) -> Q:
    return (Q(**{f"{prefix}starts_at__isnull": True}) | Q(**{f"{prefix}starts_at__lte": now})) & (
        Q(**{f"{prefix}ends_at__isnull": True}) | Q(**{f"{prefix}ends_at__gt": now})
    )


def _to_rule(promotion: Promotion, promo_code: str | None = None) -> engine.Rule:
    return engine.Rule(
        id=promotion.public_id,
        name=promotion.name,
        kind=promotion.kind,
        scope=promotion.scope,
        value=promotion.value,
        product_keys=frozenset(p.pk for p in promotion.products.all()),
        collection_keys=frozenset(c.pk for c in promotion.collections.all()),
        required_product_keys=frozenset(p.pk for p in promotion.required_products.all()),
        min_total=promotion.min_total,
        min_quantity=promotion.min_quantity,
        buy_quantity=promotion.buy_quantity,
        pay_quantity=promotion.pay_quantity,
        gifts=tuple(engine.Gift(str(g["id"]), Decimal(str(g["quantity"]))) for g in promotion.gifts),
        priority=promotion.priority,
        combinable=promotion.combinable,
        allow_bonus_spend=promotion.allow_bonus_spend,
        promo_code=promo_code,
    )


def _with_targets(queryset):
    return queryset.prefetch_related("products", "collections", "required_products")


def _field_default(name: str):
    field = Promotion._meta.get_field(name)
    return field.get_default() if isinstance(field, models.Field) else None


def find_promo_code(*, code: str, customer: str, now) -> PromoCode | None:
    """The promo code if it exists, is active, within its dates and under its usage limits; else None."""
    code = (code or "").strip().upper()
    if not code or len(code) > (PromoCode._meta.get_field("code").max_length or 0):
        return None  # no stored code is that long: not applied, without asking the database
    promo_code = (
        PromoCode.objects.filter(code=code, active=True, promotion__active=True)
        .filter(_active("", now), _active("promotion__", now))
        .annotate(
            used=Count("usages"),
            used_by_customer=Count("usages", filter=Q(usages__customer=customer)),
        )
        .select_related("promotion")
        .first()
    )
    if promo_code is None:
        return None
    if promo_code.max_uses is not None and promo_code.used >= promo_code.max_uses:
        return None
    if (
        promo_code.max_uses_per_customer is not None
        and customer
        and promo_code.used_by_customer >= (promo_code.max_uses_per_customer)
    ):
        return None
    return promo_code


def active_rules(*, promocode: str | None, customer: str, now) -> list:
    promotions = _with_targets(Promotion.objects.filter(_active("", now), active=True, promo_code_only=False))
    rules = [_to_rule(p) for p in promotions]
    promo_code = find_promo_code(code=promocode or "", customer=customer, now=now)
    if promo_code is not None:
        promotion = _with_targets(Promotion.objects.filter(pk=promo_code.promotion_id)).first()
        rules = [r for r in rules if r.id != promotion.public_id] + [_to_rule(promotion, promo_code=promo_code.code)]
    return rules


# --- the cart ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CartItem:
    """A line of IMSHOP's cart as parsed by the webhook (ids are the feed's offer ids)."""

    variant_id: str
    quantity: Decimal
    price: Decimal | None = None
    name: str = ""
    applied_discounts: tuple = ()


@dataclass(frozen=True)
class CartCalculation:
    result: engine.CartResult
    names: list  # per line
    has_loyalty: bool


def calculate_cart(
    *, items: list, promocode: str | None, external_user_id: str | None, loyalty_card: str | None, now=None
) -> CartCalculation:
    """Prices come from the channel policy (catalog.channel_policy: the RETAIL price type); the request's price
    is used only for offers the catalog does not know or has no price for.
    Reads only, in a constant number of queries."""
    now = now or timezone.now()
    ids = {item.variant_id for item in items}
    variants = {
        v["public_id"]: v
        for v in Variant.objects.filter(public_id__in=ids).values(
            "pk", "public_id", "product_id", "product__short_name"
        )
    }
    # The cart has no warehouse: the channel policy's price without an own price type is RETAIL.
    offered = channel_policy.channel_prices(ids, channel_policy.price_types(), only_sellable=False)
    prices = {public_id: price for public_id, (price, _old) in offered.items()}
    product_ids = {v["product_id"] for v in variants.values()}
    collections: dict = {}
    for product_id, collection_id in Product.collections.through.objects.filter(product_id__in=product_ids).values_list(
        "product_id", "collection_id"
    ):
        collections.setdefault(product_id, set()).add(collection_id)

    lines, names = [], []
    for item in items:
        variant = variants.get(item.variant_id)
        price = prices.get(item.variant_id, item.price)
        if price is None:
            raise ValidationFailed(
                f"Нет цены для товара «{item.variant_id}»: он не найден в каталоге и цена не передана"
            )
        product_key = variant["product_id"] if variant else None
        lines.append(
            engine.CartLine(
                variant_id=item.variant_id,
                price=price,
                quantity=item.quantity,
                product_key=product_key,
                collection_keys=frozenset(collections.get(product_key, ())),
                claimed_rule_ids=tuple(item.applied_discounts),
            )
        )
        names.append(item.name or (variant["product__short_name"] if variant else ""))

    customer = external_user_id or loyalty_card or ""
    account = find_loyalty_account(external_user_id=external_user_id, loyalty_card=loyalty_card)
    loyalty = engine.Loyalty(account.balance, account.earn_percent, account.spend_max_percent) if account else None
    rules = active_rules(promocode=promocode, customer=customer, now=now)
    return CartCalculation(engine.calculate_cart(lines, rules, loyalty), names, account is not None)


def find_loyalty_account(*, external_user_id: str | None, loyalty_card: str | None) -> LoyaltyAccount | None:
    """The account of the logged-in user (externalUserId) wins over a card typed in for the order."""
    if external_user_id:
        account = LoyaltyAccount.objects.filter(external_user_id=external_user_id).first()
        if account is not None:
            return account
    if loyalty_card:
        return LoyaltyAccount.objects.filter(card_number=loyalty_card).first()
    return None


# --- writes ------------------------------------------------------------------------------------------------

PROMOTION_FIELDS = (
    "name", "kind", "scope", "value", "min_total", "min_quantity", "buy_quantity", "pay_quantity",
    "starts_at", "ends_at", "priority", "combinable", "allow_bonus_spend", "promo_code_only", "active",
)  # fmt: skip


def save_promotion(*, data: dict) -> tuple[Promotion, bool]:
    """Create or update a promotion by its id. Every field, target and gift is replaced (absent ones are
    cleared); promo codes only when `promo_codes` is given (codes left out are deleted with their usages)."""
    _validate_promotion(data)
    with transaction.atomic():
        promotion = Promotion.objects.select_for_update().filter(public_id=data["public_id"]).first()
        created = promotion is None
        if promotion is None:
            promotion = Promotion(public_id=data["public_id"])
        for name in PROMOTION_FIELDS:  # a POST replaces every field: absent ones get their defaults
            setattr(promotion, name, data[name] if name in data else _field_default(name))
        promotion.gifts = _resolve_gifts(data.get("gifts") or [])
        promotion.save()
        promotion.products.set(_resolve(Product, data.get("product_ids") or [], "Товар"))
        promotion.required_products.set(_resolve(Product, data.get("required_product_ids") or [], "Товар"))
        promotion.collections.set(_resolve(Collection, data.get("collection_ids") or [], "Коллекция"))
        if "promo_codes" in data:
            _save_codes(promotion, data["promo_codes"])
    return promotion, created


def _validate_promotion(data: dict) -> None:
    validate_promotion_terms(
        kind=data["kind"],
        scope=data.get("scope", Promotion.Scope.CART),
        value=data.get("value") or Decimal(0),
        buy_quantity=data.get("buy_quantity") or 0,
        pay_quantity=data.get("pay_quantity") or 0,
        has_gifts=bool(data.get("gifts")),
        has_products=bool(data.get("product_ids")),
        has_collections=bool(data.get("collection_ids")),
        starts_at=data.get("starts_at"),
        ends_at=data.get("ends_at"),
    )


def validate_promotion_terms(
    *, kind, scope, value, buy_quantity, pay_quantity, has_gifts, has_products, has_collections, starts_at, ends_at
) -> None:
    """The rules a promotion must satisfy, shared by the API (save_promotion) and the admin form."""
    if value < 0:
        raise ValidationFailed("Размер скидки не может быть отрицательным")
    if kind == Promotion.Kind.PERCENT and value > 100:
        raise ValidationFailed("Скидка в процентах не может быть больше 100")
    if kind == Promotion.Kind.N_FOR_M and not (buy_quantity > pay_quantity >= 0):
        raise ValidationFailed("Для акции «N по цене M» нужно N > M (buyQuantity > payQuantity)")
    if kind in (Promotion.Kind.GIFT, Promotion.Kind.GIFT_CHOICE) and not has_gifts:
        raise ValidationFailed("Для подарочной акции нужен список gifts")
    if scope == Promotion.Scope.PRODUCTS and not has_products:
        raise ValidationFailed("Для акции на товары нужен список productIds")
    if scope == Promotion.Scope.COLLECTIONS and not has_collections:
        raise ValidationFailed("Для акции на коллекции нужен список collectionIds")
    if starts_at and ends_at and ends_at <= starts_at:
        raise ValidationFailed("Дата окончания акции должна быть позже даты начала")


def _resolve(model, public_ids: list, label: str) -> list:
    found = list(model.objects.filter(public_id__in=public_ids))
    missing = sorted(set(public_ids) - {o.public_id for o in found})
    if missing:
        raise ValidationFailed(f"{label} с id {', '.join(missing)} не найден(а)")
    return found


def _resolve_gifts(gifts: list) -> list:
    ids = [g["id"] for g in gifts]
    known = set(Variant.objects.filter(public_id__in=ids).values_list("public_id", flat=True))
    missing = sorted(set(ids) - known)
    if missing:
        raise ValidationFailed(f"Подарок: вариант с id {', '.join(missing)} не найден")
    return [
        {"id": g["id"], "quantity": int(g["quantity"]) if g["quantity"] == int(g["quantity"]) else str(g["quantity"])}
        for g in gifts
    ]


def _save_codes(promotion: Promotion, codes: list) -> None:
    wanted = {c["code"].strip().upper(): c for c in codes}
    taken = PromoCode.objects.filter(code__in=wanted).exclude(promotion=promotion).values_list("code", flat=True)
    if taken:
        raise ValidationFailed(f"Промокод {', '.join(sorted(taken))} уже используется в другой акции")
    promotion.promo_codes.exclude(code__in=wanted).delete()
    for code, values in wanted.items():
        PromoCode.objects.update_or_create(
            code=code,
            defaults={
                "promotion": promotion,
                **{k: values.get(k) for k in ("starts_at", "ends_at", "max_uses", "max_uses_per_customer")},
                "active": values.get("active", True),
            },
        )


def record_promo_code_use(*, code: str, customer: str = "", order_ref: str = "") -> PromoCodeUsage:
    """Count one use of a promo code (called when an order is placed; IMSHOP's order webhook is out of scope)."""
    with transaction.atomic():
        promo_code = PromoCode.objects.select_for_update().filter(code=code.strip().upper()).first()
        if promo_code is None:
            raise ValidationFailed(f"Промокод «{code}» не найден")
        return PromoCodeUsage.objects.create(promo_code=promo_code, customer=customer, order_ref=order_ref)


def record_use_of_confirmed_order(sender, reservation, **kwargs) -> PromoCodeUsage | None:
    """Receiver of inventory's reservation_confirmed: one use of the order's promo code, inside the confirming
    transaction. The code row is locked, so parallel confirmations are counted one after the other; a code
    already used up (in total or by this customer) refuses the confirmation (ValidationFailed rolls it back).
    An unknown code, or none, records nothing; a use already recorded for the order is not repeated."""
    code = (reservation.promo_code or "").strip().upper()
    if not code:
        return None
    promo_code = PromoCode.objects.select_for_update().filter(code=code).first()
    if promo_code is None:
        return None
    usages = PromoCodeUsage.objects.filter(promo_code=promo_code)
    if usages.filter(order_ref=reservation.order_id).exists():
        return None
    if promo_code.max_uses is not None and usages.count() >= promo_code.max_uses:
        raise ValidationFailed(f"Промокод «{promo_code.code}» уже использован максимальное число раз")
    customer = reservation.customer or ""
    if (
        promo_code.max_uses_per_customer is not None
        and customer
        and usages.filter(customer=customer).count() >= promo_code.max_uses_per_customer
    ):
        raise ValidationFailed(f"Промокод «{promo_code.code}» уже использован этим покупателем")
    return PromoCodeUsage.objects.create(promo_code=promo_code, customer=customer, order_ref=reservation.order_id)
