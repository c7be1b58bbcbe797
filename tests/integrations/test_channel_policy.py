"""The channel policy (catalog.channel_policy) seen through every channel: the same catalog through IMSHOP
availability, pickup point and cart and the three Yandex feeds must agree item by item on whether an item is
offered, at which price, and how much of it is available."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from catalog.models import PriceType
from integrations.imshop.models import PickupPoint
from integrations.yandex_eats.models import YandexPlace
from tests.factories import ProductFactory, StockLevelFactory, VariantFactory, VariantPriceFactory, WarehouseFactory
from tests.factories.catalog import price_type
from tests.integrations import yandex_helpers as helpers

yandex_credentials, yandex_token, ya = helpers.yandex_credentials, helpers.yandex_token, helpers.ya
KEY = "imshop-test-key"

# id: (product fields, own price, retail price, stock total, reserved) -> expected (price or None, available)
CATALOG = {
    "own-price": ({}, "120", "100", "5", "1"),
    "retail-only": ({}, None, "100", "5", "0"),
    "zero-own-price": ({}, "0", "100", "2", "0"),
    "oversold": ({}, None, "50", "1", "4"),
    "hidden": ({"available": False}, None, "100", "9", "0"),
    "archived": ({"deleted": True}, None, "100", "5", "0"),
    "unpriced": ({}, None, None, "3", "0"),
    "zero-price": ({}, None, "0", "3", "0"),
    "weighed": ({"is_catch_weight": True}, None, "300", "2.5", "0.25"),
}
EXPECTED = {
    "own-price": (120, 4),
    "retail-only": (100, 5),
    "zero-own-price": (100, 2),
    "oversold": (50, 0),
    "hidden": (None, 0),
    "archived": (None, 0),
    "unpriced": (None, 0),
    "zero-price": (None, 0),
    "weighed": (300, 2.25),
}


@pytest.fixture
def imshop(settings, db):
    settings.IMSHOP_API_KEY = KEY
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {KEY}")
    return client


@pytest.fixture
def store(db):
    own = PriceType.objects.create(code="store", name="Цены магазина")
    warehouse = WarehouseFactory(code="store", city="Москва", public=True, online=False, price_type=own)
    for public_id, (fields, own_price, retail_price, total, reserved) in CATALOG.items():
        variant = VariantFactory(public_id=public_id, product=ProductFactory(variants=0, **fields))
        if own_price is not None:
            VariantPriceFactory(variant=variant, price_type=own, value=Decimal(own_price))
        if retail_price is not None:
            VariantPriceFactory(variant=variant, price_type=price_type("RETAIL"), value=Decimal(retail_price))
        StockLevelFactory(variant=variant, warehouse=warehouse, total=Decimal(total), reserved=Decimal(reserved))
    YandexPlace.objects.create(place_id="place-1", warehouse=warehouse, name="Магазин")
    PickupPoint.objects.create(location_id="P1", title="ПВЗ", address="Тверская, 1", warehouse=warehouse)
    return warehouse


def test_every_channel_agrees_item_by_item(imshop, ya, store):
    ids = list(CATALOG)
    feed = "/yandex-eats/nomenclature/place-1/"
    yandex_stock = {i["id"]: i["stock"] for i in helpers.streamed_json(ya.get(feed + "availability"))["items"]}
    yandex_prices = {i["id"]: i["price"] for i in helpers.streamed_json(ya.get(feed + "prices"))["items"]}
    composition = helpers.streamed_json(ya.get(feed + "composition"))["items"]
    yandex_cards = {i["id"]: i["price"] for i in composition}

    availability = imshop.post(
        "/webhooks/imshop/availability", {"city": "Москва", "configurationIds": ids}, format="json"
    ).json()["availability"]
    imshop_stock = {a["id"]: (a["price"], a["quantity"]) for a in availability}
    pickup = imshop.post(
        "/webhooks/imshop/pickup-point",
        {"locationId": "P1", "items": [{"id": i, "quantity": 100} for i in ids]},
        format="json",
    ).json()["pickupInfo"]["items"]
    pickup_items = {p["id"]: (p.get("price"), p["quantity"]) for p in pickup}

    for public_id, (price, available) in EXPECTED.items():
        offered = price is not None and available > 0
        assert yandex_stock[public_id] == available, public_id
        assert yandex_prices.get(public_id) == price, public_id
        assert yandex_cards.get(public_id) == price, public_id
        assert imshop_stock.get(public_id) == ((price, available) if offered else None), public_id
        assert pickup_items[public_id] == (price, available), public_id


def test_the_cart_prices_what_the_channels_offer_at_retail(imshop, store):
    # The cart has no warehouse: it sees the RETAIL price, as every channel without a price type of its own.
    offered = ["retail-only", "oversold", "weighed"]
    body = imshop.post(
        "/webhooks/imshop/cart",
        {"items": [{"id": f"c-{i}", "privateId": i, "configurationId": i, "quantity": 1} for i in offered]},
        format="json",
    ).json()
    assert {i["id"]: i["price"] for i in body["items"]} == {i: EXPECTED[i][0] for i in offered}
