from decimal import Decimal

import pytest

from catalog.models import Barcode, Product, ProductImage, ProductOptionOrder, Variant, VariantEshopSetting
from inventory.models import StockLevel, StockMovement
from tests.factories import (
    BarcodeFactory,
    EshopFactory,
    ProductFactory,
    StockLevelFactory,
    VariantFactory,
    VariantOptionFactory,
    WarehouseFactory,
)

from .helpers import assert_error_envelope, snapshot_counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def warehouse():
    return WarehouseFactory(code="9a84e96f-3e8c-8f74-3b7a-50a1d3c2a130", is_default=True)


def spec_variant(**overrides):
    """The spec's example request of POST /api/lite/products/variants."""
    payload = {
        "productId": "1002",
        "variantId": "1024",
        "article": "POLO92/L/ЖЕЛ",
        "price": 990,
        "oldPrice": 1200,
        "prices": [{"priceCode": "Розничная цена", "value": 990}, {"priceCode": "Цена до скидки", "value": 1200}],
        "defaultImage": "8b16a469-2b8c-4df4-85f2-c9c9afa1f921",
        "ordering": "123.123",
        "optionsUsed": [{"code": "size", "stringValue": "L"}, {"code": "color", "stringValue": "желтый"}],
        "weight": 500,
        "dimensions": {"height": 5, "width": 5, "depth": 10},
        "barcodes": [
            {"value": "42353456345345", "isDefault": True, "type": "COMMON"},
            {"value": "34234232343", "isDefault": False, "type": "WILDBERRIES"},
        ],
        "stock": [{"warehouseCode": "9a84e96f-3e8c-8f74-3b7a-50a1d3c2a130", "stockTotal": 111}],
        "updateStockTotal": False,
    }
    payload.update(overrides)
    if payload["defaultImage"] is not None and payload["productId"] == "1002":
        # defaultImage must name one of the product's images: give product 1002 the spec's image.
        product = Product.objects.filter(public_id="1002").first()
        if product is not None:
            ProductImage.objects.get_or_create(
                public_id=payload["defaultImage"], defaults={"product": product, "file": "images/spec.jpg"}
            )
    return payload


def test_post_creates_the_spec_variant(api, warehouse):
    ProductFactory(public_id="1002")

    response = api.post("/api/lite/products/variants", spec_variant(), format="json")

    assert response.json() == {"success": True, "productId": "1002", "variantId": "1024"}
    variant = Variant.objects.get(public_id="1024")
    assert variant.product.public_id == "1002" and variant.article == "POLO92/L/ЖЕЛ"
    assert variant.ordering == Decimal("123.123") and (variant.height, variant.width, variant.depth) == (5, 5, 10)
    assert {p.price_type.code: p.value for p in variant.prices.all()} == {"Розничная цена": 990, "Цена до скидки": 1200}
    assert list(variant.barcodes.values_list("value", "is_default", "type")) == [
        ("42353456345345", True, "COMMON"),
        ("34234232343", False, "WILDBERRIES"),
    ]
    assert {(o.code, o.string_value) for o in variant.options.all()} == {("size", "L"), ("color", "желтый")}
    # updateStockTotal=false: stock is not set; the new variant has its empty row in the (one) warehouse.
    assert list(StockLevel.objects.filter(variant=variant).values_list("total", "reserved")) == [(0, 0)]


def test_stock_total_is_set_only_with_update_stock_total_and_lands_in_the_ledger(api, warehouse):
    ProductFactory(public_id="1002")

    api.post("/api/lite/products/variants", spec_variant(updateStockTotal=True), format="json")

    level = StockLevel.objects.get(variant__public_id="1024", warehouse=warehouse)
    assert level.total == 111 and level.reserved == 0
    movement = StockMovement.objects.get(variant__public_id="1024")
    assert movement.delta_total == 111 and movement.source == "API" and movement.reason == "POST /products/variants"


def test_deprecated_price_fields_still_work(api, warehouse):
    ProductFactory(public_id="1002")

    api.post(
        "/api/lite/products/variants",
        {"productId": "1002", "variantId": "v9", "price": 500, "oldPrice": 700},
        format="json",
    )

    doc = api.get("/api/lite/products?id=1002").json()["products"][0]
    variant = next(v for v in doc["variants"] if v["id"] == "v9")
    assert (variant["price"], variant["oldPrice"]) == (500, 700)


