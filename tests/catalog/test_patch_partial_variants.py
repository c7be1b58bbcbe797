"""PATCH /products and /products/batch: each variantsToUpdate item is a partial update of its variant.

The spec: PATCH "updates one or more fields ... fields absent from the request keep their values". A
PATCH that names one variant field must change that field and nothing else, on every write path: the
set-based batch (one product or many) and the product-by-product path (a batch naming a product twice).
"""

import copy
from decimal import Decimal

import pytest

from catalog.models import Product, Variant
from tests.factories import AttributeFactory, CollectionFactory, EshopFactory, WarehouseFactory

pytestmark = pytest.mark.django_db

VOLATILE = {"updatedAt", "createdAt", "lastUpdated"}


@pytest.fixture
def full_product(api):
    """A product whose variant has every writable field set."""
    CollectionFactory(public_id="c1")
    AttributeFactory(code="material", title="Материал")
    eshop = EshopFactory()
    WarehouseFactory(code="main", is_default=True)
    body = {
        "id": "demo1009",
        "shortName": "Худи",
        "extId": "P-1",
        "description": "описание",
        "brandName": "Cactus",
        "countryOfOrigin": "Россия",
        "tnvedCode": "6110",
        "internationalDescription": "hoodie",
        "available": True,
        "deleted": False,
        "isBestseller": True,
        "isNovelty": False,
        "type": "SKU",
        "vat": "VAT_20",
        "warranty": 12,
        "manufacturedBy": "Фабрика",
        "composition": "хлопок",
        "collections": ["c1"],
        "attributes": [{"code": "material", "stringValue": "Хлопок"}],
        "eshopSettings": [{"eshopId": eshop.public_id, "enabled": True, "extId": "e-1"}],
        "additionalDescriptions": [{"title": "Уход", "description": "стирка 30°"}],
        "variantsToUpdate": [
            {
                "productId": "demo1009",
                "variantId": "demo1009-1",
                "extId": "V-1",
                "extId2": "V-2",
                "article": "ART-1",
                "prices": [
                    {"priceCode": "Розничная цена", "value": 1000},
                    {"priceCode": "Цена до скидки", "value": 1200},
                ],
                "defaultImage": None,
                "ordering": 5,
                "optionsUsed": [{"code": "size", "stringValue": "M", "name": "Размер"}],
                "weight": 0.5,
                "dimensions": {"height": 10, "width": 20, "depth": 30},
                "canBeRotated": True,
                "isPhysicalSet": False,
                "barcodes": [{"value": "4600000000011", "isDefault": True}, {"value": "4600000000028"}],
                "stock": [{"warehouseCode": "main", "stockTotal": 7}],
                "updateStockTotal": True,
                "eshopSettings": [{"eshopId": eshop.public_id, "enabled": True, "zeroStock": True, "extId": "ve"}],
                "discountPercent": 10,
                "discountFix": 50,
                "bundleOptionalCount": 2,
                "autoPriceCalculation": True,
                "autoDimensionsCalculation": False,
            },
            {"productId": "demo1009", "variantId": "demo1009-2", "article": "ART-2"},
        ],
    }
    response = api.post("/api/lite/products", body, format="json")
    assert response.status_code == 200, response.content
    assert all(v["success"] for v in response.json()["variantsResult"]), response.content
    return eshop


def document(api, product_id="demo1009"):
    products = api.get(f"/api/lite/products?ids={product_id}").json()["products"]
    products += api.get(f"/api/lite/products?ids={product_id}&deleted=true").json()["products"]
    product = next(p for p in products if p["id"] == product_id)
    return _strip(product)


def _strip(value):
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def variant_of(doc, variant_id="demo1009-1"):
    return next(v for v in doc["variants"] if v["id"] == variant_id)


def send_patch(api, route, item):
    """One product PATCH through the given write path; returns the product's answer."""
    product = {"id": "demo1009", "variantsToUpdate": [item]}
    if route == "single":
        response = api.patch("/api/lite/products", product, format="json")
        assert response.status_code == 200, response.content
        return response.json()
    if route == "batch":
        payload = {"products": [product]}
    else:  # the product-by-product path: a batch naming the product twice is not planned set-based
        payload = {"products": [{"id": "demo1009"}, product]}
    response = api.patch("/api/lite/products/batch", payload, format="json")
    assert response.status_code == 200, response.content
    return response.json()["products"][-1] if "products" in response.json() else response.json()


ROUTES = ["single", "batch", "sequential"]

