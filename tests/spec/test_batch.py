"""POST/PATCH /api/lite/products/batch, replayed from the spec (cactus-products-api.txt, "/api/lite/products/batch")."""

import pytest

from inventory.models import Warehouse

from .speclib import assert_as_spec, example

pytestmark = pytest.mark.django_db

TIMES = ("startTime", "finishTime")
GENERATED = (*TIMES, "products[*].product.variants[*].ordering")


# Why our answer differs from the spec's batch answers on purpose (docs/api.md, "Where we differ").
NOT_YET_IN_WMS = (
    "isFfSynchronised is true only once the WMS accepted the variant (export_ff or WMS_AUTO_PUSH); a new "
    "variant is not in the warehouse yet, and saying so keeps clients from shipping what the WMS does not know"
)


@pytest.fixture
def batch_world(spec_world, settings):
    # The spec's account puts new products into its root collection "1001" (DEFAULT_PRODUCT_COLLECTION).
    settings.DEFAULT_PRODUCT_COLLECTION = "1001"
    # The spec's answer shows a stock row for each of the account's two warehouses.
    Warehouse.objects.filter(is_default=True).update(code="5cb8dd66-836d-6c1a-a84b-e71fcf97104c")
    Warehouse.objects.create(code="e55cd8ab-09f3-26b7-00df-27e3642f5b79", name="Второй склад")


def test_post_batch_creates_the_products_as_the_spec_answers(api, batch_world):
    body = api.post("/api/lite/products/batch", example("cactus:3069"), format="json").json()

    assert_as_spec(
        body,
        example("cactus:3125"),
        generated=GENERATED,
        differs={
            # The spec's answer is inconsistent with its own request here: it answers other barcodes
            # (bc9900111, bc5524020, bc6869740) than the request sends; its error example (below) answers the
            # barcode sent, as we do.
            "products[*].product.variants[0].barcodes[0].value": "the spec's answer contradicts its request",
            "products[*].product.variants[0].isFfSynchronised": NOT_YET_IN_WMS,
        },
    )


def test_post_batch_reports_each_failure_in_place_as_the_spec_answers(api, batch_world):
    """The spec gives no request for its error answer; the answer implies it: the products of the example
    request exist (BATCH2502 keeps its barcode bc6271942), the first product's id is "№BATCH2500" and the
    third product takes the second one's barcode."""
    api.post("/api/lite/products/batch", example("cactus:3069"), format="json")
    request = example("cactus:3069")
    request["products"][0]["id"] = "№BATCH2500"
    request["products"][2]["variantsToUpdate"][0]["barcodes"][0]["value"] = "bc7216735"

    body = api.post("/api/lite/products/batch", request, format="json").json()

    assert_as_spec(
        body,
        example("cactus:3313"),
        generated=GENERATED,
        differs={"products[*].product.variants[0].isFfSynchronised": NOT_YET_IN_WMS},
    )


def test_patch_batch_changes_only_the_named_fields(api, spec_world):
    from tests.factories import ProductFactory

    for public_id in ("1015", "1016"):
        ProductFactory(public_id=public_id, short_name="Старое имя", description="Описание", brand_name="Бренд")

    body = api.patch("/api/lite/products/batch", example("cactus:3469"), format="json").json()

    # "ответ аналогичен POST /api/lite/products/batch": the same envelope, each product with its document.
    assert body["success"] is True and [p["id"] for p in body["products"]] == ["1015", "1016"]
    first, second = (p["product"] for p in body["products"])
    assert first["shortName"] == "Limited Edition Паста (помада) для укладки волос"
    assert first["internationalDescription"] == "abc"
    assert second["shortName"] == "Товар 2"
    assert [(p["description"], p["brandName"]) for p in (first, second)] == [("Описание", "Бренд")] * 2


def test_every_new_variant_gets_an_empty_row_in_every_warehouse(api, batch_world):
    """Whatever creates the variant: a single product write, a variant write, a copy. Existing rows stay."""
    from catalog.models import Variant
    from inventory.models import StockLevel

    api.post("/api/lite/products", {"id": "P1", "shortName": "Один"}, format="json")
    api.post("/api/lite/products/variants", {"productId": "P1", "variantId": "P1-2"}, format="json")
    api.post("/api/lite/products/copy", {"id": "P1"}, format="json")

    warehouses = set(Warehouse.objects.values_list("code", flat=True))
    assert Variant.objects.count() == 4
    for variant in Variant.objects.all():
        rows = StockLevel.objects.filter(variant=variant)
        assert {r.warehouse.code for r in rows} == warehouses, variant.public_id
        assert {(r.total, r.reserved, r.defective) for r in rows} == {(0, 0, 0)}
