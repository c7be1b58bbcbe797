import io

import pytest
import xlrd
import xlwt
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from catalog.models import HistoryEvent, Product, Variant
from catalog.spreadsheets import COLUMNS
from tests.factories.catalog import BarcodeFactory, ProductFactory, VariantFactory, VariantOptionFactory
from tests.openapi_answers import assert_conforms

pytestmark = pytest.mark.django_db


def xls(rows, header=COLUMNS) -> SimpleUploadedFile:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Товары")
    for row_index, row in enumerate([header, *rows]):
        for col, value in enumerate(row):
            sheet.write(row_index, col, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("ItemTemplate.xls", buffer.getvalue(), content_type="application/vnd.ms-excel")


def row(code="", article="", name="", price="", quantity="", vat="", barcode="", product="", ext=""):
    return [code, product, ext, article, name, price, quantity, vat, barcode]


def test_template_is_an_xls_file_with_the_catalog_variants(api):
    product = ProductFactory(public_id="1021", short_name="Кеды", vat="VAT_20", variants=0)
    variant = VariantFactory(product=product, public_id="1021", article="K-1", ext_id="EXT0029")
    VariantOptionFactory(variant=variant, code="color", string_value="Розовые")
    BarcodeFactory(variant=variant, value="600000000212")
    ProductFactory(deleted=True)

    response = api.get("/api/lite/products/templates/items")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="ItemTemplate.xls"'
    sheet = xlrd.open_workbook(file_contents=response.content).sheet_by_index(0)
    assert sheet.row_values(0) == COLUMNS
    assert sheet.nrows == 2
    assert sheet.row_values(1) == ["1021", "1021", "EXT0029", "K-1", "Кеды, Розовые", "", "", "VAT_20", "600000000212"]


def test_template_is_bounded(api, settings):
    settings.ITEM_TEMPLATE_MAX_ROWS = 3
    ProductFactory.create_batch(5)

    response = api.get("/api/lite/products/templates/items")

    assert xlrd.open_workbook(file_contents=response.content).sheet_by_index(0).nrows == 4


def test_filled_template_gives_items_and_row_errors_in_the_spec_wording(api):
    pink = VariantFactory(
        public_id="1021", product__public_id="1021", product__vat="VAT_20", article="", ext_id="EXT0029"
    )
    BarcodeFactory(variant=pink, value="600000000212")
    VariantFactory(public_id="1024", product__public_id="1024", product__vat="VAT_20", article="")
    VariantFactory(public_id="1030", product__public_id="1030", article="")
    before = (Product.objects.count(), Variant.objects.count(), HistoryEvent.objects.count())
    rows = [row(code="1021", name="Розовые", quantity=2, vat="VAT_20", price=0)]
    rows += [row(code="1024", name="Красные", quantity=3, vat="20%")]
    rows += [row()] * 6  # empty lines are skipped
    rows += [row(code="1030", name="Серые")]  # line 10: no quantity
    rows += [row()]
    rows += [row(code="12345", article="456", name="Голубые", quantity=1)]  # line 12: unknown code

    response = api.post("/api/lite/products/templates/items", {"file": xls(rows)}, format="multipart")

    assert response.status_code == 200
    assert_conforms(response, "/api/lite/products/templates/items", "post")
    assert response.json() == {
        "success": False,
        "errors": [
            {"code": 0, "message": "Найдены следующие ошибки в строке 10 : не указано количество; - Артикул , Серые"},
            {
                "code": 0,
                "message": "Найдены следующие ошибки в строке 12 : не найден товар по полю Код в kak2c и значению "
                "12345 - Артикул 456, Голубые",
            },
        ],
        "items": [
            {
                "num": 1,
                "variantId": "1021",
                "productId": "1021",
                "variantExtId": "EXT0029",
                "name": "Розовые",
                "article": "",
                "quantity": 2,
                "vatRate": "VAT_20",
                "price": 0,
                "barcode": "600000000212",
            },
            {
                "num": 2,
                "variantId": "1024",
                "productId": "1024",
                "name": "Красные",
                "article": "",
                "quantity": 3,
                "vatRate": "VAT_20",
                "price": 0,
            },
        ],
    }
    assert (Product.objects.count(), Variant.objects.count(), HistoryEvent.objects.count()) == before


def test_the_downloaded_template_can_be_filled_and_sent_back(api):
    VariantFactory(public_id="2001", article="A-1", product__short_name="Чай", product__vat="VAT_10")
    sheet = xlrd.open_workbook(file_contents=api.get("/api/lite/products/templates/items").content).sheet_by_index(0)
    rows = [sheet.row_values(i) for i in range(1, sheet.nrows)]
    rows[0][COLUMNS.index("Цена")] = "12,50"
    rows[0][COLUMNS.index("Количество")] = 4

    response = api.post("/api/lite/products/templates/items", {"upfile": xls(rows)}, format="multipart")

    assert response.json() == {
        "success": True,
        "items": [
            {
                "num": 1,
                "variantId": "2001",
                "productId": Variant.objects.get().product.public_id,
                "name": "Чай",
                "article": "A-1",
                "quantity": 4,
                "vatRate": "VAT_10",
                "price": 12.5,
            }
        ],
    }


def test_rows_found_by_barcode_and_bad_values_are_reported(api):
    variant = VariantFactory(public_id="3001", article="B-1")
    BarcodeFactory(variant=variant, value="4600000000001")
    rows = [
        row(barcode="4600000000001", quantity=1),
        row(barcode="4600000000999", quantity=1),
        row(code="3001", quantity="много", price="-1", vat="30%"),
    ]

    body = api.post("/api/lite/products/templates/items", {"file": xls(rows)}, format="multipart").json()

    assert [i["variantId"] for i in body["items"]] == ["3001"]
    assert [e["message"] for e in body["errors"]] == [
        "Найдены следующие ошибки в строке 3 : не найден товар по полю Штрихкод в kak2c и значению 4600000000999"
        " - Артикул , ",
        "Найдены следующие ошибки в строке 4 : количество «много» не число; цена не может быть отрицательной; "
        "неизвестная ставка НДС «30%» (VAT_20, VAT_10, VAT_7, VAT_5, VAT_0 или NO_VAT); - Артикул , ",
    ]


def xlsx_file() -> SimpleUploadedFile:
    book = Workbook()
    book.active.append(COLUMNS)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("ItemTemplate.xlsx", buffer.getvalue())


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: xlsx_file(), "Файл XLSX не поддерживается: сохраните его в формате XLS (Excel 97-2003)"),
        (lambda: SimpleUploadedFile("a.xls", b""), "Файл пустой"),
        (lambda: SimpleUploadedFile("a.xls", b"\xd0\xcf\x11\xe0 garbage" * 10), "Не удалось прочитать файл"),
        (lambda: SimpleUploadedFile("a.xls", "Код;Количество\n1;2".encode()), "Не удалось прочитать файл"),
        (lambda: xls([row(code="1", quantity=1)], header=["Что-то", "Другое"]), "В файле нет колонки «Код»"),
    ],
    ids=["xlsx", "empty", "corrupt", "csv", "foreign-columns"],
)
def test_bad_files_get_a_clear_error(api, upload, message):
    response = api.post("/api/lite/products/templates/items", {"file": upload()}, format="multipart")

    assert response.status_code == 400
    assert response.json()["success"] is False
    assert response.json()["errors"][0]["message"].startswith(message)


