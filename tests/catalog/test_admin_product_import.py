"""Products on django-import-export's screens: readable columns, the dry run, writes through save_products."""

from decimal import Decimal

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.models import HistoryEvent, ImportJob, Product, Variant, VariantOption, VariantPrice
from inventory.models import StockLevel, StockMovement
from tests.factories.catalog import (
    BarcodeFactory,
    CollectionFactory,
    FeatureFactory,
    ProductFactory,
    VariantFactory,
    VariantOptionFactory,
    VariantPriceFactory,
    price_type,
)
from tests.factories.inventory import StockLevelFactory, WarehouseFactory

pytestmark = pytest.mark.django_db
FORMATS = {"xlsx": "0", "xls": "1", "csv": "2", "json": "3"}  # their order in settings.IMPORT_EXPORT_FORMATS
RETAIL, OLD = "Цена Розничная цена", "Цена Цена до скидки"
STOCK = "Остаток Главный склад (WH1)"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}


@pytest.fixture
def catalog():
    warehouse = WarehouseFactory(code="WH1", name="Главный склад")
    FeatureFactory(code="size", title="Размер")
    summer = CollectionFactory(public_id="SUMMER")
    product = ProductFactory(public_id="1003", short_name="Кеды", brand_name="Кактус", vat="VAT_20", variants=0)
    product.collections.add(summer)
    red = VariantFactory(product=product, public_id="1003-1", article="K-RED", ordering=0)
    blue = VariantFactory(product=product, public_id="1003-2", article="K-BLUE", ordering=1)
    VariantOptionFactory(variant=red, code="size", string_value="41")
    VariantOptionFactory(variant=blue, code="size", string_value="42")
    VariantPriceFactory(variant=red, value=Decimal("1990"))
    VariantPriceFactory(variant=red, price_type=price_type("OLD"), value=Decimal("2490"))
    VariantPriceFactory(variant=blue, value=Decimal("1990"))
    BarcodeFactory(variant=red, value="4600000000011")
    StockLevelFactory(variant=red, warehouse=warehouse, total=Decimal("5"))
    other = ProductFactory(public_id="2001", short_name="Чай", variants=0)
    VariantFactory(product=other, public_id="2001", article="TEA")
    HistoryEvent.objects.all().delete()
    return product


def export(client, query="", **data) -> tablib.Dataset:
    """The export screen as a manager submits it: every column ticked (the screen's default), CSV."""
    form = client.get(f"/admin/catalog/product/export/{query}").context["form"]
    ticked = {name: "on" for name, field in form.fields.items() if getattr(field, "is_selectable_field", False)}
    response = client.post(f"/admin/catalog/product/export/{query}", {**ticked, "format": "2", "resource": "0", **data})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return tablib.Dataset().load(response.content.decode("utf-8-sig"), format="csv")


def as_file(dataset: tablib.Dataset, file_format: str) -> SimpleUploadedFile:
    data = dataset.export(file_format)
    return SimpleUploadedFile(f"products.{file_format}", data.encode() if isinstance(data, str) else data)


def preview(client, dataset, file_format="xlsx"):
    response = client.post(
        "/admin/catalog/product/import/",
        {"import_file": as_file(dataset, file_format), "format": FORMATS[file_format]},
    )
    assert response.status_code == 200
    return response


def confirm(client, response):
    return client.post("/admin/catalog/product/process_import/", response.context["confirm_form"].initial, follow=True)


def edited(dataset, variant_id, **cells):
    rows = [list(r) for r in dataset]
    for row in rows:
        if row[dataset.headers.index("Код варианта")] == variant_id:
            for column, value in cells.items():
                row[dataset.headers.index(column.replace("_", " "))] = value
    return tablib.Dataset(*rows, headers=dataset.headers)


def reported_rows(result) -> dict[int, str]:
    rows = {row.number: str(row.error_dict) for row in result.invalid_rows}
    rows.update({number: str([e.error for e in errors]) for number, errors in result.row_errors()})
    return rows


def test_export_has_a_row_per_variant_with_readable_columns(admin_client, catalog):
    dataset = export(admin_client)

    assert dataset.headers[:11] == [
        "Код продукта", "Наименование", "Читаемый код", "Полное наименование", "Бренд", "НДС", "На витрине",
        "Коллекции", "Код варианта", "Артикул", "Штрихкоды",
    ]  # fmt: skip
    assert {"Размер", RETAIL, OLD, STOCK, "Изображения"} <= set(dataset.headers)
    red, blue, tea = dataset.dict
    assert (red["Код варианта"], blue["Код варианта"], tea["Код варианта"]) == ("1003-1", "1003-2", "2001")
    assert red["НДС"] == "20 %" and red["На витрине"] == "да" and red["Коллекции"] == "SUMMER"
    assert (red["Размер"], red[RETAIL], red[OLD], red[STOCK]) == ("41", "1990", "2490", "5")
    assert (blue["Размер"], blue[OLD], blue[STOCK], blue["Штрихкоды"]) == ("42", "", "0", "")
    assert red["Штрихкоды"] == "4600000000011"


