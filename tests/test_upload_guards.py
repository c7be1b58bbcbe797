"""Uploaded spreadsheets: a NUL in a cell is a row error, an XLSX archive bomb is refused before parsing."""

import io
import zipfile

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.models import ImportJob
from config.kernel.errors import ValidationFailed
from config.kernel.uploads import check_spreadsheet_archive
from inventory.models import UniqueNumber, Warehouse
from tests.catalog.test_item_template_api import row, xls
from tests.factories.catalog import VariantFactory

pytestmark = pytest.mark.django_db


def test_a_nul_in_an_item_template_cell_is_a_row_error(api):
    VariantFactory(public_id="1021", product__public_id="1021", product__vat="VAT_20", article="")
    rows = [row(code="1021", name="Ok", quantity=1, vat="VAT_20"), row(code="10\x0021", name="Bad", quantity=1)]

    response = api.post("/api/lite/products/templates/items", {"file": xls(rows)}, format="multipart")

    assert response.status_code == 200, response.content
    messages = [e["message"] for e in response.json()["errors"]]
    assert messages == ["Найдены следующие ошибки в строке 3 : недопустимый символ NUL в ячейке"]


def test_a_nul_in_a_unique_number_cell_names_the_row_and_stores_nothing(api):
    VariantFactory(public_id="1000")
    upload = xls([["1000", "ok-1", "UIT"], ["1000", "bad\x00number", "UIT"]], header=["variant_id", "number", "type"])

    response = api.post("/api/lite/products/load/unique_number/excel", {"upFile": upload}, format="multipart")

    assert response.status_code == 400, response.content
    assert "строка 3: недопустимый символ NUL" in response.json()["errors"][0]["message"]
    assert not UniqueNumber.objects.exists()


