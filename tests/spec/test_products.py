"""GET/POST/PATCH /api/lite/products, copy, variants, options order, eshop settings: replayed from the spec
(cactus-products-api.txt, "/api/lite/products" and "/api/lite/products/variants" sections)."""

from decimal import Decimal

import pytest

from catalog.models import Product, Variant
from integrations.wms.models import WarehouseCategory
from inventory.models import StockLevel, Warehouse
from tests.factories import ProductFactory, VariantFactory

from .conftest import WH_MAIN
from .speclib import assert_as_spec, example

pytestmark = pytest.mark.django_db

PLACEHOLDER = "the spec's error examples say «Текст ошибки» (a placeholder); we answer the real reason"
EXAMPLE_INCONSISTENT = "the spec's example answer names other ids than its own request"
OTHER_PRODUCT = (
    "a variantsToUpdate item naming another product (1002 inside product 1015) is refused per variant: "
    "applying it would move or create a variant under the wrong product"
)


def as_request(document: dict) -> dict:
    """A POST /products body that writes what a GET /products document shows (its writable fields)."""
    request = {k: v for k, v in document.items() if k not in ("variants", "reviewScore", "options", "images")}
    request["variantsToUpdate"] = [
        {
            **{k: v for k, v in variant.items() if k not in ("id", "weightFact", "dimensionsFact")},
            "productId": document["id"],
            "variantId": variant["id"],
            "updateStockTotal": True,
        }
        for variant in document["variants"]
    ]
    return request


def test_get_products_answers_the_spec_example(api, spec_world):
    document = example("cactus:227")["products"][0]
    WarehouseCategory.objects.create(code="000000001", title="Парфюмерия")
    assert api.post("/api/lite/products", as_request(document), format="json").json()["success"] is True
    # What the warehouse and the customers wrote, not the client.
    Product.objects.filter(public_id="1000").update(review_score=Decimal("4.0"))
    Variant.objects.filter(public_id="1000").update(
        is_ff_synchronised=True, weight_fact=500, height_fact=4, width_fact=20, depth_fact=4
    )

    body = api.get("/api/lite/products?id=1000").json()

    assert_as_spec(body, example("cactus:227"))


def test_only_stock_answers_the_minimal_shape_of_the_spec(api, spec_world):
    product = ProductFactory(public_id="1000", variants=0)
    variant = VariantFactory(product=product, public_id="1000")
    warehouse = Warehouse.objects.create(code="5a93f7e7-4785-0332-8324-bf3a03ee8211", name="Склад")
    StockLevel.objects.filter(variant=variant).delete()
    StockLevel.objects.create(variant=variant, warehouse=warehouse, total=10, reserved=2)

    body = api.get("/api/lite/products?only_stock=true").json()

    assert_as_spec(
        body,
        example("cactus:432"),
        differs={"recordsTotal": "the spec's account has 1322 products, ours one"},
    )
    assert_as_spec(body["products"][0], example("cactus:432")["products"][0], extra_keys=True)


@pytest.fixture
def product_1002(spec_world):
    """The product the POST /products examples update: 1002 with variant 1007 (and the spec's options)."""
    product = ProductFactory(public_id="1002", variants=0)
    VariantFactory(product=product, public_id="1007")
    return product


def test_post_products_answers_short_by_default(api, product_1002):
    body = api.post("/api/lite/products", example("cactus:527"), format="json").json()

    assert_as_spec(
        body,
        example("cactus:634"),
        differs={"id": EXAMPLE_INCONSISTENT + " (it writes product 1015 and answers id 1002)"},
    )
    assert body["id"] == "1015"
    assert_as_spec(
        api.post("/api/lite/products", as_product_1002(example("cactus:527")), format="json").json(),
        example("cactus:634"),
    )


def as_product_1002(request: dict) -> dict:
    """The example request aimed at the product its answers show (1002, holding variant 1007): the spec's
    request writes 1015 while its answers describe 1002."""
    return {**request, "id": "1002"}


VARIANT_SHAPE = "variant documents have one shape everywhere, GET /products' (`id`, no productId/variantId)"
OPTIONS_FILLED = (
    "the spec's example answers options null for a product whose variant has a colour; the spec's field list"
    " describes the dictionary of the options its variants use, which we answer (docs/api.md)"
)


def test_post_products_detailed_answer(api, product_1002, settings):
    settings.API_PRODUCTS_RETURN_DETAILS = True

    body = api.post("/api/lite/products", as_product_1002(example("cactus:527")), format="json").json()

    assert_as_spec(
        body,
        example("cactus:639"),
        differs={
            "variantsResult[0].variantId": EXAMPLE_INCONSISTENT + " (1003 for a request naming 1007)",
            "product.variants[0].productId": VARIANT_SHAPE,
            "product.variants[0].variantId": VARIANT_SHAPE,
            "product.options": OPTIONS_FILLED,
        },
    )
    assert body["product"]["variants"][0]["id"] == "1007"


def test_post_products_answers_a_variant_error_in_variants_result(api, product_1002, settings):
    settings.API_PRODUCTS_RETURN_DETAILS = True
    api.post("/api/lite/products", as_product_1002(example("cactus:527")), format="json")
    request = as_product_1002(example("cactus:527"))
    request["variantsToUpdate"][0]["variantId"] = "100343"  # the unknown variant of the example's answer

    body = api.post("/api/lite/products", request, format="json").json()

    assert_as_spec(
        body,
        example("cactus:750"),
        differs={
            "product.variants[0].productId": VARIANT_SHAPE,
            "product.variants[0].variantId": VARIANT_SHAPE,
            "product.options": OPTIONS_FILLED,
        },
    )


