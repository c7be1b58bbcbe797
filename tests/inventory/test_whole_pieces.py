"""Stock of a piece item is counted in whole pieces (issue 18): a 10.5 for a variant whose product is not sold by
weight (Product.is_catch_weight) is refused at every stock write (inventory.services.check_whole_pieces) and
nothing is written; goods sold by weight keep their fractions (kg). The WMS pull skips such a line with a
warning and applies the rest."""

import logging
from decimal import Decimal

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile

from config.kernel.errors import ValidationFailed
from integrations.wms import services as wms_services
from inventory.models import Reservation, StockLevel, StockMovement
from inventory.services import ReservationItem, correct_stock, reserve_stock, set_stock_totals
from tests.catalog.test_admin_product_import import STOCK, catalog, edited, export, media, preview, reported_rows  # noqa: F401
from tests.factories import ProductFactory, StockLevelFactory, WarehouseFactory
from tests.integrations.wms_support import fake_wms, ff_warehouse  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db
PIECE_REFUSED = "Вариант P-1 продаётся поштучно: количество должно быть целым, получено 10.5"


@pytest.fixture
def warehouse():
    return WarehouseFactory(code="WH1", name="Главный склад", is_default=True)


@pytest.fixture
def piece(warehouse):
    variant = ProductFactory(public_id="P", short_name="Кеды", variants=0).variants.create(public_id="P-1")
    StockLevelFactory(variant=variant, warehouse=warehouse, total=Decimal("20"))
    return variant


@pytest.fixture
def by_weight(warehouse):
    product = ProductFactory(public_id="W", short_name="Сыр", is_catch_weight=True, variants=0)
    variant = product.variants.create(public_id="W-1")
    StockLevelFactory(variant=variant, warehouse=warehouse, total=Decimal("20"))
    return variant


def totals():
    return dict(StockLevel.objects.values_list("variant__public_id", "total"))


def stock_item(variant_id, total):
    return {"variantId": variant_id, "updateStockTotal": True, "stock": [{"warehouseCode": "WH1", "stockTotal": total}]}


# --- the API ------------------------------------------------------------------------------------------------


def test_products_api_refuses_a_fractional_stock_of_a_piece_item(api, piece):
    response = api.patch(
        "/api/lite/products", {"id": "P", "variantsToUpdate": [stock_item("P-1", 10.5)]}, format="json"
    )

    [variant] = response.json()["variantsResult"]
    assert variant["errors"] == [{"code": 0, "message": f"stock: {PIECE_REFUSED}"}]
    assert totals()["P-1"] == 20
    assert not StockMovement.objects.exists()


def test_batch_refuses_the_piece_item_and_keeps_the_weighed_one(api, piece, by_weight):
    response = api.patch(
        "/api/lite/products/variants/batch",
        {
            "variantsToUpdate": [
                {"productId": "P", **stock_item("P-1", "10.5")},
                {"productId": "W", **stock_item("W-1", "10.5")},
            ]
        },
        format="json",
    )

    assert response.status_code == 200, response.content
    assert f"stock: {PIECE_REFUSED}" in response.content.decode()
    assert totals() == {"P-1": 20, "W-1": Decimal("10.5")}
    assert list(StockMovement.objects.values_list("variant__public_id", flat=True)) == ["W-1"]


def test_a_product_turned_to_weight_in_the_same_write_takes_a_fraction(api, piece):
    response = api.patch(
        "/api/lite/products",
        {"id": "P", "isCatchWeight": True, "variantsToUpdate": [stock_item("P-1", 10.5)]},
        format="json",
    )

    assert response.json()["variantsResult"][0]["success"] is True, response.content
    assert totals()["P-1"] == Decimal("10.5")


def test_whole_figures_written_with_decimals_are_accepted(api, piece):
    response = api.patch(
        "/api/lite/products", {"id": "P", "variantsToUpdate": [stock_item("P-1", "12.000")]}, format="json"
    )

    assert response.json()["variantsResult"][0]["success"] is True, response.content
    assert totals()["P-1"] == 12


def test_reservation_of_a_fraction_of_a_piece_item_is_a_400_and_reserves_nothing(api, piece, by_weight):
    refused = api.post(
        "/api/lite/reservations", {"orderId": "O-1", "items": [{"variantId": "P-1", "quantity": "1.5"}]}, format="json"
    )
    weighed = api.post(
        "/api/lite/reservations", {"orderId": "O-2", "items": [{"variantId": "W-1", "quantity": "1.5"}]}, format="json"
    )

    assert refused.status_code == 400
    assert refused.json() == {
        "success": False,
        "errors": [
            {"code": 0, "message": "Вариант P-1 продаётся поштучно: количество должно быть целым, получено 1.5"}
        ],
    }
    assert weighed.status_code == 200, weighed.content
    assert list(Reservation.objects.values_list("order_id", flat=True)) == ["O-2"]
    assert StockLevel.objects.get(variant=piece).reserved == 0


