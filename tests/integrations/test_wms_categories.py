import io

import pytest
import xlrd

from integrations.wms import services
from integrations.wms.models import WarehouseCategory
from integrations.wms.tasks import sync_categories_task

from . import wms_support

fake_wms = wms_support.fake_wms

pytestmark = pytest.mark.django_db


def test_nightly_sync_replaces_categories_with_the_wms_list(fake_wms):
    WarehouseCategory.objects.create(code="gone", title="Удалённая")
    WarehouseCategory.objects.create(code="weak", title="Старое название")
    fake_wms.state.control(
        {"categories": [{"code": "weak", "title": "Хрупкое"}, {"code": "bubble", "title": "Булькающее"}]}
    )

    assert sync_categories_task.delay().get() == 2

    assert list(WarehouseCategory.objects.values_list("code", "title")) == [
        ("bubble", "Булькающее"),
        ("weak", "Хрупкое"),
    ]


def test_failed_category_sync_keeps_what_we_had(fake_wms):
    WarehouseCategory.objects.create(code="weak", title="Хрупкое")
    fake_wms.state.control({"faults": ["malformed"], "categories": []})

    with pytest.raises(services.WmsTransientError):
        services.sync_categories()

    assert WarehouseCategory.objects.count() == 1


@pytest.fixture
def categories(db):
    for code, title in [("weak", "Хрупкое"), ("strong", "Сильное"), ("bubble", "Булькающее")]:
        WarehouseCategory.objects.create(code=code, title=title)


def test_categories_as_json_in_the_spec_shape(api, categories, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = api.get("/api/lite/products/warehouse/categories?format=json")

    assert response.json() == {
        "items": [
            {"code": "bubble", "title": "Булькающее"},
            {"code": "strong", "title": "Сильное"},
            {"code": "weak", "title": "Хрупкое"},
        ],
        "success": True,
    }


def test_categories_default_to_json(api, categories):
    assert api.get("/api/lite/products/warehouse/categories").json()["success"] is True


def test_categories_as_an_xls_attachment(api, categories):
    response = api.get("/api/lite/products/warehouse/categories?format=xls")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.ms-excel"
    assert response["Content-Disposition"] == 'attachment; filename="warehouse_categories.xls"'
    sheet = xlrd.open_workbook(file_contents=io.BytesIO(response.content).getvalue()).sheet_by_index(0)
    assert [sheet.row_values(i) for i in range(sheet.nrows)] == [
        ["code", "title"],
        ["bubble", "Булькающее"],
        ["strong", "Сильное"],
        ["weak", "Хрупкое"],
    ]


def test_categories_refuse_an_unknown_format(api, categories):
    response = api.get("/api/lite/products/warehouse/categories?format=pdf")

    assert response.status_code == 400
    assert response.json() == {
        "success": False,
        "errors": [{"code": 0, "message": "format: Допустимые значения: json, xls"}],
    }