def test_export_takes_the_changelist_filter_and_the_selection(admin_client, catalog):
    assert [row["Код варианта"] for row in export(admin_client, "?q=Чай").dict] == ["2001"]

    tea = Product.objects.get(public_id="2001")
    action = admin_client.post(
        "/admin/catalog/product/", {"action": "export_admin_action", "_selected_action": [tea.pk]}
    )
    assert action.status_code == 200
    selected = export(admin_client, export_items=[tea.pk])
    assert [row["Код варианта"] for row in selected.dict] == ["2001"]


def test_export_takes_constant_queries(admin_client, catalog, django_assert_max_num_queries):
    from catalog.product_resources import ProductResource

    for n in range(30):
        variant = VariantFactory(product=ProductFactory(variants=0))
        VariantPriceFactory(variant=variant, value=n + 1)
        VariantOptionFactory(variant=variant, code="size", string_value=str(n))
    resource = ProductResource()

    with django_assert_max_num_queries(9):
        dataset = resource.export(queryset=Product.objects.all())

    assert len(dataset) == 33


@pytest.mark.parametrize("file_format", list(FORMATS))
def test_round_trip_previews_then_writes_exactly_what_the_sheet_changes(admin_client, catalog, file_format):
    dataset = edited(export(admin_client), "1003-1", Наименование="Кеды белые", **{RETAIL: "1790", STOCK: "7"})
    dataset = edited(dataset, "1003-2", Наименование="Кеды белые", Размер="43")

    response = preview(admin_client, dataset, file_format)

    result = response.context["result"]
    assert (result.totals["update"], result.totals["skip"], result.totals["new"]) == (2, 1, 0)
    assert not result.has_errors() and not result.has_validation_errors()
    assert Product.objects.get(public_id="1003").short_name == "Кеды", "the dry run writes nothing"
    assert not HistoryEvent.objects.exists() and not StockMovement.objects.exists()
    page = response.content.decode()
    assert '<span>Кеды</span><ins style="background:#e6ffe6;"> белые</ins>' in page  # the library's diff

    confirm(admin_client, response)

    product = Product.objects.get(public_id="1003")
    assert product.short_name == "Кеды белые" and product.vat == "VAT_20" and product.brand_name == "Кактус"
    assert VariantPrice.objects.get(variant__public_id="1003-1", price_type=price_type()).value == 1790
    assert VariantPrice.objects.get(variant__public_id="1003-1", price_type=price_type("OLD")).value == 2490
    assert StockLevel.objects.get(variant__public_id="1003-1").total == 7
    assert VariantOption.objects.get(variant__public_id="1003-2").string_value == "43"
    assert list(product.collections.values_list("public_id", flat=True)) == ["SUMMER"]
    events = HistoryEvent.objects.filter(product_public_id="1003")
    assert events.exists() and set(events.values_list("change_source", "user_login")) == {("XLS", "admin")}
    line = StockMovement.objects.get()
    assert (line.delta_total, line.user_login) == (2, "admin")
    assert not HistoryEvent.objects.filter(product_public_id="2001").exists()


def test_unchanged_sheet_is_all_skipped_and_writes_nothing(admin_client, catalog):
    response = preview(admin_client, export(admin_client))

    assert response.context["result"].totals["skip"] == 3
    confirm(admin_client, response)
    assert not HistoryEvent.objects.exists() and not StockMovement.objects.exists()


