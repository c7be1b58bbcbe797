"""Dictionaries and filter blocks replayed from the spec (cactus-products-api.txt: attributes, features,
filters, accounting_attributes, additional_descriptions, features/appearance, wb_categories,
warehouse/categories)."""

import pytest

from catalog.models import Collection
from integrations.wms.models import WarehouseCategory
from tests.factories import ProductFactory

from .speclib import assert_as_spec, example

pytestmark = pytest.mark.django_db

PLACEHOLDER = "the spec's error examples say «Текст ошибки» (a placeholder); we answer the real reason"


def test_attributes_written_as_the_spec_then_listed(api):
    roasting = example("cactus:1000")
    strength = {**example("cactus:946")["attributes"][1]}
    for body in (roasting, strength):
        assert api.post("/api/lite/products/attributes", body, format="json").json()["success"] is True

    answer = api.get("/api/lite/products/attributes").json()

    expected = example("cactus:946")
    assert_as_spec(
        answer,
        expected,
        generated=("attributes[0].id",),
        differs={
            # The write example sets ordering 1211; the list example shows 12 for the same attribute.
            "attributes[0].ordering": "the spec's list example shows another ordering than its write example",
        },
    )


def test_features_written_as_the_spec_then_listed(api):
    size = example("cactus:1097")
    coef = example("cactus:1043")["features"][1]
    for body in (size, coef):
        assert api.post("/api/lite/products/features", body, format="json").json()["success"] is True

    assert_as_spec(api.get("/api/lite/products/features").json(), example("cactus:1043"))


def test_filter_blocks_written_as_the_spec_then_read(api, anon):
    Collection.objects.create(public_id="123456", name="Коллекция")
    request = example("cactus:1249")
    # "Если id указан - проводится обновление блока": the example updates block 1029, so the block exists first
    # (created without an id; an unknown id is refused, see below) and the example names its id.
    created = {k: v for k, v in request.items() if k != "id"}
    block_id = api.post("/api/lite/products/filters", created, format="json").json()["id"]
    request["id"] = block_id

    assert_as_spec(
        api.post("/api/lite/products/filters", request, format="json").json(), example("cactus:1292"), generated=("id",)
    )
    private = api.get("/api/lite/products/filters?collectionId=123456").json()
    public = anon.get("/api/lite/pub/products/filters?collectionId=123456").json()

    # Fields of filters other than ATTRIBUTES/FEATURES are the backend's (spec: "их бэкенд добавит
    # автоматически по типу фильтра"): a PRICE filter's field is the price range, not the example's
    # field1..field3, which illustrate the three field types.
    backend_fields = {"filterBlocks[0].filters[0].fields": "PRICE's fields are built by the backend (spec)"}
    generated = ("filterBlocks[0].id",)
    assert_as_spec(private, example("cactus:1183"), generated=generated, differs=backend_fields)
    assert_as_spec(public, example("cactus:1973"), generated=generated, differs=backend_fields)

    assert_as_spec(
        api.delete(f"/api/lite/products/filters?id={block_id}").json(), example("cactus:1311"), generated=("id",)
    )
    assert_as_spec(api.delete(f"/api/lite/products/filters?id={block_id}").json(), example("cactus:1320"))
    assert_as_spec(api.post("/api/lite/products/filters", request, format="json").json(), example("cactus:1320"))


def test_accounting_attributes_written_as_the_spec_then_listed(api):
    assert api.post("/api/lite/products/accounting_attributes", example("cactus:2694"), format="json").json()["success"]

    assert_as_spec(
        api.get("/api/lite/products/accounting_attributes").json(),
        example("cactus:2661"),
        generated=("attributes[0].id",),
    )


def test_additional_description_titles(api):
    descriptions = [{"title": title, "description": "..."} for title in ("Применение", "Ингридиенты")]
    api.post("/api/lite/products", {"shortName": "Товар", "additionalDescriptions": descriptions}, format="json")

    assert_as_spec(
        api.get("/api/lite/products/additional_descriptions/titles").json(),
        example("cactus:2215"),
        generated=("titles[*].pos",),
    )


def test_feature_appearance_written_as_the_spec_then_read(api, anon):
    product = ProductFactory(public_id="1003", variants=0)
    for n, value in enumerate(("Синие", "Черные")):
        variant = product.variants.create(public_id=f"v{n}")
        variant.options.create(code="color", string_value=value)
    blue = {**example("cactus:2551"), "value": "Синие", "code": "#252525", "imageUrl": ""}

    for body in (blue, example("cactus:2551")):
        assert api.post("/api/lite/products/features/appearance", body, format="json").json()["success"] is True

    assert_as_spec(api.get("/api/lite/products/features/appearance?id=1003").json(), example("cactus:2521"))
    assert_as_spec(anon.get("/api/lite/pub/products/features/appearance?id=1003").json(), example("cactus:2581"))


def test_wb_categories(api):
    assert_as_spec(api.get("/api/lite/products/wb_categories").json(), example("cactus:2812"), extra_keys=True)


def test_warehouse_categories(api):
    for item in example("cactus:3815")["items"]:
        WarehouseCategory.objects.create(**item)

    answer = api.get("/api/lite/products/warehouse/categories").json()

    # We list categories by code (a stable order); the spec's example lists them unordered.
    expected = example("cactus:3815")
    expected["items"].sort(key=lambda item: item["code"])
    assert_as_spec(answer, expected)
