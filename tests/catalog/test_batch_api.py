import re

import pytest

from catalog.models import Barcode, HistoryEvent, Product, Variant
from tests.factories import BarcodeFactory, ProductFactory, WarehouseFactory

from .helpers import assert_error_envelope, snapshot_counts

pytestmark = pytest.mark.django_db

# The spec's example request of POST /api/lite/products/batch.
SPEC_BATCH = {
    "products": [
        {
            "id": f"BATCH{n}",
            "shortName": f"BATCH{n}",
            "variantsToUpdate": [
                {"variantId": f"BATCH{n}", "productId": f"BATCH{n}", "barcodes": [{"value": code, "isDefault": True}]}
            ],
        }
        for n, code in ((2500, "bc9194352"), (2501, "bc7216735"), (2502, "bc6271942"))
    ]
}
TIME = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")


@pytest.fixture(autouse=True)
def warehouses():
    return [WarehouseFactory(is_default=True), WarehouseFactory()]


def test_batch_answers_each_product_in_order_with_its_document(api):
    body = api.post("/api/lite/products/batch", SPEC_BATCH, format="json").json()

    assert set(body) == {"startTime", "finishTime", "products", "success"}
    assert body["success"] is True and TIME.match(body["startTime"]) and TIME.match(body["finishTime"])
    assert [p["id"] for p in body["products"]] == ["BATCH2500", "BATCH2501", "BATCH2502"]
    first = body["products"][0]
    assert first["success"] is True
    assert first["variantsResult"] == [{"success": True, "productId": "BATCH2500", "variantId": "BATCH2500"}]
    product = first["product"]
    assert product["id"] == "BATCH2500" and product["shortName"] == "BATCH2500"
    assert product["type"] == "SKU" and product["vat"] == "NO_VAT" and product["useBatchAccounting"] is False
    [variant] = product["variants"]
    assert variant["id"] == "BATCH2500"
    assert variant["barcodes"] == [{"value": "bc9194352", "isDefault": True, "type": "COMMON"}]
    assert Variant.objects.filter(product__public_id="BATCH2500").count() == 1


def test_one_bad_product_never_spoils_the_others(api):
    payload = {"products": [dict(SPEC_BATCH["products"][0], id="№BATCH2500"), *SPEC_BATCH["products"][1:]]}
    payload["products"][2]["variantsToUpdate"][0]["barcodes"][0]["value"] = "bc7216735"

    body = api.post("/api/lite/products/batch", payload, format="json").json()

    first, second, third = body["products"]
    assert first == {
        "success": False,
        "errors": [
            {
                "code": 0,
                "message": 'Заданный ID продукта "№BATCH2500" не соответствует требованиям: ID должен содержать только '
                "цифры, латиницу, тире, подчеркивание, #, или точку ",
            }
        ],
    }
    assert second["success"] is True
    assert third["success"] is True
    assert third["variantsResult"] == [
        {
            "errors": [
                {
                    "code": 0,
                    "message": "Штрихкод bc7216735 уже используются в варианте [BATCH2501] BATCH2501, ШК: bc7216735 ",
                }
            ],
            "productId": "BATCH2502",
            "success": False,
            "variantId": "BATCH2502",
        }
    ]
    assert not Product.objects.filter(public_id="№BATCH2500").exists()
    assert Barcode.objects.get(value="bc7216735").variant.public_id == "BATCH2501"
    # The product itself was saved; its failed variant was not, so it got its automatic variant.
    assert Product.objects.get(public_id="BATCH2502").variants.count() == 1


def test_an_invalid_item_is_reported_in_place(api):
    payload = {"products": [{"id": "ok1", "shortName": "x"}, {"id": "bad", "available": "perhaps"}, "junk"]}

    products = api.post("/api/lite/products/batch", payload, format="json").json()["products"]

    assert products[0]["success"] is True
    assert products[1]["success"] is False and products[1]["id"] == "bad"
    assert products[2]["success"] is False
    assert not Product.objects.filter(public_id="bad").exists()