def test_a_sized_product_with_stock_imports_from_the_template(admin_client, catalog):
    WarehouseFactory(code="WH2", name="Магазин")
    response = admin_client.get("/admin/catalog/product/import/")
    assert 'href="/admin/catalog/product/import/template/xlsx/"' in response.content.decode()
    template = admin_client.get("/admin/catalog/product/import/template/xlsx/")
    assert template.status_code == 200
    dataset = tablib.Dataset().load(template.content, format="xlsx")
    assert not Product.objects.filter(public_id="EXAMPLE-TSHIRT").exists(), "the example is not saved"
    # The template is the export's own columns: the size under its name, stock by warehouse name and code.
    assert dataset.headers == list(export(admin_client).headers)
    assert "Размер" in dataset.headers and "Опция size" not in dataset.headers
    assert "Остаток Магазин (WH2)" in dataset.headers

    response = preview(admin_client, dataset)
    assert response.context["result"].totals["new"] == 2
    assert not Product.objects.filter(public_id="EXAMPLE-TSHIRT").exists()
    confirm(admin_client, response)

    product = Product.objects.get(public_id="EXAMPLE-TSHIRT")
    assert (product.short_name, product.vat, product.available) == ("Футболка хлопковая", "VAT_20", True)
    variants = {v.public_id: v for v in product.variants.all()}
    assert set(variants) == {"EXAMPLE-TSHIRT-M", "EXAMPLE-TSHIRT-L"}
    medium = variants["EXAMPLE-TSHIRT-M"]
    assert [(o.code, o.string_value) for o in medium.options.all()] == [("size", "M")]
    assert medium.prices.get(price_type=price_type()).value == 1990
    assert list(medium.barcodes.values_list("value", flat=True)) == ["4600000000001"]
    stock = dict(StockLevel.objects.filter(variant=medium).values_list("warehouse__code", "total"))
    assert stock == {"WH1": 5, "WH2": 5}
    assert StockMovement.objects.filter(variant=medium).count() == 2
    assert HistoryEvent.objects.filter(product_public_id="EXAMPLE-TSHIRT", change_source="XLS").exists()


def test_a_sized_product_with_stock_round_trips_from_one_sheet_headed_by_names(admin_client, catalog):
    FeatureFactory(code="color", title="Цвет")
    WarehouseFactory(code="WH2", name="Магазин")
    headers = ["Код продукта", "Наименование", "Код варианта", "Размер", "Цвет", RETAIL]
    headers += ["Остаток WH1", "Остаток Магазин"]  # one warehouse by its code, the other by its name
    sheet = tablib.Dataset(
        ["777", "Худи", "777-S", "S", "Серый", "3990", "2", "7"],
        ["777", "Худи", "777-M", "M", "Серый", "3990", "0", "4"],
        headers=headers,
    )

    confirm(admin_client, preview(admin_client, sheet))

    small = Variant.objects.get(public_id="777-S")
    assert {o.code: o.string_value for o in small.options.all()} == {"size": "S", "color": "Серый"}
    stock = dict(StockLevel.objects.filter(variant=small).values_list("warehouse__code", "total"))
    assert stock == {"WH1": 2, "WH2": 7}
    exported = {row["Код варианта"]: row for row in export(admin_client).dict}
    assert (exported["777-S"]["Размер"], exported["777-S"]["Цвет"], exported["777-M"]["Размер"]) == ("S", "Серый", "M")
    assert (exported["777-S"][STOCK], exported["777-S"]["Остаток Магазин (WH2)"]) == ("2", "7")
    assert exported["777-S"][RETAIL] == "3990"

    again = preview(admin_client, export(admin_client))
    assert again.context["result"].totals["skip"] == len(exported), "the export reads back unchanged"


def test_option_columns_by_name_or_code_and_their_refusals(admin_client, catalog):
    FeatureFactory(code="fit", title="")  # no name of its own
    FeatureFactory(code="brandish", title="Бренд")  # a name another column has
    headers = set(export(admin_client).headers)
    assert {"Размер", "Опция fit", "Опция brandish"} <= headers

    by_code = tablib.Dataset(["1003", "1003-1", "44"], headers=["Код продукта", "Код варианта", "Опция size"])
    confirm(admin_client, preview(admin_client, by_code))
    assert VariantOption.objects.get(variant__public_id="1003-1", code="size").string_value == "44"

    twice = tablib.Dataset(
        ["1003", "1003-1", "45", "46"], headers=["Код продукта", "Код варианта", "Размер", "Опция size"]
    )
    result = preview(admin_client, twice).context["result"]
    assert "Одна и та же колонка указана в файле дважды" in str([e.error for e in result.base_errors])
    unknown = tablib.Dataset(["1003", "1003-1", "XL"], headers=["Код продукта", "Код варианта", "Размерчик"])
    result = preview(admin_client, unknown).context["result"]
    assert "Колонка «Размерчик» не распознана" in str([e.error for e in result.base_errors])
    assert VariantOption.objects.get(variant__public_id="1003-1", code="size").string_value == "44"


