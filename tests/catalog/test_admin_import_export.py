import io
from decimal import Decimal

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from catalog.models import HistoryEvent, ImportJob, Product, ProductImage, Variant, VariantPrice
from catalog.resources import read_dataset
from inventory.models import StockLevel
from tests.factories.catalog import BarcodeFactory, ProductFactory, VariantFactory, VariantPriceFactory, price_type
from tests.factories.inventory import StockLevelFactory, WarehouseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}


@pytest.fixture
def catalog():
    warehouse = WarehouseFactory(code="WH1")
    product = ProductFactory(public_id="1003", short_name="Кеды", brand_name="Кактус", vat="VAT_20", variants=0)
    red = VariantFactory(product=product, public_id="1003-1", article="K-RED", ordering=0)
    blue = VariantFactory(product=product, public_id="1003-2", article="K-BLUE", ordering=1)
    VariantPriceFactory(variant=red, value=Decimal("1990"))
    VariantPriceFactory(variant=red, price_type=price_type("OLD"), value=Decimal("2490"))
    VariantPriceFactory(variant=blue, value=Decimal("1990"))
    BarcodeFactory(variant=red, value="4600000000011")
    StockLevelFactory(variant=red, warehouse=warehouse, total=Decimal("5"))
    other = ProductFactory(public_id="2001", short_name="Чай", variants=0)
    VariantFactory(product=other, public_id="2001", article="TEA")
    HistoryEvent.objects.all().delete()
    return product


