"""The channel policy: what a sales channel (IMSHOP, Yandex Eats) is offered, at which price, and how much.

Written once here and used by every channel (IMSHOP availability, pickup point and cart; the Yandex
availability, prices and composition feeds), so that they agree item by item (docs/api.md, "Channel policy"):

- price: the channel's own price type (a warehouse's `price_type`), else the RETAIL price type; a variant
  with neither (or only a zero price) is not offered to the channel;
- sellable: the product is on sale (`available`), not archived (`deleted`) and in the channel's assortment
  (a Yandex place's collection tree; the whole catalog when the channel has none);
- available: the warehouse's stock row by inventory.available (total − reserved, never negative; no row: 0).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from .models import PriceType, Product, VariantPrice
from .models.products import sellable_q as product_sellable_q

RETAIL = PriceType.Role.RETAIL
OLD = PriceType.Role.OLD


@dataclass(frozen=True)
class PriceTypes:
    """The price types a channel reads: its own (a warehouse's price type; None: none) first, then the RETAIL
    role; OLD gives the crossed-out price. Roles are matched in the same query as the prices (no lookup of
    their ids); when several price types share a role, the lowest id wins."""

    own: int | None = None


def price_types(own_price_type_id: int | None = None) -> PriceTypes:
    return PriceTypes(own=own_price_type_id)


def _prices(variant_ref: str):
    return VariantPrice.objects.filter(variant=OuterRef(variant_ref), value__gt=0).order_by("price_type_id")


def price_expression(types: PriceTypes, variant_ref: str = "pk"):
    """The channel's price of the variant `variant_ref` points at (None: not offered), for `.annotate()`."""
    retail = Subquery(_prices(variant_ref).filter(price_type__role=RETAIL).values("value")[:1])
    if types.own is None:
        return retail
    own = Subquery(_prices(variant_ref).filter(price_type_id=types.own).values("value")[:1])
    return Coalesce(own, retail)


def old_price_expression(types: PriceTypes, variant_ref: str = "pk"):
    return Subquery(_prices(variant_ref).filter(price_type__role=OLD).values("value")[:1])


def priced_sql(variant_column: str) -> str:
    """Raw-SQL form of "has a channel price" (params: %(own_price_type)s, %(retail_role)s), for the feeds
    that PostgreSQL writes as JSON text itself."""
    return f"""EXISTS (SELECT 1 FROM catalog_variantprice vp JOIN catalog_pricetype pt ON pt.id = vp.price_type_id
        WHERE vp.variant_id = {variant_column} AND vp.value > 0
          AND (vp.price_type_id = %(own_price_type)s OR pt.role = %(retail_role)s))"""


def price_sql(variant_column: str, own_price_type_column: str) -> str:
    """Raw-SQL form of price_expression(), the channel's own price type read from a column (a warehouse's
    `price_type_id`, NULL: none): the variant's positive price of that type, else of RETAIL (the lowest id of
    the role); NULL when not offered (params: %(retail_role)s)."""
    return f"""COALESCE(
        (SELECT vp.value FROM catalog_variantprice vp WHERE vp.variant_id = {variant_column}
            AND vp.price_type_id = {own_price_type_column} AND vp.value > 0),
        (SELECT vp.value FROM catalog_variantprice vp JOIN catalog_pricetype pt ON pt.id = vp.price_type_id
            WHERE vp.variant_id = {variant_column} AND pt.role = %(retail_role)s AND vp.value > 0
            ORDER BY vp.price_type_id LIMIT 1))"""


def sellable_sql(product_alias: str) -> str:
    """Raw-SQL form of sellable_q() over the product row aliased `product_alias`."""
    return f"({product_alias}.available AND NOT {product_alias}.deleted)"


def price_sql_params() -> dict:
    return {"retail_role": str(RETAIL)}


def priced_sql_params(types: PriceTypes) -> dict:
    return {"own_price_type": types.own, **price_sql_params()}


def channel_prices(
    public_ids, types: PriceTypes, *, only_sellable: bool = True
) -> dict[str, tuple[Decimal, Decimal | None]]:
    """{variant public id: (price, old price or None)} of the variants the channel is offered (one query).
    only_sellable=False also prices hidden and archived products (the cart prices what IMSHOP sends)."""
    return channel_prices_by_type(public_ids, {types.own}, only_sellable=only_sellable)[types.own]


def channel_prices_by_type(public_ids, own_types: set, *, only_sellable: bool = True) -> dict:
    """channel_prices() for several channels at once, keyed by their own price type (None: RETAIL only), in
    one query: {own price type: {variant public id: (price, old price or None)}}."""
    rows = VariantPrice.objects.filter(variant__public_id__in=set(public_ids), value__gt=0)
    if only_sellable:
        rows = rows.filter(sellable_q("variant__"))
    priced = (
        rows.filter(Q(price_type__role__in=[RETAIL, OLD]) | Q(price_type_id__in=[pk for pk in own_types if pk]))
        .order_by("-price_type_id")  # so that the lowest id of a role is kept
        .values_list("variant__public_id", "price_type_id", "price_type__role", "value")
    )
    found: dict[str, dict] = {}
    for public_id, price_type_id, role, value in priced:
        known = found.setdefault(public_id, {})
        known[price_type_id] = value
        if role in (RETAIL, OLD):
            known[role] = value
    answer: dict = {}
    for own in own_types:
        prices = answer[own] = {}
        for public_id, known in found.items():
            price = known.get(own) if own else None
            if price is None:
                price = known.get(RETAIL)
            if price is not None:
                prices[public_id] = (price, known.get(OLD))
    return answer


def sellable_q(prefix: str = "") -> Q:
    """Variants (prefix "") or rows pointing at a variant (prefix "variant__") whose product is on sale."""
    return product_sellable_q(f"{prefix}product__")


def is_sellable(available: bool, deleted: bool) -> bool:
    return bool(available) and not deleted


def in_assortment(variants, collection_ids: list[int] | None):
    """Only the variants whose product is in one of the collections; None: the whole catalog."""
    if collection_ids is None:
        return variants
    links = Product.collections.through.objects.filter(
        product_id=OuterRef("product_id"), collection_id__in=collection_ids
    )
    return variants.filter(Exists(links))