# variant field -> (a new value in the request, what the document answers for it afterwards)
VARIANT_CHANGES = {
    "extId": ("V-new", "V-new"),
    "extId2": (None, None),
    "extId3": ("x3", "x3"),
    "extId4": ("x4", "x4"),
    "extId5": ("x5", "x5"),
    "article": ("ART-9", "ART-9"),
    "ordering": (9, 9),
    "weight": (999, 999),
    "dimensions": ({"height": 1, "width": 2, "depth": 3}, {"height": 1, "width": 2, "depth": 3}),
    "canBeRotated": (False, False),
    "isPhysicalSet": (True, True),
    "discountPercent": (15, 15),
    "discountFix": (20, 20),  # null keeps it (cannot be empty): tests/catalog/test_patch_nulls.py
    "bundleOptionalCount": (3, 3),
    "autoPriceCalculation": (False, False),
    "autoDimensionsCalculation": (True, True),
    "barcodes": ([{"value": "4600000000035"}], None),
    "optionsUsed": ([{"code": "size", "stringValue": "L", "name": "Размер"}], None),
}


@pytest.mark.parametrize("route", ROUTES)
def test_the_issue_example_keeps_article_prices_barcodes_and_options(api, full_product, route):
    before = document(api)

    send_patch(api, route, {"productId": "demo1009", "variantId": "demo1009-1", "weight": 999})

    after = document(api)
    changed = variant_of(after)
    assert changed["weight"] == 999
    assert changed["article"] == "ART-1"
    assert changed["prices"] == variant_of(before)["prices"] and len(changed["prices"]) == 2
    assert [b["value"] for b in changed["barcodes"]] == ["4600000000011", "4600000000028"]
    assert changed["optionsUsed"] == variant_of(before)["optionsUsed"] != []
    assert changed["eshopSettings"] == variant_of(before)["eshopSettings"] != []
    changed["weight"] = variant_of(before)["weight"]
    assert after == before  # nothing else moved, on the product or its other variant


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("field", sorted(VARIANT_CHANGES))
def test_each_variant_field_changes_alone(api, full_product, route, field):
    before = document(api)
    value, shown = VARIANT_CHANGES[field]

    send_patch(api, route, {"variantId": "demo1009-1", field: value})

    after = document(api)
    if field == "barcodes":
        assert [b["value"] for b in variant_of(after)["barcodes"]] == ["4600000000035"]
    elif field == "optionsUsed":
        assert [(o["code"], o["stringValue"]) for o in variant_of(after)["optionsUsed"]] == [("size", "L")]
        assert "L" in after["options"][0]["values"]  # the product's option dictionary follows its variants
    elif field == "ordering":
        assert Decimal(str(variant_of(after)[field])) == shown
    else:
        assert variant_of(after)[field] == shown
    expected = copy.deepcopy(before)
    variant_of(expected)[field] = variant_of(after)[field]
    if field == "optionsUsed":
        expected["options"] = after["options"]
    assert after == expected


@pytest.mark.parametrize("route", ROUTES)
def test_price_alone_keeps_the_other_price_types_and_prices_replace_them(api, full_product, route):
    send_patch(api, route, {"variantId": "demo1009-1", "price": 900})
    prices = {p["priceCode"]: p["value"] for p in variant_of(document(api))["prices"]}
    assert prices == {"Розничная цена": 900, "Цена до скидки": 1200}

    send_patch(api, route, {"variantId": "demo1009-1", "prices": [{"priceCode": "Розничная цена", "value": 800}]})
    prices = {p["priceCode"]: p["value"] for p in variant_of(document(api))["prices"]}
    assert prices == {"Розничная цена": 800}


@pytest.mark.parametrize("route", ROUTES)
def test_null_lists_clear_and_absent_lists_keep(api, full_product, route):
    send_patch(api, route, {"variantId": "demo1009-1", "barcodes": None, "eshopSettings": []})
    variant = variant_of(document(api))
    assert not variant["barcodes"] and not variant["eshopSettings"]
    assert variant["optionsUsed"] != [] and variant["article"] == "ART-1"


@pytest.mark.parametrize("route", ROUTES)
def test_stock_changes_only_with_update_stock_total(api, full_product, route):
    send_patch(api, route, {"variantId": "demo1009-1", "stock": [{"warehouseCode": "main", "stockTotal": 3}]})
    [stock] = variant_of(document(api))["stock"]
    assert stock["stockTotal"] == 7

    send_patch(
        api,
        route,
        {"variantId": "demo1009-1", "stock": [{"warehouseCode": "main", "stockTotal": 3}], "updateStockTotal": True},
    )
    [stock] = variant_of(document(api))["stock"]
    assert stock["stockTotal"] == 3
    assert variant_of(document(api))["article"] == "ART-1"


