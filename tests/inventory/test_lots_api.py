from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse

import pytest
import xlrd
from django.core.files.storage import default_storage
from django.utils import timezone

from catalog.models import Product
from inventory.models import Lot
from inventory.services import save_lots
from tests.factories.catalog import ProductFactory, VariantFactory
from tests.factories.inventory import WarehouseFactory

pytestmark = pytest.mark.django_db

LOT = {
    "expirationDays": 0,
    "expirationDaysLimit": 0,
    "productionDate": "2022-11-01",
    "expirationDate": "2022-12-01",
    "manufacturer": "",
    "manufacturerRequisites": "",
    "useBatchAccounting": True,
    "useExpiration": True,
}


@pytest.fixture
def lots():
    """The spec's example: variant 2478 with three lots in warehouse 12345."""
    product = ProductFactory(
        variants=0, use_batch_accounting=True, expiration_mode=Product.ExpirationMode.USE_EXPIRATION
    )
    variant = VariantFactory(product=product, public_id="2478")
    warehouse = WarehouseFactory(code="12345")
    save_lots(
        entries=[
            {
                "variant_id": variant.pk,
                "warehouse_id": warehouse.pk,
                "number": number,
                "quantity": Decimal(quantity),
                "production_date": date(2022, 11, 1),
                "expiration_date": date(2022, 12, 1),
            }
            for number, quantity in [
                ("2478 01.01.2033 0:00:00", 50),
                ("2478 09.01.2021 0:00:00", 8),
                ("2478 09.08.2025 0:00:00", 52),
            ]
        ]
    )
    return variant, warehouse


def test_lots_json_is_the_spec_example(api, lots):
    response = api.get("/api/lite/products/batch/accounting/stocks?warehouseCode=12345&variantId=2478&format=json")

    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {
                "batchAccountingStocks": [
                    {"available": 50, "batchAccountingNumber": "2478 01.01.2033 0:00:00", **LOT},
                    {"available": 8, "batchAccountingNumber": "2478 09.01.2021 0:00:00", **LOT},
                    {"available": 52, "batchAccountingNumber": "2478 09.08.2025 0:00:00", **LOT},
                ],
                "variantId": "2478",
            }
        ],
        "success": True,
    }


def test_lots_default_to_json_and_filter_by_variant_list(api, lots):
    variant, warehouse = lots
    other = VariantFactory(public_id="9999")
    Lot.objects.create(variant=other, warehouse=warehouse, number="L1", quantity=1)
    Lot.objects.create(variant=other, warehouse=WarehouseFactory(), number="L2", quantity=1)

    everything = api.get("/api/lite/products/batch/accounting/stocks?warehouseCode=12345").json()
    only_other = api.get("/api/lite/products/batch/accounting/stocks?warehouseCode=12345&variantId=9999, 777").json()

    assert [item["variantId"] for item in everything["items"]] == ["2478", "9999"]
    assert [lot["batchAccountingNumber"] for lot in only_other["items"][0]["batchAccountingStocks"]] == ["L1"]
    assert len(only_other["items"]) == 1


def test_expiration_days_count_down_to_zero(api, lots):
    variant, warehouse = lots
    Lot.objects.create(
        variant=variant,
        warehouse=warehouse,
        number="FRESH",
        quantity=1,
        expiration_date=timezone.localdate() + timedelta(days=12),
    )

    body = api.get("/api/lite/products/batch/accounting/stocks?warehouseCode=12345").json()

    fresh = [lot for lot in body["items"][0]["batchAccountingStocks"] if lot["batchAccountingNumber"] == "FRESH"]
    assert fresh[0]["expirationDays"] == 12


def test_lots_xls_answers_a_downloadable_file_link(api, lots, settings):
    response = api.get("/api/lite/products/batch/accounting/stocks?warehouseCode=12345&format=xls")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"file", "success"} and body["success"] is True
    url = urlparse(body["file"])
    assert url.scheme == "http" and url.netloc == "testserver" and url.path.endswith(".xls")
    name = str(Path(url.path).relative_to(settings.MEDIA_URL))
    try:
        with default_storage.open(name) as stored:
            content = stored.read()
        sheet = xlrd.open_workbook(file_contents=content).sheet_by_index(0)
        assert sheet.nrows == 4
        assert sheet.row_values(1)[:3] == ["2478", "2478 01.01.2033 0:00:00", 50.0]

        download = api.get(url.path)
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == content
    finally:
        default_storage.delete(name)


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("", 400, "warehouseCode"),
        ("warehouseCode=", 400, "warehouseCode"),
        ("warehouseCode=nope", 404, "nope"),
        ("warehouseCode=12345&format=pdf", 400, "format"),
    ],
)
def test_lots_bad_input(api, lots, query, status, message):
    response = api.get(f"/api/lite/products/batch/accounting/stocks?{query}")

    assert response.status_code == status
    assert response.json()["success"] is False
    assert message in response.json()["errors"][0]["message"]


def test_lots_query_count_is_constant(api, lots, django_assert_max_num_queries):
    variant, warehouse = lots
    for index in range(20):
        Lot.objects.create(variant=VariantFactory(), warehouse=warehouse, number=f"N{index}", quantity=1)

    with django_assert_max_num_queries(4):
        body = api.get("/api/lite/products/batch/accounting/stocks?warehouseCode=12345").json()

    assert len(body["items"]) == 21
