"""PATCH changes only what it names; absent fields keep their values; `null` clears where the field may be
empty and is read as "not given" where it cannot be (catalog/api/serializers.py, drop_nulls_of).

Table-driven over every writable field of a product and of a variant, on every PATCH door: PATCH /products,
/products/batch (set-based and product by product), /products/variants and /products/variants/batch. Each
case checks the stored rows, so a field the documents do not show is covered too.
"""

from decimal import Decimal

import pytest

from catalog.api.serializers import (
    PRODUCT_KEPT_WHEN_NULL,
    VARIANT_KEPT_WHEN_NULL,
    ProductPatchIn,
    VariantRefIn,
)
from catalog.models import AccountingAttribute, Eshop, PriceType, Product, ProductImage, Variant
from catalog.services.product_rules import PRODUCT_SCALARS
from catalog.services.variants import VARIANT_SCALARS
from inventory.models import StockLevel
from tests.factories import AttributeFactory, CollectionFactory, WarehouseFactory

pytestmark = pytest.mark.django_db

KEEP = object()  # a null keeps the stored value
CLEARED = object()  # a null clears: the model's null, or an empty relation

# field -> (the value the product is created with, a new value a PATCH sends, what null does)
PRODUCT_FIELDS = {
    "extId": ("P-1", "P-2", CLEARED),
    "extId2": ("P-12", "P-22", CLEARED),
    "extId3": ("P-13", "P-23", CLEARED),
    "extId4": ("P-14", "P-24", CLEARED),
    "extId5": ("P-15", "P-25", CLEARED),
    "shortName": ("Худи", "Свитшот", KEEP),
    "humanId": ("hoodie", "sweatshirt", CLEARED),
    "fullName": ("Худи оверсайз", "Свитшот оверсайз", CLEARED),
    "description": ("описание", "другое", CLEARED),
    "tnvedCode": ("6110", "6111", CLEARED),
    "internationalDescription": ("hoodie", "sweatshirt", CLEARED),
    "available": (True, False, KEEP),
    "deleted": (False, True, KEEP),
    "boxNeeded": (True, False, KEEP),
    "brandName": ("Cactus", "Другой", CLEARED),
    "countryOfOrigin": ("Россия", "Китай", CLEARED),
    "isBestseller": (True, False, CLEARED),
    "isNovelty": (False, True, CLEARED),
    "isCatchWeight": (True, False, KEEP),
    "type": ("PHYSICAL_SET", "SERVICE", KEEP),
    "vat": ("VAT_20", "VAT_10", KEEP),
    "useBatchAccounting": (True, False, KEEP),
    "expirationMode": ("USE_EXPIRATION", "NO_EXPIRATION", KEEP),
    "expirationMonthsLimit": (12, 24, CLEARED),
    "warranty": (12, 24, CLEARED),
    "manufacturedBy": ("Фабрика", "Завод", CLEARED),
    "composition": ("хлопок", "шерсть", CLEARED),
    "warehouseCategoryCode": ("000000001", "000000002", CLEARED),
    "subscriptionInfo": ({"period": 30}, {"period": 7}, CLEARED),
    "collections": (["c1"], ["c2"], CLEARED),
    "attributes": (
        [{"code": "material", "stringValue": "Хлопок"}], [{"code": "material", "stringValue": "Лён"}], CLEARED
    ),
    "accountingAttributes": (
        [{"code": "chestnyznak", "stringValue": "да"}], [{"code": "chestnyznak", "stringValue": "нет"}], CLEARED
    ),
    "eshopSettings": (
        [{"eshopId": "eshop-1", "enabled": True, "extId": "e-1"}],
        [{"eshopId": "eshop-1", "enabled": False, "extId": "e-2"}],
        CLEARED,
    ),
    "additionalDescriptions": (
        [{"title": "Уход", "description": "30°"}], [{"title": "Уход", "description": "40°"}], CLEARED
    ),
}  # fmt: skip