def test_post_products_refuses_a_variant_of_another_product(api, product_1002):
    """The request as written: product 1015 with an item for product 1002's variant 1007."""
    body = api.post("/api/lite/products", example("cactus:527"), format="json").json()

    assert body["variantsResult"] == [
        {
            "success": False,
            "errors": [{"code": 0, "message": body["variantsResult"][0]["errors"][0]["message"]}],
            "productId": "1002",
            "variantId": "1007",
        }
    ]
    assert Variant.objects.get(public_id="1007").product.public_id == "1002"


def test_patch_products_changes_only_the_named_fields(api, spec_world):
    ProductFactory(public_id="1015", short_name="Старое", description="Описание", brand_name="Бренд")

    body = api.patch("/api/lite/products", example("cactus:864"), format="json").json()

    assert_as_spec(body, {"success": True, "id": "1015"})  # "ответ аналогичен POST /api/lite/products"
    product = Product.objects.get(public_id="1015")
    assert (product.short_name, product.international_description) == (
        "Limited Edition Паста (помада) для укладки волос",
        "abc",
    )
    assert (product.description, product.brand_name) == ("Описание", "Бренд")


def test_copy_answers_as_the_spec(api, spec_world):
    ProductFactory(public_id="1234")

    assert_as_spec(
        api.post("/api/lite/products/copy", example("cactus:884"), format="json").json(), example("cactus:892")
    )
    assert_as_spec(
        api.post("/api/lite/products/copy", {"id": "unknown"}, format="json").json(),
        example("cactus:899"),
        differs={"errors[0].message": PLACEHOLDER},
    )


def test_post_variant_then_patch_it(api, spec_world):
    product = ProductFactory(public_id="1002", variants=0)
    product.images.create(public_id="8b16a469-2b8c-4df4-85f2-c9c9afa1f921", file="images/8b/one.jpg")

    body = api.post("/api/lite/products/variants", example("cactus:1487"), format="json").json()

    assert body == {"success": True, "productId": "1002", "variantId": "1024"}
    variant = api.get("/api/lite/products?id=1002").json()["products"][0]["variants"][0]
    request = example("cactus:1487")
    assert_as_spec(
        variant,
        {k: v for k, v in request.items() if k not in ("productId", "variantId", "stock", "updateStockTotal")},
        differs={
            "ordering": "orderings are answered as decimal strings with 15 places, as every example answers them",
        },
    )
    assert variant["ordering"] == "123.123000000000000"
    assert variant["stock"] == [  # "updateStockTotal": false: the stock is not set
        {
            "warehouseCode": WH_MAIN,
            "stockTotal": 0,
            "stockAvailable": 0,
            "stockReserved": 0,
            "stockDefective": 0,
            "stockDefectiveReserved": 0,
        }
    ]

    patched = api.patch("/api/lite/products/variants", example("cactus:1555"), format="json").json()

    assert patched == {"success": True, "productId": "1002", "variantId": "1024"}  # "ответ аналогичен POST"
    after = api.get("/api/lite/products?id=1002").json()["products"][0]["variants"][0]
    assert after["barcodes"] == example("cactus:1555")["barcodes"]
    assert {k: v for k, v in after.items() if k != "barcodes"} == {k: v for k, v in variant.items() if k != "barcodes"}


def test_options_reorder(api, spec_world):
    product = ProductFactory(public_id="1002", variants=0)
    for n, (size, color) in enumerate([("XL", "синий"), ("S", "желтый"), ("M", "красный")]):
        variant = VariantFactory(product=product, public_id=f"10{n}")
        variant.options.create(code="size", string_value=size)
        variant.options.create(code="color", string_value=color)

    assert api.post("/api/lite/product/options/reorder", example("cactus:1601"), format="json").json() == {
        "success": True
    }
    assert list(product.option_orders.filter(code="size").order_by("position").values_list("value", flat=True)) == [
        "S",
        "M",
        "L",
        "XL",
    ]


def test_variants_batch_patch(api, spec_world):
    for product_id, variant_id in (("demo1012", "demo1030"), ("demo1013", "demo1031")):
        VariantFactory(product=ProductFactory(public_id=product_id, variants=0), public_id=variant_id, article="A")

    body = api.patch("/api/lite/products/variants/batch", example("cactus:3581"), format="json").json()

    assert body["success"] is True
    assert list(Variant.objects.order_by("public_id").values_list("public_id", "weight", "ext_id", "article")) == [
        ("demo1030", Decimal("200000"), "11011", "A"),
        ("demo1031", Decimal("233"), "11012", "A"),
    ]


def test_variant_eshop_settings(api, spec_world):
    from catalog.models import Eshop

    for eshop_id in ("44fce711-e809-59ed-895a-661a32886d7f", "4f4509b3-3b5b-1474-cabd-dfe8fce1b9ca"):
        Eshop.objects.create(public_id=eshop_id, type="OZON", name=eshop_id)
    VariantFactory(public_id="1000")

    assert_as_spec(
        api.post("/api/lite/products/variants/eshop_settings", example("cactus:3739"), format="json").json(),
        example("cactus:3763"),
    )
    request = example("cactus:3739")
    request["variants"][0]["eshopSettings"][0]["eshopId"] = "unknown"
    assert_as_spec(
        api.post("/api/lite/products/variants/eshop_settings", request, format="json").json(),
        example("cactus:3776"),
    )
