"""A variant's prices by price type: what an item asks for, the rows that changes, and the write."""

from decimal import Decimal

from config.kernel.errors import ValidationFailed

from ..models import (
    PriceType,
    Variant,
    VariantPrice,
)
from .rows import RowChanges, write_changes

# The deprecated single-price fields and the price type role each one writes.
PRICE_ROLES = {"price": PriceType.Role.RETAIL, "old_price": PriceType.Role.OLD}


def wanted_prices(data: dict, price_types: list[PriceType]) -> dict[int, Decimal]:
    """`prices` by priceCode; the deprecated `price` / `oldPrice` feed the RETAIL / OLD price types."""
    wanted: dict[int, Decimal] = {}
    by_code = {t.code: t for t in price_types}
    for key, role in PRICE_ROLES.items():
        if data.get(key) is not None:
            price_type = role_type(price_types, role)
            if price_type is None:
                raise ValidationFailed(f"Не настроен тип цены для поля {key}")
            wanted[price_type.pk] = data[key]
    for item in data.get("prices") or []:
        price_type = by_code.get(item["price_code"])
        if price_type is None:
            raise ValidationFailed(f"Не найден тип цены с кодом «{item['price_code']}»")
        wanted[price_type.pk] = item["value"]
    return wanted


def role_type(price_types: list[PriceType], role: str) -> PriceType | None:
    """The price type `price` (RETAIL) or `oldPrice` (OLD) writes: the first of that role."""
    return next((t for t in price_types if t.role == role), None)


def prices_given(data: dict) -> bool:
    return "prices" in data or "price" in data or "old_price" in data


def replaced_prices(
    data: dict, partial: bool, current: dict[int, VariantPrice], price_types: list[PriceType]
) -> dict[int, VariantPrice]:
    """The stored prices (by price type pk) an item's prices replace. A POST, or a PATCH with `prices`,
    replaces them all; a PATCH with only `price` / `oldPrice` replaces just those price types, so a
    number sets that price, `null` removes it and the other price types are kept."""
    if not partial or "prices" in data:
        return current
    named = {t.pk for key, role in PRICE_ROLES.items() if key in data and (t := role_type(price_types, role))}
    return {type_id: p for type_id, p in current.items() if type_id in named}


def price_changes(variant: Variant, wanted: dict[int, Decimal], existing: dict[int, VariantPrice]) -> RowChanges:
    """Replace the variant's prices with `wanted` (price type pk -> value); `existing` by price type pk."""
    changes = RowChanges(delete=[p for type_id, p in existing.items() if type_id not in wanted])
    for type_id, value in wanted.items():
        current = existing.get(type_id)
        if current is None:
            changes.create.append(VariantPrice(variant=variant, price_type_id=type_id, value=value))
        elif current.value != value:
            current.value = value
            changes.update.append(current)
    return changes


def apply_prices(variant: Variant, data: dict, partial: bool, *, created: bool = False):
    given = prices_given(data)
    if partial and not given:
        return
    price_types = list(PriceType.objects.all()) if given else []
    wanted = wanted_prices(data, price_types) if given else {}
    if created:
        write_changes(VariantPrice, price_changes(variant, wanted, {}), ["value"])
        return
    existing = {p.price_type_id: p for p in VariantPrice.objects.filter(variant=variant)}
    existing = replaced_prices(data, partial, existing, price_types)
    write_changes(VariantPrice, price_changes(variant, wanted, existing), ["value"])