def test_patch_changes_only_the_barcodes(api, warehouse):
    ProductFactory(public_id="1002")
    api.post("/api/lite/products/variants", spec_variant(), format="json")

    response = api.patch(
        "/api/lite/products/variants",
        {
            "productId": "1002",
            "variantId": "1024",
            "barcodes": [{"value": "42353456345345", "isDefault": True, "type": "COMMON"}],
        },
        format="json",
    )

    assert response.json()["success"] is True
    variant = Variant.objects.get(public_id="1024")
    assert list(variant.barcodes.values_list("value", flat=True)) == ["42353456345345"]
    assert variant.article == "POLO92/L/ЖЕЛ" and variant.prices.count() == 2


def test_patch_needs_both_ids(api):
    assert_error_envelope(api.patch("/api/lite/products/variants", {"variantId": "1"}, format="json"), 400)
    ProductFactory(public_id="1002")
    assert_error_envelope(
        api.patch("/api/lite/products/variants", {"productId": "1002", "variantId": "ghost"}, format="json"), 404
    )


def test_a_barcode_is_unique_across_the_catalog(api, warehouse):
    other = ProductFactory(public_id="1001", short_name="Кепка")
    BarcodeFactory(variant=other.variants.get(), value="42353456345345")
    ProductFactory(public_id="1002")
    before = snapshot_counts()

    body = assert_error_envelope(api.post("/api/lite/products/variants", spec_variant(), format="json"), 400)

    variant_id = other.variants.get().public_id
    assert body["errors"][0]["message"] == (
        f"Штрихкод 42353456345345 уже используются в варианте [{variant_id}] Кепка, ШК: 42353456345345 "
    )
    assert snapshot_counts() == before


@pytest.mark.parametrize(
    ("overrides", "status"),
    [
        ({"productId": "ghost"}, 404),
        ({"variantId": "bad id!"}, 400),
        ({"prices": [{"priceCode": "Оптовая", "value": 1}]}, 400),
        ({"stock": [{"warehouseCode": "nowhere", "stockTotal": 1}], "updateStockTotal": True}, 400),
        ({"barcodes": [{"value": "1"}, {"value": "1"}]}, 400),
        ({"optionsUsed": [{"code": "size"}]}, 400),
        ({"weight": -1}, 400),
        ({"stock": [{"stockTotal": "many"}]}, 400),
    ],
)
def test_bad_variant_input_changes_nothing(api, warehouse, overrides, status):
    ProductFactory(public_id="1002")
    before = snapshot_counts()

    assert_error_envelope(api.post("/api/lite/products/variants", spec_variant(**overrides), format="json"), status)

    assert snapshot_counts() == before


def test_two_variants_of_a_product_cannot_have_the_same_options(api, warehouse):
    product = ProductFactory(public_id="1002")
    VariantOptionFactory(variant=product.variants.get(), code="size", string_value="L")

    body = assert_error_envelope(
        api.post(
            "/api/lite/products/variants",
            spec_variant(optionsUsed=[{"code": "size", "stringValue": "L"}]),
            format="json",
        ),
        400,
    )
    assert "набором опций" in body["errors"][0]["message"]


def test_a_variant_may_use_an_option_value_outside_the_dictionary(api, warehouse):
    ProductFactory(public_id="1002")

    api.post(
        "/api/lite/products/variants",
        spec_variant(optionsUsed=[{"code": "mood", "stringValue": "бодрый"}]),
        format="json",
    )

    from catalog.models import Feature, FeatureValue

    assert Variant.objects.get(public_id="1024").options.get().string_value == "бодрый"
    assert not Feature.objects.filter(code="mood").exists() and not FeatureValue.objects.exists()


def test_delete_refuses_the_only_variant_and_a_variant_with_stock(api, warehouse):
    product = ProductFactory(public_id="1002", variants=2)
    first, second = product.variants.order_by("pk")
    StockLevelFactory(variant=first, warehouse=warehouse, total=3)

    body = assert_error_envelope(
        api.delete(f"/api/lite/products/variants?productId=1002&variantId={first.public_id}"), 400
    )
    assert body["errors"][0]["message"] == "Невозможно удалить вариант, у которого есть складские остатки"

    response = api.delete(f"/api/lite/products/variants?productId=1002&variantId={second.public_id}")
    assert response.json()["success"] is True
    assert not Variant.objects.filter(pk=second.pk).exists()

    StockLevel.objects.filter(variant=first).update(total=0)
    body = assert_error_envelope(
        api.delete(f"/api/lite/products/variants?productId=1002&variantId={first.public_id}"), 400
    )
    assert body["errors"][0]["message"] == "Невозможно удалить единственный вариант продукта"
    assert_error_envelope(api.delete("/api/lite/products/variants?productId=1002&variantId=ghost"), 404)


