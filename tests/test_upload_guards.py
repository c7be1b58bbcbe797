"""Uploaded spreadsheets: a NUL in a cell is a row error, an XLSX archive bomb is refused before parsing."""

import io
import zipfile

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.models import ImportJob
from config.kernel.errors import ValidationFailed
from config.kernel.uploads import check_spreadsheet_archive
from inventory.models import UniqueNumber
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
