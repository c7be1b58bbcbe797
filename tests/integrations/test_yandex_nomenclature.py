from decimal import Decimal

import orjson
from django.db import connection

from catalog.models import PriceType, Product, ProductImage, Variant, VariantPrice
from inventory.models import StockLevel
from tests.factories import (
    BarcodeFactory,
    CollectionFactory,
    ProductFactory,
    StockLevelFactory,
    VariantFactory,
    VariantOptionFactory,
    VariantPriceFactory,
    WarehouseFactory,
    price_type,
)
from tests.integrations import yandex_helpers as helpers

# Shared fixtures.
yandex_credentials, yandex_token, ya, place = (
    helpers.yandex_credentials,
    helpers.yandex_token,
    helpers.ya,
    helpers.place,
)
streamed_json = helpers.streamed_json


def url(place, feed):
    return f"/yandex-eats/nomenclature/{place.place_id}/{feed}"


def variant(public_id, **product_fields):
    return VariantFactory(public_id=public_id, product=ProductFactory(variants=0, **product_fields))


def stock(variant, warehouse, total, reserved="0"):
    return StockLevelFactory(variant=variant, warehouse=warehouse, total=Decimal(total), reserved=Decimal(reserved))


def prices(variant, price, old=None):
    VariantPriceFactory(variant=variant, price_type=price_type("RETAIL"), value=Decimal(price))
    if old is not None:
        VariantPriceFactory(variant=variant, price_type=price_type("OLD"), value=Decimal(old))


def priced(item, value="100"):
    prices(item, value)
    return item


# Availability