def test_variants_batch_patches_each_variant_on_its_own(api):
    first = VariantFactory(public_id="demo1030", product=ProductFactory(public_id="demo1012", variants=0))
    VariantFactory(public_id="demo1031", product=ProductFactory(public_id="demo1013", variants=0))

    body = api.patch(
        "/api/lite/products/variants/batch",
        {
            "variantsToUpdate": [
                {"weight": 200000, "productId": "demo1012", "variantId": "demo1030", "extId": "11011"},
                {"weight": 233, "productId": "demo1013", "variantId": "demo1031", "extId": "11012"},
                {"weight": 1, "productId": "demo1013", "variantId": "ghost"},
                {"weight": "x", "productId": "demo1013", "variantId": "demo1031"},
            ]
        },
        format="json",
    ).json()

    assert [r["success"] for r in body["variantsResult"]] == [True, True, False, False]
    first.refresh_from_db()
    assert first.weight == 200000 and first.ext_id == "11011" and first.article is not None
    assert Variant.objects.get(public_id="demo1031").weight == 233


def test_eshop_settings_per_variant_with_per_variant_results(api):
    VariantFactory(public_id="1000")
    eshop = EshopFactory(public_id="44fce711-e809-59ed-895a-661a32886d7f")

    body = api.post(
        "/api/lite/products/variants/eshop_settings",
        {
            "variants": [
                {
                    "variantId": "1000",
                    "eshopSettings": [
                        {"enabled": True, "eshopId": eshop.public_id, "extId": "HTW-LX3", "zeroStock": True}
                    ],
                },
                {
                    "variantId": "1000",
                    "eshopSettings": [
                        {"enabled": True, "eshopId": "4f4509b3-3b5b-1474-cabd-dfe8fce1b9ca", "extId": "HTW-LX3"}
                    ],
                },
            ]
        },
        format="json",
    ).json()

    assert body == {
        "success": True,
        "variants": [
            {"success": True, "variantId": "1000"},
            {
                "success": False,
                "errors": [{"code": 0, "message": "Не найдена интеграция с указанным ID"}],
                "variantId": "1000",
            },
        ],
    }
    setting = VariantEshopSetting.objects.get()
    assert (setting.ext_id, setting.zero_stock) == ("HTW-LX3", True)


def test_options_reorder_skips_unknown_options(api):
    product = ProductFactory(public_id="1002", variants=0)
    for size in ["L", "S", "M"]:
        VariantOptionFactory(variant=VariantFactory(product=product), code="size", string_value=size)

    response = api.post(
        "/api/lite/product/options/reorder",
        {
            "productId": "1002",
            "options": [{"code": "size", "values": ["S", "M", "L", "XL"]}, {"code": "color", "values": ["красный"]}],
        },
        format="json",
    )

    assert response.json() == {"success": True}
    assert list(ProductOptionOrder.objects.filter(product=product).values_list("code", "value")) == [
        ("size", "S"),
        ("size", "M"),
        ("size", "L"),
        ("size", "XL"),
    ]
    assert_error_envelope(
        api.post("/api/lite/product/options/reorder", {"productId": "ghost", "options": []}, format="json"), 404
    )


def test_new_product_gets_its_automatic_variant_with_the_product_id(api):
    api.post("/api/lite/products", {"id": "1000", "shortName": "Кактус"}, format="json")

    assert list(Product.objects.get(public_id="1000").variants.values_list("public_id", flat=True)) == ["1000"]
    assert Barcode.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value"), [("weightFact", 500), ("dimensionsFact", {"height": 1, "width": 2, "depth": 3})]
)
def test_warehouse_measurements_are_refused_from_clients_with_the_field_named(api, field, value):
    from catalog.models import Variant
    from tests.factories import ProductFactory

    product = ProductFactory(public_id="wf", variants=1)
    variant = product.variants.get()
    Variant.objects.filter(pk=variant.pk).update(weight_fact=700)
    body = {"productId": "wf", "variantId": variant.public_id, field: value}

    response = api.patch("/api/lite/products/variants", body, format="json")

    assert response.status_code == 400 and field in response.content.decode()
    # null is accepted and ignored (a document read back may be sent again); a POST keeps the warehouse's figure
    body[field] = None
    assert api.post("/api/lite/products/variants", body, format="json").status_code == 200
    variant.refresh_from_db()
    assert variant.weight_fact == 700