# field -> (the value the variant is created with, a new value a PATCH sends, what null does)
VARIANT_FIELDS = {
    "extId": ("V-1", "V-2", CLEARED),
    "extId2": ("V-12", "V-22", CLEARED),
    "extId3": ("V-13", "V-23", CLEARED),
    "extId4": ("V-14", "V-24", CLEARED),
    "extId5": ("V-15", "V-25", CLEARED),
    "article": ("ART-1", "ART-2", CLEARED),
    "price": (1000, 900, CLEARED),  # the RETAIL price row
    "oldPrice": (1200, 1100, CLEARED),  # the OLD price row
    "prices": ([{"priceCode": "opt", "value": 700}], [{"priceCode": "opt", "value": 650}], CLEARED),
    "defaultImage": ("img-1", "img-2", CLEARED),
    "ordering": (5, 9, KEEP),
    "optionsUsed": ([{"code": "size", "stringValue": "M"}], [{"code": "size", "stringValue": "L"}], CLEARED),
    "weight": (500, 600, CLEARED),
    "dimensions": ({"height": 10, "width": 20, "depth": 30}, {"height": 1, "width": 2, "depth": 3}, CLEARED),
    "canBeRotated": (True, False, CLEARED),
    "isPhysicalSet": (True, False, KEEP),
    "barcodes": (
        [{"value": "4600000000011", "isDefault": True}],
        [{"value": "4600000000028", "isDefault": True}],
        CLEARED,
    ),
    "eshopSettings": (
        [{"eshopId": "eshop-1", "enabled": True, "zeroStock": True, "extId": "ve-1"}],
        [{"eshopId": "eshop-1", "enabled": False, "extId": "ve-2"}],
        CLEARED,
    ),
    "discountType": ("PERCENT", "FIX", CLEARED),
    "discountValue": (10, 20, CLEARED),
    "discountPercent": (10, 15, KEEP),
    "discountFix": (50, 20, KEEP),
    "bundleOptionalCount": (2, 3, KEEP),
    "autoPriceCalculation": (True, False, KEEP),
    "autoDimensionsCalculation": (True, False, KEEP),
}
# Variant input that is not a stored field of its own: ids, the stock command and the warehouse's measurements.
VARIANT_NOT_FIELDS = {"productId", "variantId", "stock", "updateStockTotal", "weightFact", "dimensionsFact"}

PRODUCT_ROUTES = ["products", "products-batch", "products-sequential"]
VARIANT_ROUTES = [*PRODUCT_ROUTES, "variants", "variants-batch"]


def test_the_tables_name_every_writable_field_and_the_model_decides_null():
    """A new field must be decided here; the KEEP fields are exactly those the model cannot leave empty."""
    assert set(PRODUCT_FIELDS) == set(ProductPatchIn().fields) - {"id", "variantsToUpdate"}
    assert set(VARIANT_FIELDS) == set(VariantRefIn().fields) - VARIANT_NOT_FIELDS
    product_fields, variant_fields = ProductPatchIn().fields, VariantRefIn().fields
    assert {product_fields[f].source for f, (*_, null) in PRODUCT_FIELDS.items() if null is KEEP} == set(
        PRODUCT_KEPT_WHEN_NULL
    )
    assert {variant_fields[f].source for f, (*_, null) in VARIANT_FIELDS.items() if null is KEEP} == set(
        VARIANT_KEPT_WHEN_NULL
    )


@pytest.fixture
def world(api):
    """A product (P1) with every field set, its variant V1 with every field set and a sibling variant V2."""
    CollectionFactory(public_id="c1")
    CollectionFactory(public_id="c2")
    AttributeFactory(code="material", title="Материал")
    AccountingAttribute.objects.create(public_id="acc", code="chestnyznak", title="Честный знак")
    Eshop.objects.create(public_id="eshop-1", type="OZON", name="Озон")
    WarehouseFactory(code="main", is_default=True)
    PriceType.objects.create(code="opt", name="Опт", role=PriceType.Role.OTHER)
    product = {"id": "P1", **{field: first for field, (first, _new, _null) in PRODUCT_FIELDS.items()}}
    created = api.post("/api/lite/products", product, format="json")
    assert created.status_code == 200, created.content
    stored = Product.objects.get(public_id="P1")
    for image_id in ("img-1", "img-2"):
        ProductImage.objects.create(product=stored, public_id=image_id, file=f"images/{image_id}.jpg")
    variant = {field: first for field, (first, _new, _null) in VARIANT_FIELDS.items()}
    variants = [
        {"productId": "P1", "variantId": "V1", **variant, "stock": [{"stockTotal": 7}], "updateStockTotal": True},
        {"productId": "P1", "variantId": "V2", "article": "ART-V2", "price": 10},
    ]
    written = api.post("/api/lite/products/variants", variants[0], format="json")
    assert written.status_code == 200, written.content
    written = api.post("/api/lite/products/variants", variants[1], format="json")
    assert written.status_code == 200, written.content
    return stored


