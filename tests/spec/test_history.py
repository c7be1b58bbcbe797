"""Product history replayed from the spec (cactus-products-api.txt, "/api/lite/products/history" and
"/api/lite/products/history/diff")."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from catalog.models import HistoryEvent
from catalog.services.products import save_products
from config.kernel.actor import Actor, ChangeSource
from inventory.models import Warehouse

from .speclib import assert_as_spec, example

pytestmark = pytest.mark.django_db

EVENT_GENERATED = ("events[*].id", "events[*].eventDate")
XLS_FROM = "eventParameters.from names our door (the admin import), not Cactus's internal class"
WMS_TRUTH = "isFfSynchronised is true only once the WMS accepted the variant; a new variant is not in the warehouse yet"


@pytest.fixture
def new0001(spec_world, settings):
    """The spec's history: product new0001, imported from XLS by z@z.zz, then rewritten by the same person
    with POST /products through a login token."""
    settings.DEFAULT_PRODUCT_COLLECTION = "1001"
    Warehouse.objects.create(code="374f35a6-633f-bc9d-917a-ce37cb74bd49", name="Второй склад")
    Warehouse.objects.filter(is_default=True).update(code="27f650d9-7378-33c1-bae1-6aea66140bbd")
    user = get_user_model().objects.create_user("z@z.zz", password="s3cret-pass", is_staff=True)
    user.groups.add(Group.objects.get(name="Managers"))
    product = {
        "public_id": "new0001",
        "short_name": "Джинсы (демо товар)1",
        "brand_name": "Levi's",
        "description": "922",
        "international_description": "0",
        "is_bestseller": False,
        "is_novelty": False,
        "variants_to_update": [{"public_id": "100002", "product_id": "new0001"}],
    }
    save_products(items=[product], partial=False, actor=Actor(source=ChangeSource.XLS, login="z@z.zz"))
    client = APIClient()
    token = client.post("/api/lite/auth", {"login": "z@z.zz", "password": "s3cret-pass"}, format="json").json()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token['access_token']}")
    request = {
        "id": "new0001",
        "shortName": "Джинсы (демо товар)1",
        "brandName": "Levi's",
        "description": "922",
        "internationalDescription": "0",
        "isBestseller": False,
        "isNovelty": False,
    }
    assert client.post("/api/lite/products", request, format="json").json()["success"] is True
    return client


def test_history_of_a_product_answers_the_spec_example(new0001):
    body = new0001.get("/api/lite/products/history?productId=new0001").json()

    assert_as_spec(
        body, example("cactus:2945"), generated=EVENT_GENERATED, differs={"events[1].eventParameters.from": XLS_FROM}
    )


def test_history_event_with_its_json_answers_the_spec_example(new0001):
    event_id = str(HistoryEvent.objects.order_by("-created_at", "-id").first().public_id)

    body = new0001.get(f"/api/lite/products/history?id={event_id}&jsonData=true").json()

    expected = example("cactus:2984")
    spec_json = json.loads(expected["events"][0].pop("jsonData"))
    our_json = json.loads(body["events"][0].pop("jsonData"))
    assert_as_spec(body, expected, generated=EVENT_GENERATED)
    assert_as_spec(
        our_json,
        spec_json,
        generated=("variants[*].ordering",),
        differs={
            "anyPublicCollections": "jsonData is the GET /products document ('в формате /api/lite/products'), "
            "which has no anyPublicCollections (a storefront field)",
            "variants[0].isFfSynchronised": WMS_TRUTH,
        },
    )


def test_history_json_data_is_the_products_document(new0001):
    """The part of the example above that does not hinge on wt-18a's USER source."""
    event_id = str(HistoryEvent.objects.order_by("-created_at", "-id").first().public_id)
    body = new0001.get(f"/api/lite/products/history?id={event_id}&jsonData=true").json()

    spec_json = json.loads(example("cactus:2984")["events"][0]["jsonData"])
    assert_as_spec(
        json.loads(body["events"][0]["jsonData"]),
        spec_json,
        generated=("variants[*].ordering",),
        differs={
            "anyPublicCollections": "jsonData is the GET /products document ('в формате /api/lite/products'), "
            "which has no anyPublicCollections (a storefront field)",
            "variants[0].isFfSynchronised": WMS_TRUTH,
        },
    )


def test_history_diff_answers_the_spec_example(api, spec_world):
    api.post(
        "/api/lite/products",
        {
            "id": "new0001",
            "shortName": "Компьютер (демо товар)2",
            "variantsToUpdate": [
                {
                    "variantId": "v1",
                    "prices": [{"priceCode": "Розничная цена", "value": 21000}],
                    "dimensions": {"width": 101, "height": 60, "depth": 30},
                }
            ],
        },
        format="json",
    )
    api.patch("/api/lite/products", {"id": "new0001", "shortName": "Компьютер (демо товар)1"}, format="json")
    change = {
        "productId": "new0001",
        "variantId": "v1",
        "prices": [{"priceCode": "Розничная цена", "value": 20000}],
        "dimensions": {"width": 100, "height": 60, "depth": 30},
    }
    api.patch("/api/lite/products/variants", change, format="json")
    created, renamed, repriced = (str(e.public_id) for e in HistoryEvent.objects.order_by("created_at", "id"))
    # The spec's event ids stand for these three events.
    ids = {
        "63120d8b-b0b5-145e-ff44-d1bea50a77e7": created,
        "8df52d29-7f75-c272-6894-d2c00e653c8c": renamed,
        "a5c42f70-c634-21cf-b25e-f2e585db221e": repriced,
    }

    def ours(document):
        return json.loads(_replace(json.dumps(document, ensure_ascii=False), ids))

    body = api.post("/api/lite/products/history/diff", ours(example("cactus:3019")), format="json").json()

    assert_as_spec(body, ours(example("cactus:3034")))


def _replace(text: str, ids: dict) -> str:
    for spec_id, our_id in ids.items():
        text = text.replace(spec_id, our_id)
    return text
