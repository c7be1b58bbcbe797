"""The IMSHOP webhooks and the Yandex Eats availability feed replayed from their specs
(imshop-stock-availability.md, imshop-pickup-point.md, imshop-cart-calculation.md, yandex-eats-availability.txt)."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from tests.factories import ProductFactory, StockLevelFactory, VariantFactory, VariantPriceFactory
from tests.integrations.test_imshop_availability import aviapark, imshop  # noqa: F401 (fixtures)
from tests.integrations.test_imshop_cart import item, spec_catalog  # noqa: F401 (fixtures)
from tests.integrations.test_imshop_pickup import msk123  # noqa: F401 (fixtures)
from tests.integrations.yandex_helpers import place, streamed_json, ya, yandex_credentials, yandex_token  # noqa: F401

from .speclib import assert_as_spec, example

pytestmark = pytest.mark.django_db


def test_imshop_availability(imshop, aviapark):  # noqa: F811
    variant = VariantFactory(public_id="12345")
    StockLevelFactory(variant=variant, warehouse=aviapark, total=Decimal("12"), reserved=Decimal("2"))
    VariantPriceFactory(variant=variant, price_type=aviapark.price_type, value=Decimal("100"))

    body = imshop.post("/webhooks/imshop/availability", example("imshop-availability:20"), format="json").json()

    assert_as_spec(body, example("imshop-availability:39"), extra_keys=True)


def test_imshop_pickup_point(imshop, msk123):  # noqa: F811
    request = example("imshop-pickup:23")
    # The spec's request asks for point MSK582 and item 29891, its answer shows MSK123 and two other items:
    # the request names the point and the items of the answer.
    request["locationId"] = "MSK123"
    request["items"] = [{"id": "31633501", "quantity": 1}, {"id": "518710011", "quantity": 1}]

    body = imshop.post("/webhooks/imshop/pickup-point", request, format="json").json()

    assert_as_spec(
        body,
        example("imshop-pickup:103"),
    )


def test_imshop_pickup_point_of_the_spec_request_as_written(imshop, msk123):  # noqa: F811
    """MSK582 is not a point of ours: the answer says so in the envelope, no 500."""
    response = imshop.post("/webhooks/imshop/pickup-point", example("imshop-pickup:23"), format="json")
    assert response.status_code in (400, 404) and response.json()["success"] is False


def test_imshop_cart(imshop, spec_catalog):  # noqa: F811
    answer = example("imshop-cart:128")
    request = example("imshop-cart:18")
    # The spec's request names other goods than its answer: the request carries the answer's goods.
    request["items"] = [
        item(
            i["id"],
            i["quantity"],
            i["price"] if "gift" not in i or i["gift"] < i["quantity"] else 0,
            name=i["name"],
            **({"appliedDiscounts": i["appliedDiscounts"]} if i["id"] == "87787" else {}),
        )
        for i in answer["items"]
    ]

    body = imshop.post("/webhooks/imshop/cart", request, format="json").json()

    assert_as_spec(
        body,
        answer,
        differs={
            "totalPrice": "the spec's totals do not add up from its own items (95000); ours do",
            "discount": "the same: the spec's 1000 is not the sum of its items' discounts",
            "bonuses.willEarn": "5% of what is paid (the loyalty account's rate); the spec's 1600 is illustrative",
        },
    )


def test_imshop_cart_of_the_spec_request_as_written(imshop, spec_catalog):  # noqa: F811
    """Goods we do not sell are answered without a discount, never a 500."""
    body = imshop.post("/webhooks/imshop/cart", example("imshop-cart:18"), format="json").json()
    assert set(example("imshop-cart:128")) <= set(body)


def test_yandex_availability(ya, place):  # noqa: F811
    product = ProductFactory(public_id="p1", is_catch_weight=True, variants=0)
    variant = VariantFactory(product=product, public_id="some-uniq-identifier")
    VariantPriceFactory(variant=variant, value=Decimal("100"))  # only priced goods are on sale
    StockLevelFactory(variant=variant, warehouse=place.warehouse, total=Decimal("7.45"))

    body = streamed_json(ya.get(f"/yandex-eats/nomenclature/{place.place_id}/availability"))

    assert_as_spec(body, example("yandex:48"), extra_keys=True)


def test_yandex_errors(ya, place, monkeypatch):  # noqa: F811
    url = f"/yandex-eats/nomenclature/{place.place_id}/availability"
    description = "the spec's example text is a placeholder; we describe the error"
    code = "the spec's examples show code 400 for every status; we answer the HTTP status as the code"

    assert_as_spec(APIClient().get(url).json(), example("yandex:136"))
    bad = ya.get(url + "?x=%00")
    assert bad.status_code == 400
    assert_as_spec(bad.json(), example("yandex:98"), differs={"[0].description": description})
    not_found = ya.get("/yandex-eats/nomenclature/no-such-place/availability")
    assert not_found.status_code == 404
    assert_as_spec(not_found.json(), example("yandex:159"), differs={"[0].description": description, "[0].code": code})

    def crash(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("integrations.yandex_eats.queries.find_place", crash)
    ya.raise_request_exception = False
    crashed = ya.get(url)
    assert crashed.status_code == 500
    assert_as_spec(crashed.json(), example("yandex:175"), differs={"[0].description": description, "[0].code": code})