def test_row_errors_carry_row_numbers_block_the_import_and_write_nothing(admin_client, catalog):
    dataset = edited(export(admin_client), "1003-1", **{RETAIL: "дорого"})
    dataset = edited(dataset, "1003-2", НДС="30 %")
    dataset = edited(dataset, "2001", Код_продукта="1003")  # a variant of another product

    response = preview(admin_client, dataset)

    rows = reported_rows(response.context["result"])
    assert set(rows) == {1, 2, 3}
    assert "дорого" in rows[1] and "неизвестная ставка НДС «30 %»" in rows[2]
    assert "вариант 2001 принадлежит продукту 2001" in rows[3]
    assert response.context.get("confirm_form") is None
    assert not HistoryEvent.objects.exists()


def test_what_the_services_refuse_is_a_row_error_in_the_preview(admin_client, catalog):
    BarcodeFactory(variant=VariantFactory(public_id="9999"), value="4600000000777")
    dataset = edited(export(admin_client), "1003-2", Штрихкоды="4600000000777")

    response = preview(admin_client, dataset)

    rows = reported_rows(response.context["result"])
    assert list(rows) == [2] and "4600000000777" in rows[2]
    assert response.context.get("confirm_form") is None
    assert not Variant.objects.get(public_id="1003-2").barcodes.exists()


def test_product_cells_must_agree_across_its_rows(admin_client, catalog):
    dataset = edited(export(admin_client), "1003-2", Наименование="Другое имя")

    rows = reported_rows(preview(admin_client, dataset).context["result"])

    assert list(rows) == [2] and "отличается от строки 1" in rows[2]


def test_warehouses_are_named_by_code_or_name_and_unknown_ones_are_refused(admin_client, catalog):
    by_code = tablib.Dataset(["1003", "1003-1", "9"], headers=["Код продукта", "Код варианта", "Остаток WH1"])
    confirm(admin_client, preview(admin_client, by_code))
    assert StockLevel.objects.get(variant__public_id="1003-1").total == 9

    by_name = tablib.Dataset(
        ["1003", "1003-1", "11"], headers=["Код продукта", "Код варианта", "Остаток Главный склад"]
    )
    confirm(admin_client, preview(admin_client, by_name))
    assert StockLevel.objects.get(variant__public_id="1003-1").total == 11

    unknown = tablib.Dataset(["1003", "1003-1", "1"], headers=["Код продукта", "Код варианта", "Остаток Луна"])
    result = preview(admin_client, unknown).context["result"]
    assert "«Остаток Луна»: склад не найден" in str([e.error for e in result.base_errors])
    # A column the export does not write (the former importer's "Цена") is refused, not silently ignored.
    old_style = tablib.Dataset(["1003", "1003-1", "1"], headers=["Код продукта", "Код варианта", "Цена"])
    result = preview(admin_client, old_style).context["result"]
    assert "Колонка «Цена» не распознана" in str([e.error for e in result.base_errors])
    assert VariantPrice.objects.get(variant__public_id="1003-1", price_type=price_type()).value == 1990


def test_a_partial_sheet_changes_only_its_columns(admin_client, catalog):
    sheet = tablib.Dataset(["1003", "1003-2", "2100"], headers=["Код продукта", "Код варианта", RETAIL])

    confirm(admin_client, preview(admin_client, sheet))

    blue = Variant.objects.get(public_id="1003-2")
    assert blue.prices.get(price_type=price_type()).value == 2100
    assert blue.article == "K-BLUE" and blue.options.get().string_value == "42"
    assert Product.objects.get(public_id="1003").short_name == "Кеды"


def test_human_id_and_full_name_export_and_import_with_history(admin_client, catalog):
    Product.objects.filter(public_id="1003").update(human_id="kedy-veter", full_name="Кеды «Ветер» мужские")
    dataset = export(admin_client)
    red = next(row for row in dataset.dict if row["Код варианта"] == "1003-1")
    assert (red["Читаемый код"], red["Полное наименование"]) == ("kedy-veter", "Кеды «Ветер» мужские")

    sheet = tablib.Dataset(
        ["1003", "1003-1", "kedy-wind", "Кеды «Ветер»"],
        headers=["Код продукта", "Код варианта", "Читаемый код", "Полное наименование"],
    )
    confirm(admin_client, preview(admin_client, sheet))

    product = Product.objects.get(public_id="1003")
    assert (product.human_id, product.full_name, product.short_name) == ("kedy-wind", "Кеды «Ветер»", "Кеды")
    assert HistoryEvent.objects.filter(product=product, change_source="XLS").count() == 1


