import io

import pytest
import xlwt
from django.core.files.uploadedfile import SimpleUploadedFile

from inventory.models import UniqueNumber
from tests.factories.catalog import VariantFactory

pytestmark = pytest.mark.django_db

LONG = "0104064211748539215%HefMSHYlegL9100BE92IlF/M3RjtFd4KI5xnWnri5ZHCNIlndYdSVKLoG2VvWg3BZ3dPM1EnijDoPSuNJmVI63clfwHgXLVy3vDCXKvnw=="  # noqa: E501
WITH_GS = "0104064211296115217>dGPovOMpiDH\u001d918093\u001d92gbLYtaYLYnFIUsQilCOiicPOKJZMiuKKUeAIvO3R9wgWoEip5FjubkxPpXsOuCr9N4nMGXuD6VgS8oK/jkfvJw==\u001d"  # noqa: E501


@pytest.fixture
def variant():
    return VariantFactory(public_id="1000")


def load(api, items):
    return api.post("/api/lite/products/load/unique_number/json", {"items": items}, format="json")


def xls(rows, header=None) -> SimpleUploadedFile:
    book = xlwt.Workbook()
    sheet = book.add_sheet("numbers")
    all_rows = ([header] if header else []) + rows
    for r, row in enumerate(all_rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("imei.xls", buffer.getvalue(), content_type="application/vnd.ms-excel")


def test_json_load_is_the_spec_example(api, variant):
    response = load(api, [{"variantId": "1000", "uniqueNumbers": [{"uniqueNumber": "1232344456777", "type": "UIT"}]}])

    assert response.status_code == 200
    assert response.json() == {"success": True}
    assert UniqueNumber.objects.get().number == "1232344456777"


def test_list_has_the_spec_shape(api, variant):
    load(
        api,
        [
            {
                "variantId": "1000",
                "uniqueNumbers": [{"uniqueNumber": LONG, "type": "UIT"}, {"uniqueNumber": WITH_GS, "type": "UIT"}],
            }
        ],
    )

    response = api.get("/api/lite/products/unique_numbers/list?variantId=1000&isUsed=false&page=0&size=10")

    assert response.status_code == 200
    assert response.json() == {
        "success": True,
        "recordsTotal": 2,
        "uniqueNumbers": [
            {
                "disabled": False,
                "isReserved": False,
                "physicalSet": "",
                "purchaseOrder": "",
                "uniqueNumber": number,
                "type": "UIT",
            }
            for number in (LONG, WITH_GS)
        ],
    }


def test_list_filters_by_used_and_pages(api, variant):
    other = VariantFactory(public_id="2000")
    UniqueNumber.objects.bulk_create(
        [UniqueNumber(variant=variant, number=f"A{i}", is_used=i % 2 == 0) for i in range(5)]
        + [UniqueNumber(variant=other, number="B")]
    )

    used = api.get("/api/lite/products/unique_numbers/list?variantId=1000&isUsed=true").json()
    page = api.get("/api/lite/products/unique_numbers/list?variantId=1000&page=1&size=2").json()
    everything = api.get("/api/lite/products/unique_numbers/list").json()

    assert [n["uniqueNumber"] for n in used["uniqueNumbers"]] == ["A0", "A2", "A4"]
    assert [n["uniqueNumber"] for n in page["uniqueNumbers"]] == ["A2", "A3"]
    assert page["recordsTotal"] == 5
    assert everything["recordsTotal"] == 6
    refused = api.get("/api/lite/products/unique_numbers/list?isUsed=maybe")
    assert refused.status_code == 400 and refused.json()["success"] is False
    assert "isUsed: ожидается true или false, получено «maybe»" in str(refused.json())
    # django-filter's own BooleanFilter would ignore "YES" and "0"; ours reads them as before.
    assert api.get("/api/lite/products/unique_numbers/list?variantId=1000&isUsed=YES").json()["recordsTotal"] == 3
    assert api.get("/api/lite/products/unique_numbers/list?variantId=1000&isUsed=0").json()["recordsTotal"] == 2


@pytest.mark.parametrize(
    ("items", "message"),
    [
        (
            [{"variantId": "404", "uniqueNumbers": [{"uniqueNumber": "X1", "type": "UIT"}]}],
            "вариант с id 404 не найден",
        ),
        ([{"variantId": "1000", "uniqueNumbers": [{"uniqueNumber": "X1", "type": "IMEI"}]}], "неизвестный тип «IMEI»"),
        (
            [
                {
                    "variantId": "1000",
                    "uniqueNumbers": [{"uniqueNumber": "X1", "type": "UIT"}, {"uniqueNumber": "X1", "type": "UIT"}],
                }
            ],
            "повторяется",
        ),
        ([{"variantId": "1000", "uniqueNumbers": [{"uniqueNumber": "TAKEN", "type": "UIT"}]}], "уже загружен"),
        ([{"variantId": "1000", "uniqueNumbers": [{"uniqueNumber": "", "type": "UIT"}]}], "uniqueNumber"),
        ([{"variantId": "1000"}], "uniqueNumbers"),
        ([], "items"),
    ],
)
def test_rejected_json_upload_stores_nothing(api, variant, items, message):
    UniqueNumber.objects.create(variant=variant, number="TAKEN")
    good = {"variantId": "1000", "uniqueNumbers": [{"uniqueNumber": "GOOD", "type": "UIT"}]}

    response = load(api, [good, *items] if items else [])

    assert response.status_code == 400
    assert response.json()["success"] is False
    assert message in response.json()["errors"][0]["message"]
    assert list(UniqueNumber.objects.values_list("number", flat=True)) == ["TAKEN"]


def test_excel_load_reads_variant_number_type_columns(api, variant):
    upload = xls(
        [[1000, "njkjnw9i98", "UIT"], ["1000", 1232344456777, "uit"], ["", "", ""]],
        header=["variant_id", "number", "type"],
    )

    response = api.post("/api/lite/products/load/unique_number/excel", {"upFile": upload}, format="multipart")

    assert response.status_code == 200, response.json()
    assert response.json() == {"success": True}
    assert sorted(UniqueNumber.objects.values_list("number", "type")) == [
        ("1232344456777", "UIT"),
        ("njkjnw9i98", "UIT"),
    ]


def test_excel_with_a_bad_row_stores_nothing_and_names_the_row(api, variant):
    upload = xls([[1000, "ok-1", "UIT"], [1000, "", "UIT"], [777, "x", "UIT"]])

    response = api.post("/api/lite/products/load/unique_number/excel", {"upFile": upload}, format="multipart")

    assert response.status_code == 400
    message = response.json()["errors"][0]["message"]
    assert "строка 2: не указан уникальный номер" in message
    assert "строка 3: вариант с id 777 не найден" in message
    assert not UniqueNumber.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"upFile": SimpleUploadedFile("numbers.xls", b"this is not excel")},
        {"upFile": SimpleUploadedFile("numbers.xls", b"")},
    ],
)
def test_excel_upload_without_a_readable_file_is_400(api, variant, payload):
    response = api.post("/api/lite/products/load/unique_number/excel", payload, format="multipart")

    assert response.status_code == 400
    assert response.json()["success"] is False
    assert not UniqueNumber.objects.exists()