def test_more_than_1000_products_is_400_and_changes_nothing(api):
    before = snapshot_counts()
    payload = {"products": [{"id": f"P{i}", "shortName": "x"} for i in range(1001)]}

    assert_error_envelope(api.post("/api/lite/products/batch", payload, format="json"), 400)

    assert snapshot_counts() == before


@pytest.mark.parametrize("payload", [{}, {"products": "all"}, {"products": None}, []])
def test_batch_without_a_product_list_is_400(api, payload):
    assert_error_envelope(api.post("/api/lite/products/batch", payload, format="json"), 400)


def test_patch_batch_updates_only_the_given_fields(api):
    ProductFactory(public_id="1015", short_name="Старое", brand_name="Бренд")
    ProductFactory(public_id="1016", short_name="Старое 2")

    body = api.patch(
        "/api/lite/products/batch",
        {
            "products": [
                {
                    "id": "1015",
                    "shortName": "Limited Edition Паста (помада) для укладки волос",
                    "internationalDescription": "abc",
                },
                {"id": "1016", "shortName": "Товар 2"},
                {"id": "ghost", "shortName": "нет такого"},
            ]
        },
        format="json",
    ).json()

    assert [p["success"] for p in body["products"]] == [True, True, False]
    assert body["products"][2]["errors"][0]["message"] == "Продукт с id «ghost» не найден"
    product = Product.objects.get(public_id="1015")
    assert product.short_name.startswith("Limited") and product.brand_name == "Бренд"
    assert not Product.objects.filter(public_id="ghost").exists()


def test_batch_records_one_history_event_per_saved_product(api):
    api.post("/api/lite/products/batch", SPEC_BATCH, format="json")

    events = HistoryEvent.objects.filter(source_action="POST /products/batch")
    assert sorted(events.values_list("product_public_id", flat=True)) == ["BATCH2500", "BATCH2501", "BATCH2502"]


def test_batch_of_100_products_uses_a_bounded_number_of_queries(api, django_assert_max_num_queries):
    payload = {
        "products": [
            {
                "id": f"Q{i}",
                "shortName": f"Q{i}",
                "variantsToUpdate": [
                    {
                        "variantId": f"Q{i}",
                        "prices": [{"priceCode": "Розничная цена", "value": 100}],
                        "barcodes": [{"value": f"q{i}"}],
                    }
                ],
            }
            for i in range(100)
        ]
    }
    with django_assert_max_num_queries(40):  # set-based: a constant, not per product (was ~34 per product)
        body = api.post("/api/lite/products/batch", payload, format="json").json()
    assert all(p["success"] for p in body["products"])


def test_a_barcode_taken_concurrently_fails_only_its_variant(api, monkeypatch):
    """The pre-check cannot see a barcode another request inserts at the same moment; the unique
    constraint catches it, and only that variant is reported, the rest of the batch is kept."""
    from catalog.services.variants import INTEGRITY_RACE

    BarcodeFactory(value="race-1")
    original = Barcode.objects

    class CheckBlindManager:
        """Barcode.objects whose conflict check sees nothing, as if the rival had not committed yet."""

        def filter(self, *conditions, **lookups):  # conditions: catalog.documents filters by expressions
            return original.none() if "value__in" in lookups else original.filter(*conditions, **lookups)

        def __getattr__(self, name):
            return getattr(original, name)

    monkeypatch.setattr(Barcode, "objects", CheckBlindManager())
    payload = {
        "products": [
            {"id": "R1", "variantsToUpdate": [{"variantId": "R1", "barcodes": [{"value": "race-1"}]}]},
            {"id": "R2", "variantsToUpdate": [{"variantId": "R2", "barcodes": [{"value": "race-2"}]}]},
        ]
    }

    body = api.post("/api/lite/products/batch", payload, format="json").json()

    first, second = body["products"]
    assert first["success"] is True
    assert first["variantsResult"][0]["errors"] == [{"code": 0, "message": INTEGRITY_RACE}]
    assert second["success"] is True and second["variantsResult"][0]["success"] is True
    monkeypatch.undo()
    assert Barcode.objects.get(value="race-1").variant.product.public_id != "R1"
    assert Barcode.objects.get(value="race-2").variant.public_id == "R2"
