"""Collection import and the collection form in the admin: both through catalog.services.save_collection."""

from unittest import mock

import pytest

from catalog.models import Collection
from catalog.services import collections as collection_services
from tests.admin_forms import import_confirm, import_preview
from tests.factories.catalog import CollectionFactory

pytestmark = pytest.mark.django_db
PAGE = "/admin/catalog/collection/"
HEADERS = ["public_id", "name", "parent", "ordering", "is_public"]


def _preview(admin_client, rows):
    return import_preview(admin_client, PAGE, HEADERS, rows)


def test_collection_import_writes_through_the_service(admin_client):
    CollectionFactory(public_id="shoes", name="Обувь")
    preview = _preview(admin_client, [["shoes", "Обувь и кеды", "", "1", "1"], ["kids", "Детская", "shoes", "2", "1"]])
    assert Collection.objects.get(public_id="shoes").name == "Обувь", "the dry run writes nothing"

    wrapped = mock.Mock(wraps=collection_services.save_collection)
    with mock.patch("catalog.collection_resources.save_collection", wrapped) as service:
        import_confirm(admin_client, PAGE, preview)

    assert service.call_count == 2
    assert Collection.objects.get(public_id="shoes").name == "Обувь и кеды"
    assert Collection.objects.get(public_id="kids").parent.public_id == "shoes"


def test_a_collection_inside_itself_is_a_row_error_and_nothing_is_written(admin_client):
    parent = CollectionFactory(public_id="shoes", name="Обувь")
    CollectionFactory(public_id="kids", name="Детская", parent=parent)

    preview = _preview(admin_client, [["new", "Новая", "", "0", "1"], ["shoes", "Обувь", "kids", "0", "1"]])

    assert [row.number for row in preview.context["result"].invalid_rows] == [2]
    assert "Коллекция не может быть вложена сама в себя" in preview.content.decode()
    assert preview.context.get("confirm_form") is None
    assert not Collection.objects.filter(public_id="new").exists()
    assert Collection.objects.get(public_id="shoes").parent is None


def test_the_collection_form_saves_through_the_service_and_shows_its_refusal(admin_client):
    parent = CollectionFactory(public_id="shoes", name="Обувь")
    child = CollectionFactory(public_id="kids", name="Детская", parent=parent)

    form = {"public_id": "sale", "name": "Распродажа", "ordering": "3", "is_public": "on"}
    added = admin_client.post("/admin/catalog/collection/add/", form)
    assert added.status_code == 302, added.content.decode()[:2000]
    assert Collection.objects.get(public_id="sale").name == "Распродажа"

    refused = admin_client.post(
        f"/admin/catalog/collection/{parent.pk}/change/",
        {"name": "Обувь 2", "parent": child.pk, "ordering": "0", "is_public": "on"},
    )
    assert refused.status_code == 200
    assert "Коллекция не может быть вложена сама в себя" in refused.content.decode()
    parent.refresh_from_db()
    assert (parent.name, parent.parent_id) == ("Обувь", None)


def test_the_collection_list_edits_ordering_through_the_service(admin_client):
    collection = CollectionFactory(public_id="shoes", name="Обувь", ordering=0)
    form = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(collection.pk),
        "form-0-ordering": "7",
        "form-0-is_public": "on",
        "_save": "Save",
    }
    with mock.patch("catalog.admin.dictionaries.save_collection", wraps=collection_services.save_collection) as service:
        response = admin_client.post("/admin/catalog/collection/", form)

    assert response.status_code == 302
    assert service.call_count == 1
    collection.refresh_from_db()
    assert (collection.ordering, collection.name) == (7, "Обувь")