def export(admin_client, file_format="xlsx") -> tablib.Dataset:
    response = admin_client.get(f"/admin/catalog/importjob/export/{file_format}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{file_format}"')
    return read_dataset(response.content, f"products.{file_format}")


def as_file(dataset: tablib.Dataset, file_format="xlsx") -> SimpleUploadedFile:
    data = dataset.export(file_format)
    return SimpleUploadedFile(f"products.{file_format}", data.encode() if isinstance(data, str) else data)


def upload(admin_client, file) -> tuple[ImportJob, str]:
    response = admin_client.post("/admin/catalog/importjob/upload/", {"file": file}, follow=True)
    assert response.status_code == 200
    return ImportJob.objects.order_by("-id").first(), response.content.decode()


def confirm(admin_client, job):
    return admin_client.post(f"/admin/catalog/importjob/{job.pk}/preview/", {"confirm": "1"}, follow=True)


def set_cell(dataset, variant_id, column, value):
    rows = [list(r) for r in dataset]
    index = dataset.headers.index(column)
    for row in rows:
        if row[dataset.headers.index("Код варианта")] == variant_id:
            row[index] = value
    edited = tablib.Dataset(*rows, headers=dataset.headers)
    return edited


def test_export_has_one_row_per_variant_with_prices_barcodes_and_stock(admin_client, catalog):
    dataset = export(admin_client)

    assert dataset.headers == [
        "Код продукта",
        "Наименование",
        "Читаемый код",
        "Полное наименование",
        "Бренд",
        "НДС",
        "На витрине",
        "Код варианта",
        "Артикул",
        "Цена",
        "Старая цена",
        "Штрихкоды",
        "Остаток WH1",
    ]
    assert list(dataset[0]) == [
        "1003",
        "Кеды",
        None,
        None,
        "Кактус",
        "VAT_20",
        "да",
        "1003-1",
        "K-RED",
        1990,
        2490,
        "4600000000011",
        5,
    ]
    assert list(dataset[1])[7:] == ["1003-2", "K-BLUE", 1990, None, None, 0]
    assert len(dataset) == 3


@pytest.mark.parametrize("file_format", ["xlsx", "xls", "csv"])
def test_round_trip_changes_exactly_what_the_sheet_says(admin_client, catalog, file_format):
    dataset = export(admin_client, file_format)
    dataset = set_cell(dataset, "1003-1", "Цена", "1790,50")
    dataset = set_cell(dataset, "1003-1", "Старая цена", "")
    dataset = set_cell(dataset, "1003-2", "Штрихкоды", "4600000000028, 4600000000035")
    dataset = set_cell(dataset, "1003-2", "Остаток WH1", 7)
    dataset = set_cell(dataset, "1003-1", "Наименование", "Кеды летние")
    dataset = set_cell(dataset, "1003-2", "Наименование", "Кеды летние")
    dataset.append(["3001", "Новый товар", "", "", "", "VAT_10", "нет", "3001-1", "NEW", 100, "", "4600000000042", 3])

    job, preview = upload(admin_client, as_file(dataset, file_format))

    assert "Наименование: Кеды → Кеды летние" in preview
    assert "Вариант 1003-1: Цена: 1990 → 1790.5" in preview
    assert "Вариант 1003-1: Старая цена: 2490 → —" in preview
    assert "Остаток WH1: 0 → 7" in preview
    assert "Новый товар 3001: 1 вариант(ов)" in preview
    assert Variant.objects.get(public_id="1003-1").prices.get(price_type__role="RETAIL").value == Decimal("1990")

    response = confirm(admin_client, job)

    assert response.status_code == 200
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.errors
    assert Product.objects.get(public_id="1003").short_name == "Кеды летние"
    red = Variant.objects.get(public_id="1003-1")
    assert {p.price_type.role: p.value for p in red.prices.select_related("price_type")} == {
        "RETAIL": Decimal("1790.50")
    }
    blue = Variant.objects.get(public_id="1003-2")
    assert [b.value for b in blue.barcodes.order_by("-is_default", "id")] == ["4600000000028", "4600000000035"]
    assert StockLevel.objects.get(variant=blue, warehouse__code="WH1").total == 7
    assert StockLevel.objects.get(variant=red, warehouse__code="WH1").total == 5
    new = Product.objects.get(public_id="3001")
    assert (new.short_name, new.vat, new.available) == ("Новый товар", "VAT_10", False)
    new_variant = new.variants.get()
    assert new_variant.public_id == "3001-1"
    assert new_variant.prices.get().value == 100
    assert StockLevel.objects.get(variant=new_variant).total == 3
    assert Product.objects.get(public_id="2001").history_events.count() == 0
    sources = set(HistoryEvent.objects.values_list("change_source", "source_action", "product_public_id"))
    assert sources == {("XLS", "admin import", "1003"), ("XLS", "admin import", "3001")}


def test_unchanged_sheet_changes_nothing_and_adds_no_history(admin_client, catalog):
    prices = list(VariantPrice.objects.order_by("id").values_list("variant_id", "value"))

    job, preview = upload(admin_client, as_file(export(admin_client)))

    assert "Файл совпадает с каталогом: изменений нет." in preview
    assert 'name="confirm"' not in preview
    assert list(VariantPrice.objects.order_by("id").values_list("variant_id", "value")) == prices
    assert not HistoryEvent.objects.exists()


def test_cancel_writes_nothing(admin_client, catalog):
    dataset = set_cell(export(admin_client), "1003-1", "Цена", 1)
    job, _ = upload(admin_client, as_file(dataset))

    response = admin_client.post(f"/admin/catalog/importjob/{job.pk}/preview/", {"cancel": "1"}, follow=True)

    assert "Импорт отменен" in response.content.decode()
    assert not ImportJob.objects.exists()
    assert Variant.objects.get(public_id="1003-1").prices.get(price_type__role="RETAIL").value == 1990
    assert not HistoryEvent.objects.exists()


def test_row_errors_are_shown_and_block_the_import(admin_client, catalog):
    dataset = export(admin_client)
    dataset = set_cell(dataset, "1003-1", "Цена", "дорого")
    dataset = set_cell(dataset, "1003-2", "НДС", "30%")
    dataset.append(["", "Без кода", "", "", "", "", "", "9-1", "", "", "", "", ""])

    job, preview = upload(admin_client, as_file(dataset))

    assert "Строка 2: Цена «дорого» не число" in preview
    assert "Строка 3: неизвестная ставка НДС «30%» (VAT_20, VAT_10, VAT_0 или NO_VAT)" in preview
    assert "Строка 5: не указан Код продукта" in preview
    assert 'name="confirm"' not in preview
    response = confirm(admin_client, job)
    assert "В файле есть ошибки" in response.content.decode()
    assert not HistoryEvent.objects.exists()
    assert Variant.objects.get(public_id="1003-1").prices.get(price_type__role="RETAIL").value == 1990


def test_a_variant_of_another_product_is_an_error(admin_client, catalog):
    dataset = tablib.Dataset(["1003", "2001", 5], headers=["Код продукта", "Код варианта", "Цена"])

    _, preview = upload(admin_client, as_file(dataset))

    assert "Строка 2: вариант 2001 принадлежит продукту 2001" in preview


def test_partial_sheet_changes_only_its_columns(admin_client, catalog):
    dataset = tablib.Dataset(["1003", "1003-2", 2100], headers=["Код продукта", "Код варианта", "Цена"])
    job, _ = upload(admin_client, as_file(dataset, "csv"))

    confirm(admin_client, job)

    blue = Variant.objects.get(public_id="1003-2")
    assert blue.prices.get().value == 2100
    assert blue.article == "K-BLUE"
    assert Product.objects.get(public_id="1003").short_name == "Кеды"
    assert Variant.objects.get(public_id="1003-1").prices.count() == 2


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "a.xlsx", "файл пуст"),
        (b"PK\x03\x04garbage", "a.xlsx", "Не удалось прочитать файл XLSX"),
        (b"hello", "a.txt", "Формат файла не распознан"),
    ],
)
def test_unreadable_files_are_refused_at_upload(admin_client, content, name, message):
    response = admin_client.post("/admin/catalog/importjob/upload/", {"file": SimpleUploadedFile(name, content)})

    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