def product_state(public_id="P1") -> dict:
    """Everything a product write can change, from the rows."""
    product = Product.objects.get(public_id=public_id)
    state = {name: getattr(product, name) for name in PRODUCT_SCALARS}
    state["collections"] = sorted(product.collections.values_list("public_id", flat=True))
    state["attributes"] = list(product.attribute_values.values_list("attribute__code", "string_value"))
    state["accounting_attributes"] = list(product.accounting_values.values_list("attribute__code", "string_value"))
    state["eshop_settings"] = list(product.eshop_settings.values_list("eshop__public_id", "enabled", "ext_id"))
    state["additional_descriptions"] = list(product.additional_descriptions.values_list("title", "description"))
    state["variants"] = {v.public_id: variant_state(v.public_id) for v in product.variants.all()}
    return state


def variant_state(public_id="V1") -> dict:
    """Everything a variant write can change, from the rows."""
    variant = Variant.objects.get(public_id=public_id)
    state = {name: getattr(variant, name) for name in VARIANT_SCALARS}
    state["prices"] = dict(variant.prices.values_list("price_type__code", "value"))
    state["barcodes"] = list(variant.barcodes.values_list("value", "is_default"))
    state["options"] = list(variant.options.values_list("code", "string_value"))
    state["eshop_settings"] = list(
        variant.eshop_settings.values_list("eshop__public_id", "enabled", "zero_stock", "ext_id")
    )
    state["stock"] = list(StockLevel.objects.filter(variant=variant).values_list("warehouse__code", "total"))
    return state


def patch_product(api, route: str, body: dict):
    if route == "products":
        response = api.patch("/api/lite/products", body, format="json")
        assert response.status_code == 200, response.content
        return response.json()
    products = [body] if route == "products-batch" else [{"id": body["id"]}, body]  # named twice: one by one
    response = api.patch("/api/lite/products/batch", {"products": products}, format="json")
    assert response.status_code == 200, response.content
    answer = response.json()["products"][-1]
    assert answer["success"], answer
    return answer


def patch_variant(api, route: str, item: dict):
    item = {"productId": "P1", "variantId": "V1", **item}
    if route == "variants":
        response = api.patch("/api/lite/products/variants", item, format="json")
        assert response.status_code == 200, response.content
        return
    if route == "variants-batch":
        response = api.patch("/api/lite/products/variants/batch", {"variantsToUpdate": [item]}, format="json")
        assert response.status_code == 200, response.content
        [result] = response.json()["variantsResult"]
    else:
        [result] = patch_product(api, route, {"id": "P1", "variantsToUpdate": [item]})["variantsResult"]
    assert result["success"], result


PRODUCT_SOURCES = {name: field.source for name, field in ProductPatchIn().fields.items()}
VARIANT_SOURCES = {name: field.source for name, field in VariantRefIn().fields.items()}


def expected_product_change(before: dict, field: str, value) -> dict:
    """`before` with only `field` changed to what the rows hold for `value`."""
    expected = dict(before)
    source = PRODUCT_SOURCES[field]
    if field == "collections":
        expected[source] = sorted(value or [])
    elif field in ("attributes", "accountingAttributes"):
        expected[source] = [(a["code"], a["stringValue"]) for a in value or []]
    elif field == "eshopSettings":
        expected[source] = [(e["eshopId"], e["enabled"], e["extId"]) for e in value or []]
    elif field == "additionalDescriptions":
        expected[source] = [(d["title"], d["description"]) for d in value or []]
    else:
        expected[source] = value
    return expected


@pytest.mark.parametrize("route", PRODUCT_ROUTES)
@pytest.mark.parametrize("field", sorted(PRODUCT_FIELDS))
def test_a_product_field_changes_alone_and_null_behaves_as_decided(api, world, route, field):
    before = product_state()
    _first, new, null = PRODUCT_FIELDS[field]

    patch_product(api, route, {"id": "P1", field: new})
    changed = product_state()
    assert changed == expected_product_change(before, field, new)

    patch_product(api, route, {"id": "P1", field: None})
    after = product_state()
    assert after == (changed if null is KEEP else expected_product_change(before, field, None))


