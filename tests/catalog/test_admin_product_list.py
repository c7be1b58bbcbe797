"""Issue 20, flow 3: the product list finds a product by name, article, barcode or brand (also a filter) and
shows its price, total stock and sizes, loaded for the whole page."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    BarcodeFactory,
    ProductFactory,
    StockLevelFactory,
    VariantFactory,
    VariantOptionFactory,
    VariantPriceFactory,
    WarehouseFactory,
)

pytestmark = pytest.mark.django_db
LIST = "/admin/catalog/product/"


def sized_product(name, brand, sizes, *, price="1500", stock=(3, 2), warehouses=None):
    product = ProductFactory(short_name=name, brand_name=brand, variants=0)
    warehouses = warehouses or [WarehouseFactory(), WarehouseFactory()]
    for size in sizes:
        variant = VariantFactory(product=product, article=f"{name[:3]}-{size}")
        VariantOptionFactory(variant=variant, code="size", string_value=size)
        VariantPriceFactory(variant=variant, value=Decimal(price))
        BarcodeFactory(variant=variant)
        for warehouse, total in zip(warehouses, stock, strict=False):
            StockLevelFactory(variant=variant, warehouse=warehouse, total=Decimal(total))
    return product


def listed_names(response) -> list[str]:
    return [row.short_name for row in response.context["cl"].result_list]


def test_the_list_shows_price_total_stock_and_sizes_of_each_product(manager_client):
    sized_product("Кеды «Ветер»", "Nike", ["40", "41", "42"], price="4990", stock=(3, "1.5"))

    response = manager_client.get(LIST)

    row = response.content.decode()
    assert "4990" in row  # the retail price
    assert "13,5" in row  # 3 sizes × (3 + 1.5), written the Russian way
    assert "40, 41, 42" in row


def test_a_product_with_prices_in_a_range_shows_the_range(manager_client):
    product = sized_product("Куртка", "Zara", ["S", "M"], price="1000")
    VariantPriceFactory(variant=VariantFactory(product=product), value=Decimal("1250.50"))

    body = manager_client.get(LIST).content.decode()

    assert "1000 – 1250,5" in body


@pytest.mark.parametrize(
    "query",
    ["ветер", "Кед-41", "brandless-barcode", "Adidas"],
    ids=["name", "article", "barcode", "brand"],
)
def test_the_search_finds_a_product_by_name_article_barcode_or_brand(manager_client, query):
    wanted = sized_product("Кеды «Ветер»", "Adidas", ["41"])
    BarcodeFactory(variant=wanted.variants.get(), value="brandless-barcode", is_default=False)
    sized_product("Шапка", "Nike", ["M"])

    response = manager_client.get(LIST, {"q": query})

    assert listed_names(response) == ["Кеды «Ветер»"]


def test_the_brand_filter_lists_the_brands_and_keeps_one(manager_client):
    sized_product("Кеды", "Adidas", ["41"])
    sized_product("Шапка", "Nike", ["M"])

    response = manager_client.get(LIST, {"brand_name": "Nike"})

    assert listed_names(response) == ["Шапка"]
    assert "?brand_name=Adidas" in response.content.decode()


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST)
    assert response.status_code == 200
    return len(queries)


def test_the_list_of_50_products_costs_the_same_queries_as_a_list_of_2(manager_client):
    warehouses = [WarehouseFactory(), WarehouseFactory()]
    for n in range(2):
        sized_product(f"Товар {n}", "Nike", ["S", "M"], warehouses=warehouses)
    small = _list_queries(manager_client)
    for n in range(2, 50):
        sized_product(f"Товар {n}", "Nike", ["S", "M"], warehouses=warehouses)

    large = _list_queries(manager_client)

    assert large == small
    assert large <= 11  # session, user, page, brands and collections filters, date hierarchy, 3 prefetches ...