def test_post_without_a_file_is_a_clear_error(api):
    response = api.post("/api/lite/products/templates/items", {}, format="multipart")

    assert response.status_code == 400
    assert "file" in response.json()["errors"][0]["message"]


def test_analysis_takes_constant_queries(api, django_assert_max_num_queries):
    variants = VariantFactory.create_batch(20)
    rows = [row(code=v.public_id, quantity=1) for v in variants]

    with django_assert_max_num_queries(8):
        body = api.post("/api/lite/products/templates/items", {"file": xls(rows)}, format="multipart").json()

    assert len(body["items"]) == 20


def test_template_takes_constant_queries(api, django_assert_max_num_queries):
    for _ in range(20):
        BarcodeFactory(variant=VariantOptionFactory().variant)

    with django_assert_max_num_queries(6):
        response = api.get("/api/lite/products/templates/items")

    assert xlrd.open_workbook(file_contents=response.content).sheet_by_index(0).nrows == 21


def test_the_2025_vat_rates_are_read_from_the_template(api):
    VariantFactory(public_id="1021", product__public_id="1021", article="")
    VariantFactory(public_id="1024", product__public_id="1024", article="")
    rows = [row(code="1021", name="Хлеб", quantity=1, vat="5%"), row(code="1024", name="Вода", quantity=1, vat="VAT_7")]

    body = api.post("/api/lite/products/templates/items", {"file": xls(rows)}, format="multipart").json()

    assert body["success"] is True, body
    assert [item["vatRate"] for item in body["items"]] == ["VAT_5", "VAT_7"]