# --- the services every other door uses ---------------------------------------------------------------------


def test_the_stock_services_refuse_a_fraction_of_a_piece_item(piece, warehouse):
    with pytest.raises(ValidationFailed, match="P-1 продаётся поштучно"):
        set_stock_totals(entries=[(piece.pk, warehouse.pk, Decimal("10.5"))], source="API", reason="тест")
    with pytest.raises(ValidationFailed, match="P-1 продаётся поштучно"):
        correct_stock(variant_id=piece.pk, warehouse_id=warehouse.pk, reason="тест", expired=Decimal("0.5"))
    with pytest.raises(ValidationFailed, match="P-1 продаётся поштучно"):
        reserve_stock(order_id="O-3", items=[ReservationItem("P-1", None, Decimal("0.25"))])

    assert totals()["P-1"] == 20
    assert not StockMovement.objects.exists() and not Reservation.objects.exists()


# --- the admin ----------------------------------------------------------------------------------------------


def test_admin_stock_correction_shows_the_refusal_on_the_field(staff, piece):
    level = StockLevel.objects.get(variant=piece)

    response = staff.post(
        f"/admin/inventory/stocklevel/{level.pk}/change/",
        {"total": "10.5", "defective": "0", "defective_reserved": "0", "expired": "0", "reason": "Пересчёт"},
    )

    assert response.status_code == 200  # the form again
    assert response.context["adminform"].form.errors["total"] == [PIECE_REFUSED]
    assert totals()["P-1"] == 20
    assert not StockMovement.objects.exists()


def test_admin_stock_import_reports_the_row_and_writes_nothing(staff, piece):
    rows = tablib.Dataset(["P-1", "WH1", "10.5"], headers=["Код варианта", "Код склада", "total"]).export("csv")

    preview = staff.post(
        "/admin/inventory/stocklevel/import/",
        {"import_file": SimpleUploadedFile("stock.csv", rows.encode()), "format": "2"},
    )

    result = preview.context["result"]
    errors = [str(e.error) for _, row_errors in result.row_errors() for e in row_errors]
    errors += [str(row.error_dict) for row in result.invalid_rows]
    assert any("P-1 продаётся поштучно" in e for e in errors), errors
    assert preview.context.get("confirm_form") is None
    assert totals()["P-1"] == 20


def test_product_spreadsheet_import_reports_a_fractional_stock_cell(admin_client, catalog, media):  # noqa: F811
    """The product sheet writes stock through save_products (stock_entries), as the API does."""
    dataset = edited(export(admin_client), "1003-1", **{STOCK: "10.5"})

    response = preview(admin_client, dataset)

    rows = reported_rows(response.context["result"])
    assert list(rows) == [1] and "Вариант 1003-1 продаётся поштучно" in rows[1]
    assert response.context.get("confirm_form") is None
    assert StockLevel.objects.get(variant__public_id="1003-1").total == 5
    assert not StockMovement.objects.exists()


# --- the WMS pull -------------------------------------------------------------------------------------------


def test_wms_pull_skips_a_fractional_piece_line_and_applies_the_rest(fake_wms, ff_warehouse, caplog):  # noqa: F811
    piece = ProductFactory(public_id="P", variants=0).variants.create(public_id="P-1")
    other = ProductFactory(public_id="Q", variants=0).variants.create(public_id="Q-1")
    cheese = ProductFactory(public_id="W", is_catch_weight=True, variants=0).variants.create(public_id="W-1")
    StockLevelFactory(variant=piece, warehouse=ff_warehouse, total=Decimal("4"))
    fake_wms.state.control({"stock": {"P-1": 7.5, "Q-1": 3, "W-1": 2.75}})

    with caplog.at_level(logging.WARNING, logger="integrations.wms.services"):
        wms_services.pull_stock()

    levels = dict(StockLevel.objects.filter(warehouse=ff_warehouse).values_list("variant_id", "total"))
    assert levels[piece.pk] == 4  # skipped
    assert levels[other.pk] == 3 and levels[cheese.pk] == Decimal("2.75")
    assert "P-1" in caplog.text and "поштучно" in caplog.text
    assert not StockMovement.objects.filter(variant=piece).exists()
