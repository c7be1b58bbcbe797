"""The spec's partial writes replayed with what an outside client adds to them: "значения отсутствующих в запросе
полей при этом не изменяются" (PATCH /products, /products/batch, /products/variants), "Обновляет настройки"
(eshop_settings), and our pickup point upsert. One test per rule of docs/api.md ("PATCH and null")."""

from decimal import Decimal

import pytest

from catalog.models import Eshop, Product, Variant, VariantEshopSetting
from integrations.imshop.models import PickupPoint
from tests.factories import ProductFactory, VariantFactory
from tests.integrations.test_imshop_availability import imshop  # noqa: F401 (fixtures)
from tests.integrations.test_imshop_pickup import msk123  # noqa: F401 (fixtures)

from .conftest import ESHOP
from .speclib import assert_as_spec, example

pytestmark = pytest.mark.django_db


def test_patch_null_clears_what_may_be_empty_and_keeps_what_cannot(api, spec_world):
    ProductFactory(public_id="1015", short_name="Старое", vat="VAT_20", brand_name="Бренд", description="Описание")
    request = example("cactus:864") | {"vat": None, "brandName": None, "available": None}

    body = api.patch("/api/lite/products", request, format="json").json()

    assert_as_spec(body, {"success": True, "id": "1015"})
    product = Product.objects.get(public_id="1015")
    assert product.short_name == example("cactus:864")["shortName"]  # named: changed
    assert (product.vat, product.available) == ("VAT_20", True)  # null on a field that cannot be empty: kept
    assert product.brand_name is None  # null on a field that may be empty: cleared
    assert product.description == "Описание"  # absent: kept


def test_patch_batch_null_keeps_what_cannot_be_empty(api, spec_world):
    for public_id in ("1015", "1016"):
        ProductFactory(public_id=public_id, short_name="Старое имя", vat="VAT_10", type="SERVICE")
    request = example("cactus:3469")
    for product in request["products"]:
        product |= {"vat": None, "type": None}

    body = api.patch("/api/lite/products/batch", request, format="json").json()

    assert body["success"] is True and all(p["success"] for p in body["products"])
    assert [(p["product"]["vat"], p["product"]["type"]) for p in body["products"]] == [("VAT_10", "SERVICE")] * 2
    assert [p["product"]["shortName"] for p in body["products"]] == [
        "Limited Edition Паста (помада) для укладки волос",
        "Товар 2",
    ]


@pytest.fixture
def variant_1024(api, spec_world):
    """The spec's POST /products/variants example written (variant 1024 of product 1002)."""
    product = ProductFactory(public_id="1002", variants=0)
    product.images.create(public_id="8b16a469-2b8c-4df4-85f2-c9c9afa1f921", file="images/8b/one.jpg")
    assert api.post("/api/lite/products/variants", example("cactus:1487"), format="json").json()["success"] is True
    return api.get("/api/lite/products?id=1002").json()["products"][0]["variants"][0]


def test_patch_variant_dimensions_change_only_the_axes_named(api, variant_1024):
    request = example("cactus:1555") | {"dimensions": {"depth": 12}}

    body = api.patch("/api/lite/products/variants", request, format="json").json()

    assert body == {"success": True, "productId": "1002", "variantId": "1024"}  # "ответ аналогичен POST"
    after = api.get("/api/lite/products?id=1002").json()["products"][0]["variants"][0]
    assert after["dimensions"] == {"height": 5, "width": 5, "depth": 12}  # the example wrote 5, 5, 10
    assert after["weight"] == variant_1024["weight"] == 500


def test_patch_variant_price_null_removes_that_price_absent_keeps_it(api, variant_1024):
    request = example("cactus:1555") | {"oldPrice": None}

    body = api.patch("/api/lite/products/variants", request, format="json").json()

    assert body == {"success": True, "productId": "1002", "variantId": "1024"}
    after = api.get("/api/lite/products?id=1002").json()["products"][0]["variants"][0]
    assert after["price"] == 990 and after.get("oldPrice") is None
    assert [(p["priceCode"], p["value"]) for p in after["prices"]] == [("Розничная цена", 990)]

    api.patch("/api/lite/products/variants", example("cactus:1555") | {"price": 1000}, format="json")
    after = api.get("/api/lite/products?id=1002").json()["products"][0]["variants"][0]
    assert [(p["priceCode"], p["value"]) for p in after["prices"]] == [("Розничная цена", 1000)]


def test_eshop_settings_merge_into_the_stored_ones(api, spec_world):
    for eshop_id in ("44fce711-e809-59ed-895a-661a32886d7f", "4f4509b3-3b5b-1474-cabd-dfe8fce1b9ca"):
        Eshop.objects.create(public_id=eshop_id, type="OZON", name=eshop_id)
    variant = VariantFactory(public_id="1000")
    VariantEshopSetting.objects.create(variant=variant, eshop=Eshop.objects.get(public_id=ESHOP), ext_id="BERU-1")

    body = api.post("/api/lite/products/variants/eshop_settings", example("cactus:3739"), format="json").json()

    assert_as_spec(body, example("cactus:3763"))
    stored = dict(VariantEshopSetting.objects.filter(variant=variant).values_list("eshop__public_id", "ext_id"))
    assert stored == {
        ESHOP: "BERU-1",  # not named by the request: kept
        "44fce711-e809-59ed-895a-661a32886d7f": "HTW-LX3",
        "4f4509b3-3b5b-1474-cabd-dfe8fce1b9ca": "HTW-LX3",
    }
    assert Variant.objects.get(public_id="1000").eshop_settings.count() == 3


def test_pickup_point_updated_by_some_fields_still_answers_the_spec(api, imshop, msk123):  # noqa: F811
    """An update naming one field of the spec's point (no title: required only to create) keeps the rest,
    so the webhook answers the spec's pickupInfo."""
    PickupPoint.objects.filter(pk=msk123.pk).update(delivery_term="", price=Decimal(1))

    response = api.post(
        "/api/lite/pickup_points", {"locationId": "MSK123", "deliveryTerm": "от 3-х дней", "price": 100}, format="json"
    )
    assert response.status_code == 200, response.content

    request = example("imshop-pickup:23") | {"locationId": "MSK123"}
    request["items"] = [{"id": "31633501", "quantity": 1}, {"id": "518710011", "quantity": 1}]  # as test_integrations
    assert_as_spec(
        imshop.post("/webhooks/imshop/pickup-point", request, format="json").json(), example("imshop-pickup:103")
    )