def test_large_import_runs_as_a_celery_job_with_progress(
    admin_client, catalog, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_SYNC_MAX_ROWS = 2
    dataset = set_cell(export(admin_client), "1003-1", "Цена", 1000)
    job, _ = upload(admin_client, as_file(dataset))

    with django_capture_on_commit_callbacks(execute=True):
        confirm(admin_client, job)

    job.refresh_from_db()
    assert (job.status, job.processed, job.total, job.changed_products) == (ImportJob.Status.DONE, 3, 3, 1)
    page = admin_client.get(f"/admin/catalog/importjob/{job.pk}/progress/").content.decode()
    assert "Обработано строк: 3 из 3 (100%)" in page
    assert 'http-equiv="refresh"' not in page
    assert Variant.objects.get(public_id="1003-1").prices.get(price_type__role="RETAIL").value == 1000


def test_progress_page_refreshes_while_running(admin_client):
    job = ImportJob.objects.create(file_name="x.xlsx", status=ImportJob.Status.RUNNING, total=10000, processed=2500)

    page = admin_client.get(f"/admin/catalog/importjob/{job.pk}/progress/").content.decode()

    assert 'http-equiv="refresh"' in page
    assert "(25%)" in page


def test_export_action_on_selected_products(admin_client, catalog):
    response = admin_client.post(
        "/admin/catalog/product/",
        {"action": "export_csv", "_selected_action": [Product.objects.get(public_id="2001").pk]},
    )

    assert response.status_code == 200
    dataset = read_dataset(response.content, "x.csv")
    assert [row[0] for row in dataset] == ["2001"]


def test_product_list_shows_a_thumbnail(admin_client, catalog):
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "PNG")
    image = ProductImage(product=catalog, public_id="img1")
    image.file.save("img1.png", io.BytesIO(buffer.getvalue()), save=True)

    page = admin_client.get("/admin/catalog/product/").content.decode()

    assert image.file.url in page
    assert admin_client.get(f"/admin/catalog/product/{catalog.pk}/change/").status_code == 200


