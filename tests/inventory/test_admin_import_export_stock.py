"""django-import-export on the stock screens: readable columns, a dry-run preview, writes through the services."""

from decimal import Decimal

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile

from inventory.models import StockLevel, StockMovement
from reviews.models import Review
from tests.factories.catalog import ProductFactory, VariantFactory
from tests.factories.inventory import StockLevelFactory, WarehouseFactory

pytestmark = pytest.mark.django_db
CSV = "2"  # the index of CSV in settings.IMPORT_EXPORT_FORMATS (XLSX, XLS, CSV, JSON)


@pytest.fixture
def stock():
    warehouse = WarehouseFactory(code="WH1", name="Главный склад")
    product = ProductFactory(public_id="1003", short_name="Кеды", variants=0)
    variant = VariantFactory(product=product, public_id="1003-1", article="K-RED")
    return StockLevelFactory(variant=variant, warehouse=warehouse, total=Decimal("5"))


def _csv(rows) -> SimpleUploadedFile:
    data = tablib.Dataset(*rows[1:], headers=rows[0]).export("csv")
    return SimpleUploadedFile("stock.csv", data.encode())


def _export(admin_client, changelist: str) -> list[dict]:
    """The export screen as a manager submits it: CSV, every column ticked (the screen's default)."""
    form = admin_client.get(f"{changelist}export/").context["form"]
    data = {name: "on" for name, field in form.fields.items() if getattr(field, "is_selectable_field", False)}
    response = admin_client.post(f"{changelist}export/", {**data, "format": CSV, "resource": "0"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return tablib.Dataset().load(response.content.decode("utf-8-sig"), format="csv").dict


def _preview(admin_client, rows):
    response = admin_client.post("/admin/inventory/stocklevel/import/", {"import_file": _csv(rows), "format": CSV})
    assert response.status_code == 200
    return response


def test_stock_export_names_variants_and_warehouses_not_database_ids(admin_client, stock):
    row = _export(admin_client, "/admin/inventory/stocklevel/")[0]
    assert row["Код варианта"] == "1003-1" and row["Артикул"] == "K-RED" and row["Наименование"] == "Кеды"
    assert row["Код склада"] == "WH1" and row["Склад"] == "Главный склад"
    assert row["total"] == "5" and row["reserved"] == "0"


def test_stock_import_previews_then_writes_through_the_correction_service(admin_client, stock):
    rows = [["Код варианта", "Код склада", "total"], ["1003-1", "WH1", "12"]]
    preview = _preview(admin_client, rows)
    assert preview.context["result"].totals["update"] == 1
    stock.refresh_from_db()
    assert stock.total == 5, "the dry run writes nothing"
    assert not StockMovement.objects.exists()

    confirm_form = preview.context["confirm_form"]
    response = admin_client.post("/admin/inventory/stocklevel/process_import/", confirm_form.initial, follow=True)
    assert response.status_code == 200
    stock.refresh_from_db()
    assert stock.total == 12
    line = StockMovement.objects.get()
    assert line.delta_total == 7 and line.user_login == "admin" and line.reason == "Импорт остатков из файла"


def test_stock_import_shows_row_errors_and_writes_nothing(admin_client, stock):
    rows = [["Код варианта", "Код склада", "total"], ["1003-1", "NOPE", "12"], ["1003-1", "WH1", "-1"]]
    preview = _preview(admin_client, rows)
    result = preview.context["result"]
    # Each bad row is reported with its number: the unknown warehouse (row 1) and the negative total (row 2).
    reported = {row.number for row in result.invalid_rows} | {number for number, _ in result.row_errors()}
    assert reported == {1, 2}
    assert preview.context.get("confirm_form") is None
    assert StockLevel.objects.get().total == 5
    assert not StockMovement.objects.exists()


def test_ledger_and_reviews_export_only(admin_client, stock):
    StockMovement.objects.create(
        variant=stock.variant, warehouse=stock.warehouse, warehouse_code="WH1", delta_total=5, source="USER"
    )
    Review.objects.create(product=stock.variant.product, customer_name="Анна", content="Хорошие", score=5)
    changelist = admin_client.get("/admin/inventory/stockmovement/").content.decode()
    assert "/admin/inventory/stockmovement/export/" in changelist
    assert "/admin/inventory/stockmovement/import/" not in changelist
    ledger_rows = _export(admin_client, "/admin/inventory/stockmovement/")
    assert ledger_rows[0]["Код варианта"] == "1003-1" and ledger_rows[0]["Код склада"] == "WH1"
    review_rows = _export(admin_client, "/admin/reviews/review/")
    assert review_rows[0]["Код продукта"] == "1003" and review_rows[0]["customer_name"] == "Анна"


def test_import_limits_come_from_settings(admin_client, stock, settings):
    rows = [["Код варианта", "Код склада", "total"], ["1003-1", "WH1", "12"], ["1003-1", "WH1", "13"]]
    settings.SPREADSHEET_IMPORT_MAX_ROWS = 1
    preview = _preview(admin_client, rows)
    assert "В файле 2 строк, максимум 1" in preview.content.decode()
    assert preview.context.get("confirm_form") is None

    settings.SPREADSHEET_IMPORT_MAX_BYTES = 10
    too_big = _preview(admin_client, rows)
    assert "Файл слишком большой" in too_big.content.decode()
    assert "result" not in too_big.context
    assert StockLevel.objects.get().total == 5 and not StockMovement.objects.exists()
