"""A list of one write names each key once (issue 17): two prices of one price type, two default barcodes (or
one barcode twice), one warehouse twice in a variant's stock, one eshop twice in eshopSettings. Before, the
last row silently won; now the write is refused with a 400 naming the field and the value, and nothing is
written, at every door: POST/PATCH /products, /products/batch, /products/variants/eshop_settings, the admin."""

import pytest

from catalog.models import Barcode, Eshop, Product, ProductEshopSetting, VariantEshopSetting, VariantPrice
from inventory.models import StockLevel, StockMovement
from tests.admin_forms import management
from tests.factories import BarcodeFactory, ProductFactory, VariantPriceFactory, WarehouseFactory, price_type

from .helpers import assert_error_envelope, snapshot_counts

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def dictionaries():
    price_type("RETAIL")
    price_type("OLD")
    WarehouseFactory(code="WH1", name="Главный склад", is_default=True)
    WarehouseFactory(code="WH2", name="Магазин")
    Eshop.objects.create(public_id="ozon", type="OZON", name="Озон")


def variant_item(**fields):
    return {"variantId": "D-1", **fields}


DUPLICATES = {
    "prices": (
        variant_item(prices=[{"priceCode": "RETAIL", "value": 100}, {"priceCode": "RETAIL", "value": 90}]),
        "prices: тип цены «RETAIL» указан в запросе несколько раз",
    ),
    "two default barcodes": (
        variant_item(
            barcodes=[{"value": "4600000000101", "isDefault": True}, {"value": "4600000000102", "isDefault": True}]
        ),
        "barcodes: основным (isDefault) отмечено несколько штрихкодов: 4600000000101, 4600000000102",
    ),
    "one barcode twice": (
        variant_item(barcodes=[{"value": "4600000000101"}, {"value": "4600000000101"}]),
        "barcodes: штрихкод «4600000000101» указан в запросе несколько раз",
    ),
    "stock": (
        variant_item(
            updateStockTotal=True,
            stock=[{"warehouseCode": "WH2", "stockTotal": 5}, {"warehouseCode": "WH2", "stockTotal": 7}],
        ),
        "stock: склад «WH2» указан в запросе несколько раз",
    ),
    "variant eshopSettings": (
        variant_item(eshopSettings=[{"eshopId": "ozon", "extId": "A"}, {"eshopId": "ozon", "extId": "B"}]),
        "eshopSettings: eshopId «ozon» указан в запросе несколько раз",
    ),
}


@pytest.mark.parametrize("case", list(DUPLICATES))
def test_post_products_refuses_a_duplicate_and_writes_nothing(api, case):
    variant, message = DUPLICATES[case]
    before = snapshot_counts()

    response = api.post(
        "/api/lite/products", {"id": "D", "shortName": "Дубли", "variantsToUpdate": [variant]}, format="json"
    )

    assert_error_envelope(response, 400, f"variantsToUpdate[0]: {message}")
    assert snapshot_counts() == before
    assert not Product.objects.filter(public_id="D").exists()


@pytest.mark.parametrize("case", list(DUPLICATES))
def test_patch_of_an_existing_variant_refuses_a_duplicate_and_changes_nothing(api, case):
    product = ProductFactory(public_id="D", variants=0)
    variant = product.variants.create(public_id="D-1")
    VariantPriceFactory(variant=variant, value=50)
    BarcodeFactory(variant=variant, value="4600000000999")
    before = snapshot_counts()
    item, message = DUPLICATES[case]

    response = api.patch("/api/lite/products", {"id": "D", "variantsToUpdate": [item]}, format="json")

    assert_error_envelope(response, 400, f"variantsToUpdate[0]: {message}")
    assert snapshot_counts() == before
    assert list(VariantPrice.objects.filter(variant=variant).values_list("value", flat=True)) == [50]
    assert list(Barcode.objects.filter(variant=variant).values_list("value", flat=True)) == ["4600000000999"]


@pytest.mark.parametrize("case", list(DUPLICATES))
def test_batch_refuses_the_item_with_a_duplicate(api, case):
    item, message = DUPLICATES[case]
    before = snapshot_counts()

    response = api.post(
        "/api/lite/products/batch",
        {"products": [{"id": "D", "shortName": "Дубли", "variantsToUpdate": [item]}]},
        format="json",
    )

    assert response.status_code == 200
    [result] = response.json()["products"]
    assert result == {
        "success": False,
        "id": "D",
        "errors": [{"code": 0, "message": f"variantsToUpdate[0]: {message}"}],
    }
    assert snapshot_counts() == before
    assert not Product.objects.filter(public_id="D").exists()


