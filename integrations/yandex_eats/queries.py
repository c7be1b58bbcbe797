"""Read paths of the Yandex Eats partner API: token lookup, places, and the nomenclature feeds.

The feeds are generators of plain dicts, produced from a constant number of queries (the rows are read
with `.iterator(chunk_size)`, so memory stays flat); the API layer streams them out as JSON.

Units (see docs/api.md, "Yandex Eats"): stock of a catch-weight product (Product.is_catch_weight) is kept
in kilograms in StockLevel (3 decimal places = grams) and is sent as is; other products are counted in
pieces and sent as whole numbers (a fraction of a piece is rounded down). Prices of catch-weight products
are per kilogram.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import ROUND_DOWN, Decimal
from itertools import islice

from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import FilteredRelation, Q
from django.utils import timezone

from catalog import channel_policy
from catalog.models import (
    Barcode,
    Collection,
    Product,
    ProductImage,
    Variant,
    VariantOption,
)
from config.kernel.encoding import dumps
from inventory.available import available_quantity, available_sql
from inventory.models import Warehouse

from .errors import InvalidToken, NotFound
from .models import YandexAccessToken, YandexClient, YandexPlace, hash_secret
from .shapes import (
    YandexAvailabilityItem,
    YandexCategory,
    YandexCompositionItem,
    YandexDescription,
    YandexImage,
    YandexPriced,
    YandexPriceItem,
)

CHUNK_SIZE = 2000
AVAILABILITY_CHUNK = 5000  # variants per query of the PostgreSQL availability feed
GRAMS = Decimal("0.001")
UNCATEGORIZED_ID = "none:uncategorized"  # ':' never occurs in collection ids, so it cannot clash
UNCATEGORIZED_NAME = "Без категории"
# Yandex accepts vat 20, 10, 7, 5 or -1 ("no VAT"); 0 is invalid, so a zero rate is sent as -1.
VAT_RATES: dict[str, int] = {
    Product.Vat.VAT_20: 20,
    Product.Vat.VAT_10: 10,
    Product.Vat.VAT_7: 7,
    Product.Vat.VAT_5: 5,
    Product.Vat.VAT_0: -1,
    Product.Vat.NO_VAT: -1,
}


def client_for_token(raw: str | None) -> YandexClient:
    """The active client owning a valid, unexpired bearer token (one query); InvalidToken otherwise."""
    if raw:
        token = (
            YandexAccessToken.objects.select_related("client")
            .filter(token_hash=hash_secret(raw), expires_at__gt=timezone.now(), client__active=True)
            .first()
        )
        if token is not None:
            return token.client
    raise InvalidToken("Access token has been expired. You should request a new one")


def find_place(place_id: str) -> YandexPlace:
    """The Yandex place with its warehouse (and the warehouse's own price type) in one query."""
    place = YandexPlace.objects.select_related("warehouse").filter(place_id=place_id).first()
    if place is None:
        raise NotFound(f"Заведение с placeId «{place_id}» не найдено")
    return place


def assortment_ids(place: YandexPlace | None) -> list[int] | None:
    """Pks of the place's assortment collection and all its sub-collections; None for the whole catalog.

    Collections are a small tree (hundreds of rows), so it is walked in Python from one query."""
    if place is None or place.assortment_id is None:
        return None
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Collection.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, pending = [], [place.assortment_id]
    while pending:
        pk = pending.pop()
        found.append(pk)
        pending.extend(children.get(pk, ()))
    return found


def place_price_types(warehouse: Warehouse | None) -> channel_policy.PriceTypes:
    """The price types the place reads: its warehouse's own price type, else RETAIL (the channel policy)."""
    return channel_policy.price_types(warehouse.price_type_id if warehouse is not None else None)


@contextmanager
def _whole_result_plan():
    """Plan the feed's server-side cursor for reading every row, not for a fast first row.

    PostgreSQL plans cursors for the first 10% of rows (cursor_tuple_fraction); on tables without
    statistics (right after a bulk load) that chose a nested loop that made 20,000 items take 28 s
    instead of 0.3 s. SET LOCAL needs a transaction; it is read-only and ends with the feed."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(savepoint=False):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL cursor_tuple_fraction = 1.0")
        yield


def _stock(total, reserved, offered: bool, catch_weight: bool) -> Decimal:
    available = available_quantity(total, reserved)
    if not offered or available <= 0:
        return Decimal(0)
    if catch_weight:
        return available.quantize(GRAMS, rounding=ROUND_DOWN)
    return available.to_integral_value(rounding=ROUND_DOWN)  # whole pieces, rounded down


def availability_chunks(place: YandexPlace) -> Iterator[bytes]:
    """Every variant of the place's assortment with its available stock in the place's warehouse, as JSON
    text chunks of comma-separated items (`{"id": ..., "stock": ...}`), in pk order.

    Variants the channel policy does not offer (hidden or archived products, no price in the place's price
    type nor RETAIL) and variants with no stock row have stock 0, so Yandex stops selling them."""
    collection_ids = assortment_ids(place)
    types = place_price_types(place.warehouse)
    if connection.vendor == "postgresql":
        yield from _availability_chunks_pg(place.warehouse_id, collection_ids, types)
        return
    rows = (
        channel_policy.in_assortment(Variant.objects.all(), collection_ids)
        .annotate(
            stock=FilteredRelation("stock_levels", condition=Q(stock_levels__warehouse_id=place.warehouse_id)),
            price=channel_policy.price_expression(types),
        )
        .order_by("pk")
        .values_list(
            "public_id",
            "product__available",
            "product__deleted",
            "product__is_catch_weight",
            "stock__total",
            "stock__reserved",
            "price",
        )
    )
    items = (
        YandexAvailabilityItem(
            id=public_id,
            stock=_stock(
                total,
                reserved,
                channel_policy.is_sellable(available, deleted) and price is not None,
                catch_weight,
            ),
        )
        for public_id, available, deleted, catch_weight, total, reserved, price in rows.iterator(chunk_size=CHUNK_SIZE)
    )
    for batch in batches(items, CHUNK_SIZE):
        yield dumps(batch)[1:-1]


# On PostgreSQL the database writes each item as JSON text, with the same rule as _stock() (the channel
# policy): 0 unless on sale, priced (a positive price of the place's price type or RETAIL) and in stock;
# kilograms truncated to grams for catch-weight products, whole pieces otherwise (trim_scale()
# prints 1.500 as 1.5, as the JSON encoder does). One query, read through a server-side cursor.
AVAILABILITY_SQL = """
SELECT '{"id":' || to_json(v.public_id)::text || ',"stock":' || CASE
        WHEN NOT {sellable} OR s.total IS NULL OR {available} <= 0 THEN '0'
        WHEN NOT {priced} THEN '0'
        WHEN p.is_catch_weight THEN trim_scale(trunc({available}, 3))::text
        ELSE trunc({available})::text
    END || '}'
FROM catalog_variant v
JOIN catalog_product p ON p.id = v.product_id
LEFT JOIN inventory_stocklevel s ON s.variant_id = v.id AND s.warehouse_id = %(warehouse)s
{assortment}
ORDER BY v.id
""".replace("{available}", available_sql("s")).replace("{sellable}", channel_policy.sellable_sql("p"))
ASSORTMENT_SQL = """WHERE v.product_id IN (
    SELECT pc.product_id FROM catalog_product_collections pc WHERE pc.collection_id = ANY(%(collections)s))"""


def _availability_chunks_pg(
    warehouse_id: int, collection_ids: list[int] | None, types: channel_policy.PriceTypes
) -> Iterator[bytes]:
    sql = AVAILABILITY_SQL.replace("{assortment}", "" if collection_ids is None else ASSORTMENT_SQL).replace(
        "{priced}", channel_policy.priced_sql("v.id")
    )
    params = {"warehouse": warehouse_id, "collections": collection_ids, **channel_policy.priced_sql_params(types)}
    with _whole_result_plan(), connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(AVAILABILITY_CHUNK):
            yield ",".join(row[0] for row in rows).encode()


def _priced_variants(types: channel_policy.PriceTypes, collection_ids: list[int] | None):
    """The variants the channel policy offers: sellable, in the assortment (None: the whole catalog), with a
    price of the place's price type, else RETAIL."""
    return (
        channel_policy.in_assortment(Variant.objects.filter(channel_policy.sellable_q()), collection_ids)
        .annotate(price=channel_policy.price_expression(types), old_price=channel_policy.old_price_expression(types))
        .filter(price__isnull=False)
    )


def _price_fields(price: Decimal, old_price: Decimal | None, vat: str) -> YandexPriced:
    fields = YandexPriced(price=price, vat=VAT_RATES.get(vat, -1))
    if old_price is not None and old_price > price:
        fields["oldPrice"] = old_price
    return fields


def price_items(place: YandexPlace) -> Iterator[YandexPriceItem]:
    """`{id, price, oldPrice?, vat}` of every variant on sale in the place's assortment; zero-price ones are
    left out (two queries)."""
    types = place_price_types(place.warehouse)
    rows = (
        _priced_variants(types, assortment_ids(place))
        .order_by("pk")
        .values_list("public_id", "price", "old_price", "product__vat")
    )
    with _whole_result_plan():
        for public_id, price, old_price, vat in rows.iterator(chunk_size=CHUNK_SIZE):
            yield YandexPriceItem(id=public_id, **_price_fields(price, old_price, vat))


def composition_categories() -> list[YandexCategory]:
    """Public collections as Yandex categories; a fallback category when some product on sale has none."""
    categories = [
        YandexCategory(id=public_id, name=name, parentId=parent_id if parent_public else None)
        for public_id, name, parent_id, parent_public in Collection.objects.filter(is_public=True)
        .order_by("ordering", "id")
        .values_list("public_id", "name", "parent__public_id", "parent__is_public")
    ]
    uncategorized = Product.objects.sellable().exclude(collections__is_public=True).exists()
    if uncategorized:
        categories.append(YandexCategory(id=UNCATEGORIZED_ID, name=UNCATEGORIZED_NAME, parentId=None))
    return categories


def batches(iterable, size):
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def composition_items(place: YandexPlace | None, absolute_url: Callable[[str], str]) -> Iterator[YandexCompositionItem]:
    """The catalog feed: variants on sale with category, barcodes, description, images, measure and prices.

    The name is the product's name followed by the variant's option values ("Футболка, M, красный").
    One streamed query for the rows plus four per chunk of CHUNK_SIZE rows (barcodes, images, options,
    categories)."""
    types = place_price_types(place.warehouse if place is not None else None)
    rows = (
        _priced_variants(types, assortment_ids(place))
        .order_by("product_id", "ordering", "pk")
        .values_list(
            "pk",
            "public_id",
            "product_id",
            "article",
            "weight",
            "price",
            "old_price",
            "product__short_name",
            "product__description",
            "product__composition",
            "product__country_of_origin",
            "product__brand_name",
            "product__is_catch_weight",
            "product__vat",
        )
    )
    with _whole_result_plan():
        yield from _composition_batches(rows, absolute_url)


def _composition_batches(rows, absolute_url: Callable[[str], str]) -> Iterator[YandexCompositionItem]:
    for batch in batches(rows.iterator(chunk_size=CHUNK_SIZE), CHUNK_SIZE):
        variant_ids = [row[0] for row in batch]
        product_ids = {row[2] for row in batch}
        barcodes: dict[int, list[str]] = {}
        for variant_id, value in (
            Barcode.objects.filter(variant_id__in=variant_ids)
            .order_by("variant_id", "-is_default", "id")
            .values_list("variant_id", "value")
        ):
            barcodes.setdefault(variant_id, []).append(value)
        images: dict[int, list[YandexImage]] = {}
        for product_id, public_id, name in (
            ProductImage.objects.filter(product_id__in=product_ids)
            .order_by("product_id", "pos", "id")
            .values_list("product_id", "public_id", "file")
        ):
            if name:
                images.setdefault(product_id, []).append(
                    YandexImage(hash=public_id, url=absolute_url(default_storage.url(name)))
                )
        options: dict[int, list[str]] = {}
        for variant_id, string_value, decimal_value in (
            VariantOption.objects.filter(variant_id__in=variant_ids)
            .order_by("variant_id", "id")
            .values_list("variant_id", "string_value", "decimal_value")
        ):
            value = string_value if string_value is not None else _plain_number(decimal_value)
            if value:
                options.setdefault(variant_id, []).append(value)
        categories: dict[int, str] = {}
        for product_id, collection_id in (
            Product.collections.through.objects.filter(product_id__in=product_ids, collection__is_public=True)
            .order_by("product_id", "collection__ordering", "collection_id")
            .values_list("product_id", "collection__public_id")
        ):
            categories.setdefault(product_id, collection_id)
        for (
            variant_pk,
            public_id,
            product_id,
            article,
            weight,
            price,
            old_price,
            name,
            description,
            composition,
            country,
            brand,
            catch_weight,
            vat,
        ) in batch:
            # The optional keys follow the required ones (JSON objects are unordered).
            item = YandexCompositionItem(
                id=public_id,
                categoryId=categories.get(product_id, UNCATEGORIZED_ID),
                name=", ".join([name or public_id, *options.get(variant_pk, [])]),
                description=_description(description, composition, country, brand),
                images=images.get(product_id, []),
                isCatchWeight=catch_weight,
                **_price_fields(price, old_price, vat),
            )
            codes = barcodes.get(variant_pk)
            if codes:
                item["barcode"] = {"value": codes[0], "values": codes}
            if catch_weight:
                item["measure"] = {"value": Decimal(1), "unit": "KGRM"}
            elif weight:
                item["measure"] = {"value": weight, "unit": "GRM"}
            if article:
                item["vendorCode"] = article
            yield item


def _plain_number(value: Decimal | None) -> str:
    if value is None:
        return ""
    return format(value.normalize(), "f")  # 2.500000 -> "2.5", 100 -> "100" (not "1E+2")


def _description(
    general: str | None, composition: str | None, country: str | None, brand: str | None
) -> YandexDescription:
    description = YandexDescription(general=general or "")
    if composition:
        description["composition"] = composition
    if country:
        description["vendorCountry"] = country
    if brand:
        description["vendorName"] = brand
    return description
