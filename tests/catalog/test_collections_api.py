import pytest

from catalog.models import Collection, HistoryEvent
from tests.factories import CollectionFactory, ProductFactory

from .helpers import assert_error_envelope

pytestmark = pytest.mark.django_db


def test_collections_are_created_listed_and_updated(api):
    api.post("/api/lite/collections", {"id": "1001", "name": "Одежда"}, format="json")
    body = api.post(
        "/api/lite/collections",
        {"id": "1029", "name": "Футболки", "parentId": "1001", "ordering": 10, "public": False},
        format="json",
    ).json()

    assert body == {
        "success": True,
        "id": "1029",
        "collection": {"id": "1029", "name": "Футболки", "parentId": "1001", "ordering": 10, "public": False},
    }
    listed = api.get("/api/lite/collections").json()
    assert listed["success"] is True
    assert [c["id"] for c in listed["collections"]] == ["1001", "1029"]
    generated = api.post("/api/lite/collections", {"name": "Без id"}, format="json").json()["id"]
    assert generated.isdigit()


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"name": ""},
        {"id": "bad id", "name": "x"},
        {"id": "1", "name": "x", "parentId": "404"},
        {"id": "1", "name": "x", "parentId": "1"},
    ],
)
def test_bad_collections_are_refused(api, payload):
    assert_error_envelope(api.post("/api/lite/collections", payload, format="json"), 400)
    assert not Collection.objects.exists()


def test_deleting_a_collection_keeps_its_products(api):
    collection = CollectionFactory(public_id="1031")
    product = ProductFactory(public_id="p1")
    product.collections.add(collection)

    assert api.delete("/api/lite/collections?id=1031").json() == {"success": True, "id": "1031"}

    assert product.collections.count() == 0
    assert HistoryEvent.objects.filter(product_public_id="p1", source_action="DELETE /collections").exists()
    assert_error_envelope(api.delete("/api/lite/collections?id=1031"), 404)
    assert_error_envelope(api.delete("/api/lite/collections"), 400)


def test_a_product_naming_an_unknown_collection_gets_a_clear_error(api, db):
    body = assert_error_envelope(
        api.post("/api/lite/products", {"id": "p", "collections": ["777"]}, format="json"), 400
    )
    assert body["errors"][0]["message"] == "Коллекция с id «777» не найдена"