def test_the_default_warehouse_named_with_and_without_its_code_is_one_warehouse_twice(api):
    """Only the writer knows which warehouse an item without warehouseCode means: it refuses the variant."""
    item = variant_item(updateStockTotal=True, stock=[{"stockTotal": 5}, {"warehouseCode": "WH1", "stockTotal": 7}])

    response = api.post(
        "/api/lite/products", {"id": "D", "shortName": "Дубли", "variantsToUpdate": [item]}, format="json"
    )

    [variant] = response.json()["variantsResult"]
    assert variant["errors"] == [{"code": 0, "message": "stock: склад «WH1» указан в запросе несколько раз"}]
    assert not StockMovement.objects.exists()


def test_product_eshop_settings_refuse_one_eshop_twice(api):
    response = api.post(
        "/api/lite/products",
        {
            "id": "D",
            "shortName": "Дубли",
            "eshopSettings": [{"eshopId": "ozon"}, {"eshopId": "ozon", "enabled": False}],
        },
        format="json",
    )

    assert_error_envelope(response, 400, "eshopSettings: eshopId «ozon» указан в запросе несколько раз")
    assert not Product.objects.filter(public_id="D").exists()
    assert not ProductEshopSetting.objects.exists()


def test_variant_eshop_settings_merge_refuses_one_eshop_twice(api):
    product = ProductFactory(public_id="D", variants=0)
    variant = product.variants.create(public_id="D-1")

    response = api.post(
        "/api/lite/products/variants/eshop_settings",
        {"variants": [{"variantId": "D-1", "eshopSettings": [{"eshopId": "ozon", "extId": "A"}, {"eshopId": "ozon"}]}]},
        format="json",
    )

    assert "eshopSettings: eshopId «ozon» указан в запросе несколько раз" in response.content.decode()
    assert not VariantEshopSetting.objects.filter(variant=variant).exists()


def test_a_price_and_barcodes_without_duplicates_still_save(api):
    item = variant_item(
        prices=[
            {"priceCode": price_type("RETAIL").code, "value": 100},
            {"priceCode": price_type("OLD").code, "value": 120},
        ],
        barcodes=[{"value": "4600000000101", "isDefault": True}, {"value": "4600000000102"}],
        updateStockTotal=True,
        stock=[{"warehouseCode": "WH1", "stockTotal": 5}, {"warehouseCode": "WH2", "stockTotal": 7}],
        eshopSettings=[{"eshopId": "ozon"}],
    )

    response = api.post(
        "/api/lite/products", {"id": "D", "shortName": "Без дублей", "variantsToUpdate": [item]}, format="json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["variantsResult"][0]["success"] is True, response.content
    assert dict(StockLevel.objects.filter(variant__public_id="D-1").values_list("warehouse__code", "total")) == {
        "WH1": 5,
        "WH2": 7,
    }


# --- the admin: its pages save through the same services ----------------------------------------------------


def variant_page(**rows):
    data = {
        "article": "ART-1",
        "ordering": "1",
        "weight": "500",
        "discount_percent": "0",
        "discount_fix": "0",
        "bundle_optional_count": "0",
        **management("prices"),
        **management("barcodes"),
        **management("options"),
        **management("stock_levels"),
    }
    data.update(rows)
    return data


def test_admin_variant_page_refuses_two_default_barcodes(manager_client):
    variant = ProductFactory(public_id="D", variants=0).variants.create(public_id="D-1")
    data = variant_page(
        **management("barcodes", total=2),
        **{"barcodes-0-value": "4600000000101", "barcodes-0-is_default": "on", "barcodes-0-type": "COMMON"},
        **{"barcodes-1-value": "4600000000102", "barcodes-1-is_default": "on", "barcodes-1-type": "COMMON"},
    )

    response = manager_client.post(f"/admin/catalog/variant/{variant.pk}/change/", data)

    assert response.status_code == 200  # the page again, with the error
    assert "основным (isDefault) отмечено несколько штрихкодов" in response.content.decode()
    assert not Barcode.objects.filter(variant=variant).exists()
    variant.refresh_from_db()
    assert variant.article != "ART-1"


def test_admin_variant_page_refuses_one_price_type_twice(manager_client):
    variant = ProductFactory(public_id="D", variants=0).variants.create(public_id="D-1")
    retail = str(price_type("RETAIL").pk)
    data = variant_page(
        **management("prices", total=2),
        **{
            "prices-0-price_type": retail,
            "prices-0-value": "100",
            "prices-1-price_type": retail,
            "prices-1-value": "90",
        },
    )

    response = manager_client.post(f"/admin/catalog/variant/{variant.pk}/change/", data)

    assert response.status_code == 200
    assert not VariantPrice.objects.filter(variant=variant).exists()
    assert StockMovement.objects.count() == 0