def expected_variant_change(before: dict, field: str, value) -> dict:
    expected = dict(before)
    if field == "price":
        expected["prices"] = {**before["prices"], "Розничная цена": value}
    elif field == "oldPrice":
        expected["prices"] = {**before["prices"], "Цена до скидки": value}
    elif field == "prices":
        expected["prices"] = {p["priceCode"]: p["value"] for p in value or []}
    elif field == "dimensions":
        for axis in ("height", "width", "depth"):
            expected[axis] = (value or {}).get(axis)
    elif field == "barcodes":
        expected["barcodes"] = [(b["value"], b.get("isDefault", False)) for b in value or []]
    elif field == "optionsUsed":
        expected["options"] = [(o["code"], o["stringValue"]) for o in value or []]
    elif field == "eshopSettings":
        expected["eshop_settings"] = [
            (e["eshopId"], e.get("enabled", True), e.get("zeroStock", False), e.get("extId")) for e in value or []
        ]
    else:
        expected[VARIANT_SOURCES[field]] = value
    expected["prices"] = {code: v for code, v in expected["prices"].items() if v is not None}
    return expected


@pytest.mark.parametrize("route", VARIANT_ROUTES)
@pytest.mark.parametrize("field", sorted(VARIANT_FIELDS))
def test_a_variant_field_changes_alone_and_null_behaves_as_decided(api, world, route, field):
    product_before = product_state()
    before = variant_state()
    _first, new, null = VARIANT_FIELDS[field]

    patch_variant(api, route, {field: new})
    changed = variant_state()
    assert changed == expected_variant_change(before, field, new)

    patch_variant(api, route, {field: None})
    after = variant_state()
    assert after == (changed if null is KEEP else expected_variant_change(before, field, None))
    # Nothing else moved: the product, the sibling variant.
    product_after = product_state()
    assert {k: v for k, v in product_after.items() if k != "variants"} == {
        k: v for k, v in product_before.items() if k != "variants"
    }
    assert product_after["variants"]["V2"] == product_before["variants"]["V2"]


@pytest.mark.parametrize("route", VARIANT_ROUTES)
def test_dimensions_change_only_the_axes_named(api, world, route):
    patch_variant(api, route, {"dimensions": {"depth": 44}})
    state = variant_state()
    assert (state["height"], state["width"], state["depth"]) == (10, 20, 44)

    patch_variant(api, route, {"dimensions": {"width": None}})  # null on one axis clears that axis
    state = variant_state()
    assert (state["height"], state["width"], state["depth"]) == (10, None, 44)

    patch_variant(api, route, {"dimensions": {}})  # names no axis: changes nothing
    assert (variant_state()["height"], variant_state()["depth"]) == (10, 44)


@pytest.mark.parametrize("route", VARIANT_ROUTES)
def test_price_null_removes_that_price_only_and_absent_keeps_it(api, world, route):
    patch_variant(api, route, {"oldPrice": None})
    assert variant_state()["prices"] == {"Розничная цена": 1000, "opt": 700}

    patch_variant(api, route, {"article": "ART-3"})  # absent: kept
    assert variant_state()["prices"] == {"Розничная цена": 1000, "opt": 700}

    patch_variant(api, route, {"price": None, "oldPrice": 1300})
    assert variant_state()["prices"] == {"Цена до скидки": 1300, "opt": 700}


def test_a_post_still_resets_a_field_that_cannot_be_empty_to_its_default(api, world):
    """POST replaces the product: its null (or absence) means the default, as before."""
    response = api.post("/api/lite/products", {"id": "P1", "vat": None, "shortName": None}, format="json")
    assert response.status_code == 200, response.content
    product = Product.objects.get(public_id="P1")
    assert (product.vat, product.short_name) == (Product.Vat.NO_VAT, "")


def test_a_null_on_every_field_at_once_answers_200_and_clears_only_what_may_be_empty(api, world):
    body = {"id": "P1", **dict.fromkeys(PRODUCT_FIELDS)}
    body["variantsToUpdate"] = [{"productId": "P1", "variantId": "V1", **dict.fromkeys(VARIANT_FIELDS)}]
    answer = patch_product(api, "products", body)
    assert answer["variantsResult"][0]["success"] is True
    product = Product.objects.get(public_id="P1")
    assert (product.short_name, product.vat, product.type, product.available) == (
        "Худи",
        "VAT_20",
        "PHYSICAL_SET",
        True,
    )
    assert (product.brand_name, product.warranty) == (None, None)
    variant = variant_state()
    assert (variant["ordering"], variant["discount_fix"], variant["is_physical_set"]) == (5, 50, True)
    assert (variant["article"], variant["weight"], variant["prices"], variant["barcodes"]) == (None, None, {}, [])
    assert variant["stock"] == [("main", Decimal(7))]
