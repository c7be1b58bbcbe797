"""A PATCH of a product that names only its variants, every one of them refused, writes nothing (found by
probing: it still appended a history event and moved the product's `updated_at`). The answer is the same as
before: the product succeeds with its document, and each variant carries its error. Both write paths are
covered: the set-based batch and the product-by-product one (taken when an item names a product twice)."""

import pytest

from catalog.models import HistoryEvent, Product
from tests.factories import ProductFactory, WarehouseFactory, price_type

pytestmark = pytest.mark.django_db

REFUSED = {"variantId": "P-1", "prices": [{"priceCode": "нет такой", "value": 1}]}
SAVED = {"variantId": "P-1", "article": "NEW"}


@pytest.fixture(autouse=True)
def product():
    price_type("RETAIL")
    WarehouseFactory(code="WH1", is_default=True)
    product = ProductFactory(public_id="P", variants=0)
    product.variants.create(public_id="P-1", article="ART")
    return product


def patch(api, url: str, items: list[dict]) -> list[dict]:
    body = {"products": items} if url.endswith("batch") else items[0]
    response = api.patch(url, body, format="json")
    assert response.status_code == 200, response.content
    answer = response.json()
    return answer["products"] if url.endswith("batch") else [answer]


def state(product):
    return HistoryEvent.objects.filter(product=product).count(), Product.objects.get(pk=product.pk).updated_at


PATHS = {
    "batch": ("/api/lite/products/batch", [{"id": "P", "variantsToUpdate": [REFUSED]}]),
    # The same product twice: the batch goes product by product (products.batchable).
    "product by product": (
        "/api/lite/products/batch",
        [{"id": "P", "variantsToUpdate": [REFUSED]}, {"id": "P", "variantsToUpdate": [REFUSED]}],
    ),
    "PATCH /products": ("/api/lite/products", [{"id": "P", "variantsToUpdate": [REFUSED]}]),
}


@pytest.mark.parametrize("path", PATHS)
def test_refused_variants_alone_leave_no_event_and_keep_updated_at(api, product, path):
    url, items = PATHS[path]
    before = state(product)

    answers = patch(api, url, items)

    assert state(product) == before
    for answer in answers:
        assert answer["success"] is True and answer["id"] == "P"
        if url.endswith("batch"):  # the batch answers every product with its document (docs/api.md)
            assert answer["product"]["id"] == "P"
        [variant] = answer["variantsResult"]
        assert variant["success"] is False and "нет такой" in variant["errors"][0]["message"]


@pytest.mark.parametrize("path", ["batch", "product by product"])
def test_a_saved_variant_still_writes_the_event_and_moves_updated_at(api, product, path):
    url, items = PATHS[path]
    items = [{"id": "P", "variantsToUpdate": [SAVED]}] * len(items)
    events, updated_at = state(product)

    [*_, answer] = patch(api, url, items)

    assert answer["variantsResult"][0]["success"] is True
    assert answer["product"]["variants"][0]["article"] == "NEW"
    new_events, new_updated_at = state(product)
    assert new_events == events + 1 and new_updated_at > updated_at  # one event per product and write


def test_a_product_field_beside_refused_variants_is_still_written(api, product):
    events, _ = state(product)

    [answer] = patch(
        api, "/api/lite/products/batch", [{"id": "P", "shortName": "Новое", "variantsToUpdate": [REFUSED]}]
    )

    assert answer["product"]["shortName"] == "Новое"
    assert state(product)[0] == events + 1