def test_availability_gives_pieces_and_kilograms_of_available_stock(ya, place):
    warehouse = place.warehouse
    stock(priced(variant("milk")), warehouse, "10", reserved="3")
    stock(priced(variant("cheese", is_catch_weight=True)), warehouse, "3.455", reserved="0.005")
    stock(priced(variant("half", is_catch_weight=False)), warehouse, "2.5")
    stock(priced(variant("oversold")), warehouse, "1", reserved="4")
    priced(variant("never-stocked"))
    elsewhere = priced(variant("elsewhere"))
    stock(elsewhere, WarehouseFactory(), "50")

    response = ya.get(url(place, "availability"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert streamed_json(response) == {
        "items": [
            {"id": "milk", "stock": 7},
            {"id": "cheese", "stock": 3.45},
            {"id": "half", "stock": 2},
            {"id": "oversold", "stock": 0},
            {"id": "never-stocked", "stock": 0},
            {"id": "elsewhere", "stock": 0},
        ]
    }


def test_availability_gives_zero_for_hidden_and_archived_products(ya, place):
    stock(priced(variant("hidden", available=False)), place.warehouse, "5")
    stock(priced(variant("archived", deleted=True)), place.warehouse, "5")
    stock(priced(variant("on-sale")), place.warehouse, "5")

    items = streamed_json(ya.get(url(place, "availability")))["items"]

    assert items == [{"id": "hidden", "stock": 0}, {"id": "archived", "stock": 0}, {"id": "on-sale", "stock": 5}]


def test_a_place_with_an_assortment_offers_only_that_collection_and_its_sub_collections(ya, place):
    dairy = CollectionFactory(public_id="dairy")
    cheese = CollectionFactory(public_id="cheese", parent=dairy)
    milk, brie, bread = variant("milk"), variant("brie"), variant("bread")
    milk.product.collections.add(dairy)
    brie.product.collections.add(cheese, CollectionFactory(public_id="french"))
    bread.product.collections.add(CollectionFactory(public_id="bakery"))
    for each in (milk, brie, bread):
        stock(each, place.warehouse, "5")
        prices(each, "100")
    place.assortment = dairy
    place.save()

    def ids(feed):
        return [item["id"] for item in streamed_json(ya.get(url(place, feed)))["items"]]

    assert ids("availability") == ids("prices") == ["milk", "brie"]
    assert sorted(ids("composition")) == ["brie", "milk"]
    # the catalog-wide feed ignores places
    assert len(streamed_json(ya.get("/yandex-eats/nomenclature/composition"))["items"]) == 3


def test_availability_of_an_empty_catalog_is_an_empty_list(ya, place):
    assert streamed_json(ya.get(url(place, "availability"))) == {"items": []}


def test_trailing_slash_is_tolerated(ya, place):
    stock(priced(variant("milk")), place.warehouse, "1")
    response = ya.get(url(place, "availability") + "/")
    assert streamed_json(response) == {"items": [{"id": "milk", "stock": 1}]}


# Prices


def test_prices_give_price_old_price_and_yandex_vat_and_leave_out_zero_prices(ya, place):
    prices(variant("v20", vat="VAT_20"), "100", old="150")
    prices(variant("v10", vat="VAT_10"), "499.90", old="400")  # an old price below the price is not a discount
    prices(variant("v7", vat="VAT_7"), "70")
    prices(variant("v5", vat="VAT_5"), "50")
    prices(variant("v0", vat="VAT_0"), "10.50")
    prices(variant("novat", vat="NO_VAT"), "1")
    prices(variant("free"), "0", old="10")
    variant("unpriced")
    prices(variant("hidden", available=False), "5")
    prices(variant("archived", deleted=True), "5")

    response = ya.get(url(place, "prices"))

    assert response.status_code == 200
    assert streamed_json(response) == {
        "items": [
            {"id": "v20", "price": 100, "oldPrice": 150, "vat": 20},
            {"id": "v10", "price": 499.9, "vat": 10},
            {"id": "v7", "price": 70, "vat": 7},
            {"id": "v5", "price": 50, "vat": 5},
            {"id": "v0", "price": 10.5, "vat": -1},
            {"id": "novat", "price": 1, "vat": -1},
        ]
    }


def test_prices_come_from_the_warehouse_own_price_type_else_retail(ya, place):
    own = PriceType.objects.create(code="yandex", name="Цена Яндекс Еды")
    place.warehouse.price_type = own
    place.warehouse.save()
    item = variant("milk", vat="VAT_10")
    prices(item, "100", old="130")
    VariantPriceFactory(variant=item, price_type=own, value=Decimal("120"))
    other = variant("no-own-price")
    prices(other, "50")

    items = streamed_json(ya.get(url(place, "prices")))["items"]

    assert items == [
        {"id": "milk", "price": 120, "oldPrice": 130, "vat": 10},
        {"id": "no-own-price", "price": 50, "vat": -1},
    ]


# Composition


def test_composition_gives_categories_and_items_in_yandex_shape(ya, place):
    food = CollectionFactory(public_id="food", name="Еда", ordering=1)
    dairy = CollectionFactory(public_id="dairy", name="Молочное", parent=food, ordering=2)
    hidden = CollectionFactory(public_id="internal", name="Служебная", is_public=False)
    CollectionFactory(public_id="cheeses", name="Сыры", parent=hidden, ordering=3)
    milk = ProductFactory(
        variants=0,
        short_name="Молоко 3,2%",
        description="Пастеризованное",
        composition="Молоко",
        country_of_origin="Россия",
        brand_name="Ферма",
        vat="VAT_10",
    )
    milk.collections.set([dairy, hidden])
    milk_1l = VariantFactory(product=milk, public_id="milk-1l", article="ML-1", weight=Decimal("1030"))
    VariantOptionFactory(variant=milk_1l, code="volume", string_value=None, decimal_value=Decimal("1.000000"))
    VariantOptionFactory(variant=milk_1l, code="pack", string_value="тетрапак")
    BarcodeFactory(variant=milk_1l, value="4600000000011", is_default=False)
    BarcodeFactory(variant=milk_1l, value="4600000000028", is_default=True)
    ProductImage.objects.create(product=milk, public_id="img-1", file="images/im/img-1.jpg", pos=1)
    prices(milk_1l, "89.90", old="99")
    cheese = ProductFactory(variants=0, short_name="Сыр весовой", description=None, is_catch_weight=True)
    cheese_kg = VariantFactory(product=cheese, public_id="cheese", article=None, weight=None)
    prices(cheese_kg, "1200")
    prices(variant("hidden", available=False), "1")

    response = ya.get(url(place, "composition"))

    assert response.status_code == 200
    assert streamed_json(response) == {
        "categories": [
            {"id": "food", "name": "Еда", "parentId": None},
            {"id": "dairy", "name": "Молочное", "parentId": "food"},
            {"id": "cheeses", "name": "Сыры", "parentId": None},
            {"id": "none:uncategorized", "name": "Без категории", "parentId": None},
        ],
        "items": [
            {
                "id": "milk-1l",
                "categoryId": "dairy",
                "name": "Молоко 3,2%, 1, тетрапак",
                "barcode": {"value": "4600000000028", "values": ["4600000000028", "4600000000011"]},
                "description": {
                    "general": "Пастеризованное",
                    "composition": "Молоко",
                    "vendorCountry": "Россия",
                    "vendorName": "Ферма",
                },
                "images": [{"hash": "img-1", "url": "http://testserver/media/images/im/img-1.jpg"}],
                "isCatchWeight": False,
                "measure": {"value": 1030, "unit": "GRM"},
                "price": 89.9,
                "oldPrice": 99,
                "vat": 10,
                "vendorCode": "ML-1",
            },
            {
                "id": "cheese",
                "categoryId": "none:uncategorized",
                "name": "Сыр весовой",
                "description": {"general": ""},
                "images": [],
                "isCatchWeight": True,
                "measure": {"value": 1, "unit": "KGRM"},
                "price": 1200,
                "vat": -1,
            },
        ],
    }


def test_catalog_composition_without_a_place_uses_retail_prices(ya, db):
    prices(variant("milk"), "10")
    body = streamed_json(ya.get("/yandex-eats/nomenclature/composition"))
    assert [(item["id"], item["price"]) for item in body["items"]] == [("milk", 10)]


def test_composition_of_an_unknown_place_is_404(ya, db):
    response = ya.get("/yandex-eats/nomenclature/nowhere/composition")
    assert response.status_code == 404
    assert response.json() == [{"code": 404, "description": "Заведение с placeId «nowhere» не найдено"}]


# 20,000 items


def make_catalog(warehouse, products=2_000, variants_per_product=10):
    """20,000 variants with stock and a retail price; odd products are sold by weight."""
    retail = price_type("RETAIL")
    created = Product.objects.bulk_create(
        Product(public_id=f"BP{i}", short_name=f"Товар {i}", is_catch_weight=i % 2 == 1, vat="VAT_20")
        for i in range(products)
    )
    variants = Variant.objects.bulk_create(
        Variant(public_id=f"BV{i}-{j}", product=product, ordering=j)
        for i, product in enumerate(created)
        for j in range(variants_per_product)
    )
    StockLevel.objects.bulk_create(
        StockLevel(variant=v, warehouse=warehouse, total=Decimal("5.250"), reserved=Decimal("1")) for v in variants
    )
    VariantPrice.objects.bulk_create(VariantPrice(variant=v, price_type=retail, value=Decimal("100")) for v in variants)
    return variants


def test_twenty_thousand_items_stream_in_a_constant_number_of_queries(ya, place, django_assert_num_queries):
    make_catalog(place.warehouse)
    plan = 1 if connection.vendor == "postgresql" else 0  # SET LOCAL cursor_tuple_fraction

    # token + place + the rows
    with django_assert_num_queries(3 + plan):
        response = ya.get(url(place, "availability"))
        chunks = list(response.streaming_content)
    assert len(chunks) > 3, "written incrementally, not as one body"
    items = orjson.loads(b"".join(chunks))["items"]
    assert len(items) == 20_000
    assert items[0] == {"id": "BV0-0", "stock": 4}
    assert items[10] == {"id": "BV1-0", "stock": 4.25}

    # token + place + the rows
    with django_assert_num_queries(3 + plan):
        response = ya.get(url(place, "prices"))
        items = orjson.loads(b"".join(response.streaming_content))["items"]
    assert len(items) == 20_000
    assert items[0] == {"id": "BV0-0", "price": 100, "vat": 20}

    # token + place + categories + "any uncategorized" + the rows + 4 per chunk of 2000 rows
    with django_assert_num_queries(5 + 4 * 10 + plan):
        response = ya.get(url(place, "composition"))
        body = orjson.loads(b"".join(response.streaming_content))
    assert len(body["items"]) == 20_000