def test_take_reserves_and_returns_one_free_number(api, variant):
    UniqueNumber.objects.bulk_create([UniqueNumber(variant=variant, number=n) for n in ("mlkmkjnjkmkjnjk", "second")])

    response = api.get(
        "/api/lite/products/unique_number?variant_id=1000&type_unique_number=UIT&id=PO-7&doc_type=PURCHASE_ORDER"
    )
    again = api.get(
        "/api/lite/products/unique_number?variant_id=1000&type_unique_number=UIT&id=PS-1&doc_type=PHYSICAL_SET_ORDER"
    )

    assert response.json() == {"success": True, "variantId": "1000", "uniqueNumber": "mlkmkjnjkmkjnjk"}
    assert again.json()["uniqueNumber"] == "second"
    first = UniqueNumber.objects.get(number="mlkmkjnjkmkjnjk")
    assert (first.is_reserved, first.purchase_order) == (True, "PO-7")
    assert UniqueNumber.objects.get(number="second").physical_set == "PS-1"
    listed = api.get("/api/lite/products/unique_numbers/list?variantId=1000").json()["uniqueNumbers"]
    assert [n["isReserved"] for n in listed] == [True, True]


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("type_unique_number=UIT", 400, "variant_id"),
        ("variant_id=1000", 400, "type_unique_number"),
        ("variant_id=404&type_unique_number=UIT", 404, "404"),
        ("variant_id=1000&type_unique_number=XXX", 400, "XXX"),
        ("variant_id=1000&type_unique_number=UIT&doc_type=INVOICE", 400, "doc_type"),
        ("variant_id=1000&type_unique_number=UIT", 400, "Нет свободных"),
    ],
)
def test_take_bad_input(api, variant, query, status, message):
    UniqueNumber.objects.create(variant=variant, number="used", is_used=True)

    response = api.get(f"/api/lite/products/unique_number?{query}")

    assert response.status_code == status
    assert message in response.json()["errors"][0]["message"]
    assert not UniqueNumber.objects.filter(is_reserved=True).exists()


def test_mark_used_flags_the_number_idempotently(api, variant):
    UniqueNumber.objects.create(variant=variant, number="njkdhbjcs")

    first = api.post(
        "/api/lite/products/unique_number/used", {"variantId": "1000", "uniqueNumber": "njkdhbjcs"}, format="json"
    )
    again = api.post(
        "/api/lite/products/unique_number/used", {"variantId": "1000", "uniqueNumber": "njkdhbjcs"}, format="json"
    )

    assert first.json() == again.json() == {"success": True}
    assert UniqueNumber.objects.get().is_used is True


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ({"variantId": "1000"}, 400),
        ({"variantId": "1000", "uniqueNumber": "nope"}, 404),
        ({"variantId": "2000", "uniqueNumber": "mine"}, 400),
    ],
)
def test_mark_used_bad_input(api, variant, payload, status):
    VariantFactory(public_id="2000")
    UniqueNumber.objects.create(variant=variant, number="mine")

    response = api.post("/api/lite/products/unique_number/used", payload, format="json")

    assert response.status_code == status
    assert response.json()["success"] is False
    assert not UniqueNumber.objects.filter(is_used=True).exists()


def test_json_load_query_count_is_constant(api, variant, django_assert_max_num_queries):
    items = [{"variantId": "1000", "uniqueNumbers": [{"uniqueNumber": f"N{i}", "type": "UIT"} for i in range(300)]}]

    with django_assert_max_num_queries(10):
        response = load(api, items)

    assert response.status_code == 200
    assert UniqueNumber.objects.count() == 300