# product field -> a new value (the document answers it as sent)
PRODUCT_CHANGES = {
    "extId": "P-2",
    "shortName": "Свитшот",
    "description": None,
    "brandName": "Другой",
    "countryOfOrigin": None,
    "tnvedCode": "6111",
    "internationalDescription": "sweatshirt",
    "available": False,
    "deleted": True,
    "isBestseller": False,
    "isNovelty": True,
    "type": "SERVICE",
    "vat": "VAT_10",
    "warranty": 24,
    "manufacturedBy": None,
    "composition": "шерсть",
    "collections": [],
    "additionalDescriptions": [],
}


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("field", sorted(PRODUCT_CHANGES))
def test_a_product_field_alone_keeps_the_rest(api, full_product, route, field):
    before = document(api)
    payload = {"id": "demo1009", field: PRODUCT_CHANGES[field]}
    if route == "single":
        response = api.patch("/api/lite/products", payload, format="json")
    else:
        products = [payload] if route == "batch" else [{"id": "demo1009"}, payload]
        response = api.patch("/api/lite/products/batch", {"products": products}, format="json")
    assert response.status_code == 200, response.content
    after = document(api)
    assert after[field] == PRODUCT_CHANGES[field] or (PRODUCT_CHANGES[field] in ([], None) and not after[field])
    after[field] = before[field]
    for variant in after["variants"]:  # the variants answer their product's VAT and type too
        if field in ("vat", "type") and field in variant:
            assert variant[field] == PRODUCT_CHANGES[field]
            variant[field] = before[field]
    assert after == before


@pytest.mark.parametrize("route", ROUTES)
def test_a_variant_item_of_another_product_is_refused_per_variant(api, full_product, route):
    other = Product.objects.create(public_id="1002", short_name="Поло")
    Variant.objects.create(product=other, public_id="1002-1", article="OTHER")
    before = document(api)

    answer = send_patch(api, route, {"productId": "1002", "variantId": "1002-1", "article": "moved?"})

    [result] = answer["variantsResult"]
    assert result["success"] is False and result["variantId"] == "1002-1"
    assert "1002" in result["errors"][0]["message"]
    variant = Variant.objects.get(public_id="1002-1")
    assert variant.product_id == other.pk and variant.article == "OTHER"
    assert document(api) == before


def test_a_post_cannot_create_a_variant_under_another_product_either(api, full_product):
    Product.objects.create(public_id="1002", short_name="Поло")
    body = api.post(
        "/api/lite/products",
        {"id": "1015", "shortName": "Паста", "variantsToUpdate": [{"productId": "1002", "variantId": "1015-x"}]},
        format="json",
    ).json()
    [result] = body["variantsResult"]
    assert result["success"] is False
    assert not Variant.objects.filter(public_id="1015-x").exists()
    # The new product still gets its automatic variant.
    assert Variant.objects.filter(product__public_id="1015").count() == 1


@pytest.mark.parametrize("route", ROUTES)
def test_default_image_must_name_one_of_the_product_images(api, full_product, route):
    from catalog.models import ProductImage

    product = Product.objects.get(public_id="demo1009")
    image = ProductImage.objects.create(product=product, public_id="img-1", file="images/a.jpg")
    ProductImage.objects.create(product=None, public_id="img-free", file="images/b.jpg")

    answer = send_patch(api, route, {"variantId": "demo1009-1", "defaultImage": "img-free"})
    [result] = answer["variantsResult"]
    assert result["success"] is False and "img-free" in result["errors"][0]["message"]
    assert Variant.objects.get(public_id="demo1009-1").default_image is None

    answer = send_patch(api, route, {"variantId": "demo1009-1", "defaultImage": image.public_id})
    assert answer["variantsResult"][0]["success"] is True
    assert variant_of(document(api))["defaultImage"] == "img-1"


def test_default_image_is_checked_on_the_variant_endpoint_too(api, full_product):
    response = api.patch(
        "/api/lite/products/variants",
        {"productId": "demo1009", "variantId": "demo1009-1", "defaultImage": "nope"},
        format="json",
    )
    assert response.status_code == 400
    assert Variant.objects.get(public_id="demo1009-1").default_image is None