def bomb(unpacked_mb: int) -> bytes:
    """A tiny XLSX-looking archive whose sheet unpacks to `unpacked_mb` MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<worksheet>" + b"0" * (unpacked_mb * 1024 * 1024))
    return buffer.getvalue()


def test_an_archive_bomb_is_refused_by_its_declared_size():
    content = bomb(50)
    assert len(content) < 200 * 1024
    with pytest.raises(ValidationFailed, match="в распакованном виде 50 МБ"):
        check_spreadsheet_archive(content)


def test_an_archive_that_packs_too_well_is_refused():
    with pytest.raises(ValidationFailed, match="сжата в"):
        check_spreadsheet_archive(bomb(5))


def test_a_sheet_declaring_too_many_rows_is_refused_before_parsing():
    dataset = tablib.Dataset(headers=["a"])
    for index in range(30):
        dataset.append([index])
    content = dataset.export("xlsx")
    check_spreadsheet_archive(content, max_rows=30)
    with pytest.raises(ValidationFailed, match="Слишком много строк: 30, максимум 29"):
        check_spreadsheet_archive(content, max_rows=29)


def test_the_admin_import_refuses_an_archive_bomb_with_a_message(admin_client):
    response = admin_client.post(
        "/admin/catalog/product/import/", {"import_file": SimpleUploadedFile("bomb.xlsx", bomb(50)), "format": "0"}
    )
    assert response.status_code == 200
    assert "в распакованном виде 50 МБ" in response.content.decode()
    assert not ImportJob.objects.exists()


# --- one reader for the Cactus XLS uploads and the admin imports (config.kernel.uploads) ---------------------

ITEMS = "/api/lite/products/templates/items"
UNIQUE_NUMBERS = "/api/lite/products/load/unique_number/excel"


def _refusal(response) -> str:
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["success"] is False and body["errors"][0]["code"] == 0
    return body["errors"][0]["message"]


def _item_rows(count: int):
    return xls([row(code=str(1000 + index), quantity=1) for index in range(count)])


def _unique_rows(count: int):
    return xls([["1000", f"n-{index}", "UIT"] for index in range(count)], header=["variant_id", "number", "type"])


@pytest.mark.parametrize(("path", "field"), [(ITEMS, "file"), (UNIQUE_NUMBERS, "upFile")], ids=["items", "uniq"])
def test_the_api_refuses_an_oversize_file_by_the_setting(api, settings, path, field):
    upload = _item_rows(3)
    settings.SPREADSHEET_IMPORT_MAX_BYTES = upload.size - 1

    message = _refusal(api.post(path, {field: upload}, format="multipart"))

    assert message.startswith("Файл слишком большой")
    assert not UniqueNumber.objects.exists()


@pytest.mark.parametrize(
    ("path", "field", "upload"),
    [(ITEMS, "file", _item_rows), (UNIQUE_NUMBERS, "upFile", _unique_rows)],
    ids=["items", "uniq"],
)
def test_the_api_refuses_too_many_rows_by_the_setting(api, settings, path, field, upload):
    VariantFactory(public_id="1000")
    settings.SPREADSHEET_IMPORT_MAX_ROWS = 2
    settings.ITEM_TEMPLATE_MAX_ROWS = 2

    message = _refusal(api.post(path, {field: upload(3)}, format="multipart"))

    assert message == "Слишком много строк: 3, максимум 2"
    assert not UniqueNumber.objects.exists()
    assert api.post(path, {field: upload(2)}, format="multipart").status_code == 200


@pytest.mark.parametrize(("path", "field"), [(ITEMS, "file"), (UNIQUE_NUMBERS, "upFile")], ids=["items", "uniq"])
def test_the_api_refuses_an_archive_bomb_before_parsing(api, path, field):
    upload = SimpleUploadedFile("bomb.xlsx", bomb(50))

    message = _refusal(api.post(path, {field: upload}, format="multipart"))

    assert "в распакованном виде 50 МБ" in message


def _admin_import(admin_client, upload, fmt):
    response = admin_client.post("/admin/inventory/warehouse/import/", {"import_file": upload, "format": fmt})
    assert response.status_code == 200
    return response.context["form"].errors.get("import_file", [])


XLSX, XLS = "0", "1"  # settings.IMPORT_EXPORT_FORMATS


def _warehouse_sheet(count: int, fmt: str) -> SimpleUploadedFile:
    dataset = tablib.Dataset(*[[f"W{index}", f"Склад {index}"] for index in range(count)], headers=["code", "name"])
    return SimpleUploadedFile(f"warehouses.{fmt}", dataset.export(fmt))


@pytest.mark.parametrize("fmt", ["xls", "xlsx"])
def test_the_admin_shows_the_same_refusals_on_its_form(admin_client, settings, fmt):
    code = XLS if fmt == "xls" else XLSX
    settings.SPREADSHEET_IMPORT_MAX_ROWS = 2
    assert _admin_import(admin_client, _warehouse_sheet(3, fmt), code) == ["Слишком много строк: 3, максимум 2"]

    settings.SPREADSHEET_IMPORT_MAX_BYTES = 100
    assert _admin_import(admin_client, _warehouse_sheet(1, fmt), code) == ["Файл слишком большой, максимум 0 МБ"]

    settings.SPREADSHEET_IMPORT_MAX_BYTES = 30 * 1024 * 1024
    [message] = _admin_import(admin_client, SimpleUploadedFile("bomb.xlsx", bomb(50)), code)
    assert "в распакованном виде 50 МБ" in message
    assert not Warehouse.objects.exists()


def test_the_admin_refuses_a_file_that_is_not_excel_by_name(admin_client):
    upload = SimpleUploadedFile("warehouses.xls", "code;name\nW1;Склад".encode())
    errors = _admin_import(admin_client, upload, XLS)
    assert errors == ["Не удалось прочитать файл: нужен файл XLS (Excel 97-2003) или XLSX"]
    assert not Warehouse.objects.exists()


@pytest.mark.parametrize(("fmt", "chosen"), [("xls", XLS), ("xlsx", XLSX), ("xlsx", XLS)])
def test_the_admin_reads_excel_files_through_the_shared_reader(admin_client, fmt, chosen):
    response = admin_client.post(
        "/admin/inventory/warehouse/import/", {"import_file": _warehouse_sheet(2, fmt), "format": chosen}
    )
    assert response.context["result"].totals["new"] == 2
