"""`humanId` and `fullName` of a product: written by POST/PATCH/batch, answered in the private document,
searched by `?query=` (the spec's field list), edited and searched in the admin, in the spreadsheet
import/export and in history."""

import pytest

from catalog.models import HistoryEvent, Product
from tests.factories import ProductFactory, WarehouseFactory

from .test_admin_products import product_form

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _warehouse():
    WarehouseFactory(is_default=True)


def product(api, public_id):
    return api.get(f"/api/lite/products?id={public_id}").json()["products"][0]


def test_post_writes_them_patch_keeps_them_when_absent_and_clears_them_with_null(api):
    created = {"id": "h1", "shortName": "Поло", "humanId": "POLO-92", "fullName": "Поло мужское хлопковое"}
    assert api.post("/api/lite/products", created, format="json").status_code == 200
    doc = product(api, "h1")
    assert (doc["humanId"], doc["fullName"]) == ("POLO-92", "Поло мужское хлопковое")

    api.patch("/api/lite/products", {"id": "h1", "shortName": "Поло 2"}, format="json")
    assert (product(api, "h1")["humanId"], product(api, "h1")["fullName"]) == ("POLO-92", "Поло мужское хлопковое")

    api.patch("/api/lite/products", {"id": "h1", "fullName": "Поло летнее", "humanId": None}, format="json")
    assert (product(api, "h1")["humanId"], product(api, "h1")["fullName"]) == (None, "Поло летнее")

    api.post("/api/lite/products", {"id": "h1", "shortName": "Поло"}, format="json")  # POST replaces
    assert product(api, "h1")["fullName"] is None


def test_batch_writes_them(api):
    body = {
        "products": [
            {"id": "hb1", "humanId": "HB-1", "fullName": "Первый"},
            {"id": "hb2", "humanId": "HB-2"},
        ]
    }
    api.post("/api/lite/products/batch", body, format="json")
    api.patch("/api/lite/products/batch", {"products": [{"id": "hb2", "fullName": "Второй"}]}, format="json")

    rows = Product.objects.filter(public_id__in=["hb1", "hb2"]).order_by("public_id")
    assert [(p.human_id, p.full_name) for p in rows] == [("HB-1", "Первый"), ("HB-2", "Второй")]


def test_too_long_values_are_refused_with_the_field_named(api):
    response = api.post("/api/lite/products", {"id": "hl", "humanId": "x" * 256}, format="json")

    assert response.status_code == 400 and "humanId" in response.content.decode()
    assert not Product.objects.filter(public_id="hl").exists()


@pytest.mark.parametrize(("query", "found"), [("polo-92", ["hq1"]), ("хлопковое", ["hq1"]), ("Кактус", ["hq2"])])
def test_query_searches_human_id_and_full_name(api, query, found):
    ProductFactory(public_id="hq1", short_name="Поло", human_id="POLO-92", full_name="Поло мужское хлопковое")
    ProductFactory(public_id="hq2", short_name="Кактус", human_id=None, full_name=None)

    ids = [p["id"] for p in api.get("/api/lite/products", {"query": query}).json()["products"]]

    assert ids == found


def test_history_records_them_and_the_diff_names_them(api):
    api.post("/api/lite/products", {"id": "hh", "humanId": "A-1"}, format="json")
    api.patch("/api/lite/products", {"id": "hh", "humanId": "A-2", "fullName": "Полное"}, format="json")
    first, second = HistoryEvent.objects.filter(product_public_id="hh").order_by("created_at", "id")
    assert second.snapshot["humanId"] == "A-2" and second.snapshot["fullName"] == "Полное"

    diff = api.post(
        "/api/lite/products/history/diff",
        {"items": [{"leftId": first.public_id, "rightId": second.public_id}]},
        format="json",
    ).json()["items"][0]["diff"]

    assert 'Читаемый код: "A-1" -> "A-2"' in diff and 'Полное название: "" -> "Полное"' in diff


def test_the_admin_edits_and_searches_them(manager_client):  # noqa: F811
    page = manager_client.get("/admin/catalog/product/add/").content.decode()
    assert 'name="human_id"' in page and 'name="full_name"' in page

    response = manager_client.post(
        "/admin/catalog/product/add/", product_form(public_id="ha", human_id="ADM-7", full_name="Футболка длинная")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    ProductFactory(short_name="Другой")

    for q in ("ADM-7", "длинная"):
        listing = manager_client.get("/admin/catalog/product/", {"q": q}).content.decode()
        assert "Футболка из админки" in listing and "Другой" not in listing
    saved = Product.objects.get(public_id="ha")
    assert (saved.human_id, saved.full_name) == ("ADM-7", "Футболка длинная")