def change_form_data(response) -> dict:
    """The POST data of an admin change page as it was rendered (main form and every inline)."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name, field in formset.management_form.fields.items():
            value = formset.management_form.initial.get(name, field.initial)
            data[f"{formset.prefix}-{name}"] = value
        forms += list(formset.forms)
    for form in forms:
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if callable(value):
                value = value()
            if value is None or field.disabled or name == "file":
                continue
            if isinstance(value, list):
                value = [getattr(v, "pk", v) for v in value]
            elif hasattr(value, "pk"):
                value = value.pk
            elif isinstance(value, bool) and not value:
                continue
            data[form.add_prefix(name)] = value
    return data


def png(name="p.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (10, 200, 10)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_manager_uploads_reorders_and_deletes_images_on_the_product_page(
    admin_client, catalog, django_capture_on_commit_callbacks
):
    url = f"/admin/catalog/product/{catalog.pk}/change/"
    data = change_form_data(admin_client.get(url))
    data["images-0-file"] = png()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    image = ProductImage.objects.get(product=catalog)
    assert (image.pos, image.width, len(image.renditions)) == (Decimal(10000), 40, 3)
    assert HistoryEvent.objects.filter(product=catalog, change_source="USER").exists()

    data = change_form_data(admin_client.get(url))
    data["images-0-pos"] = "5"
    data["images-1-file"] = png("second.png")
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(url, data).status_code == 302
    images = list(ProductImage.objects.filter(product=catalog).order_by("pos"))
    assert [i.pos for i in images] == [Decimal(5), Decimal(10005)]  # a new image goes after the last one
    assert images[0].pk == image.pk

    data = change_form_data(admin_client.get(url))
    data["images-0-DELETE"] = "on"
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(url, data).status_code == 302
    assert list(ProductImage.objects.filter(product=catalog)) == [images[1]]


def test_product_page_refuses_a_text_file_as_an_image(admin_client, catalog):
    url = f"/admin/catalog/product/{catalog.pk}/change/"
    data = change_form_data(admin_client.get(url))
    data["images-0-file"] = SimpleUploadedFile("photo.jpg", b"not an image")

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert not ProductImage.objects.exists()


def test_export_and_preview_take_constant_queries(catalog, django_assert_max_num_queries):
    from catalog.resources import export_dataset, plan_import

    for n in range(30):
        VariantPriceFactory(variant=VariantFactory(product=ProductFactory(variants=0)), value=n + 1)

    with django_assert_max_num_queries(7):
        dataset = export_dataset(Product.objects.all())
    with django_assert_max_num_queries(10):
        plan = plan_import(dataset)

    assert len(dataset) == 33
    assert plan.errors == [] and plan.changed == []


def test_barcode_conflicts_are_found_before_anything_is_written(admin_client, catalog):
    dataset = export(admin_client)
    dataset = set_cell(dataset, "2001", "Штрихкоды", "4600000000011")  # the barcode of 1003-1
    dataset = set_cell(dataset, "1003-2", "Штрихкоды", "4600000000099")
    dataset.append(["3001", "Новый", "", "", "", "", "", "3001-1", "", "", "", "4600000000099", ""])
    outsider = BarcodeFactory(variant=VariantFactory(public_id="9999"), value="4600000000777")
    dataset = set_cell(dataset, "1003-1", "Штрихкоды", f"4600000000011, {outsider.value}")

    _, preview = upload(admin_client, as_file(dataset))

    assert "Строка 4: штрихкод 4600000000011 уже указан в строке 2" in preview
    assert "Строка 5: штрихкод 4600000000099 уже указан в строке 3" in preview
    assert "Строка 2: штрихкод 4600000000777 уже используется в варианте 9999" in preview
    assert 'name="confirm"' not in preview


def test_staff_without_product_permissions_cannot_import(client, django_user_model):
    user = django_user_model.objects.create_user("clerk", password="x", is_staff=True)
    client.force_login(user)

    response = client.post("/admin/catalog/importjob/upload/", {"file": SimpleUploadedFile("a.csv", b"x")})

    assert response.status_code == 403
    assert not ImportJob.objects.exists()


def test_large_import_with_the_broker_down_fails_with_a_message_and_changes_nothing(
    admin_client, catalog, settings, broker_down, django_capture_on_commit_callbacks
):
    from catalog.import_tasks import run_import_job_task

    broker_down(run_import_job_task)
    settings.IMPORT_SYNC_MAX_ROWS = 2
    dataset = set_cell(export(admin_client), "1003-1", "Цена", 1000)
    job, _ = upload(admin_client, as_file(dataset))

    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(admin_client, job)

    assert response.status_code in (200, 302)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.errors == ["Очередь фоновых задач недоступна, импорт не запущен: загрузите файл снова чуть позже"]
    assert Variant.objects.get(public_id="1003-1").prices.get(price_type__role="RETAIL").value != 1000


def test_human_id_and_full_name_are_exported_and_imported(admin_client, catalog):
    Product.objects.filter(public_id="1003").update(human_id="KEDY-1")
    dataset = export(admin_client)
    assert dataset.dict[0]["Читаемый код"] == "KEDY-1"

    for variant_id in ("1003-1", "1003-2"):
        dataset = set_cell(dataset, variant_id, "Читаемый код", "KEDY-2")
        dataset = set_cell(dataset, variant_id, "Полное наименование", "Кеды красные и синие")
    job, preview = upload(admin_client, as_file(dataset, "xlsx"))

    assert "Читаемый код: KEDY-1 → KEDY-2" in preview
    assert "Полное наименование: — → Кеды красные и синие" in preview
    confirm(admin_client, job)
    product = Product.objects.get(public_id="1003")
    assert (product.human_id, product.full_name) == ("KEDY-2", "Кеды красные и синие")