def test_row_and_size_limits_come_from_settings(admin_client, catalog, settings):
    settings.SPREADSHEET_IMPORT_MAX_ROWS = 2
    # An XLSX declares its rows: refused at upload, before any reader parses it.
    assert "Слишком много строк: 3, максимум 2" in preview(admin_client, export(admin_client)).content.decode()
    result = preview(admin_client, export(admin_client), "csv").context["result"]
    assert "В файле 3 строк, максимум 2" in str([e.error for e in result.base_errors])

    settings.SPREADSHEET_IMPORT_MAX_BYTES = 10
    response = preview(admin_client, export(admin_client))
    assert "Файл слишком большой" in response.content.decode()


def test_large_import_runs_as_a_celery_job_with_progress(
    admin_client, catalog, settings, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr("catalog.import_jobs.CHUNK", 2)
    settings.IMPORT_SYNC_MAX_ROWS = 2
    BarcodeFactory(variant=VariantFactory(public_id="9999"), value="4600000000777")
    dataset = edited(export(admin_client), "1003-1", **{RETAIL: "1000"})
    dataset = edited(dataset, "2001", Штрихкоды="4600000000777")
    response = preview(admin_client, dataset)
    # The preview of a large file checks the cells only; what the services refuse is reported by the job.
    assert response.context["result"].totals["update"] == 2

    with django_capture_on_commit_callbacks(execute=True):
        page = confirm(admin_client, response)

    job = ImportJob.objects.get()
    assert page.redirect_chain[-1][0] == f"/admin/catalog/importjob/{job.pk}/progress/"
    assert (job.status, job.processed, job.total) == (ImportJob.Status.FAILED, 4, 4)
    assert len(job.errors) == 1 and job.errors[0].startswith("Строка 3:") and "4600000000777" in job.errors[0]
    progress = admin_client.get(f"/admin/catalog/importjob/{job.pk}/progress/").content.decode()
    assert "Обработано строк: 4 из 4 (100%)" in progress and 'http-equiv="refresh"' not in progress
    # Rows are applied in chunks of their own: the good chunk is written, the refused row is not.
    assert Variant.objects.get(public_id="1003-1").prices.get(price_type=price_type()).value == 1000
    assert not Variant.objects.get(public_id="2001").barcodes.exists()


def test_progress_page_refreshes_while_running(admin_client):
    job = ImportJob.objects.create(file_name="x.xlsx", status=ImportJob.Status.RUNNING, total=10000, processed=2500)

    page = admin_client.get(f"/admin/catalog/importjob/{job.pk}/progress/").content.decode()

    assert 'http-equiv="refresh"' in page and "(25%)" in page


def test_large_import_with_the_broker_down_fails_with_a_message_and_changes_nothing(
    admin_client, catalog, settings, broker_down, django_capture_on_commit_callbacks
):
    from catalog.import_tasks import run_import_job_task

    broker_down(run_import_job_task)
    settings.IMPORT_SYNC_MAX_ROWS = 2
    response = preview(admin_client, edited(export(admin_client), "1003-1", **{RETAIL: "1000"}))

    with django_capture_on_commit_callbacks(execute=True):
        confirm(admin_client, response)

    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    assert job.errors == ["Очередь фоновых задач недоступна, импорт не запущен: загрузите файл снова чуть позже"]
    assert Variant.objects.get(public_id="1003-1").prices.get(price_type=price_type()).value == 1990


def test_the_product_list_shows_both_buttons(admin_client, catalog):
    page = admin_client.get("/admin/catalog/product/").content.decode()

    assert 'class="import_link"' in page and "/admin/catalog/product/import/" in page
    assert 'class="export_link"' in page and "/admin/catalog/product/export/" in page


def test_staff_without_product_permissions_cannot_import(client, django_user_model):
    user = django_user_model.objects.create_user("clerk", password="x", is_staff=True)
    client.force_login(user)

    response = client.post("/admin/catalog/product/import/", {"import_file": SimpleUploadedFile("a.csv", b"x")})

    assert response.status_code == 403
    assert client.get("/admin/catalog/product/import/template/xlsx/").status_code in (302, 403, 404)


def test_the_dry_run_of_an_unchanged_sheet_takes_constant_queries(catalog):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from catalog.product_resources import ProductResource

    for n in range(40):
        variant = VariantFactory(product=ProductFactory(variants=0))
        VariantPriceFactory(variant=variant, value=n + 1)
        VariantOptionFactory(variant=variant, code="size", string_value=str(n))
    dataset = ProductResource().export(queryset=Product.objects.all())
    resource = ProductResource()

    with CaptureQueriesContext(connection) as queries:
        result = resource.import_data(dataset, dry_run=True)

    # The library wraps each row in a savepoint (so a refused row rolls back alone); nothing else is per row.
    work = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"].upper()]
    assert len(work) <= 25, work
    assert result.totals["skip"] == 43 and not result.has_errors() and not result.has_validation_errors()
