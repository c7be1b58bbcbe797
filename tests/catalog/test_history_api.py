import json
import re
from decimal import Decimal

import pytest

from catalog.models import HistoryEvent
from tests.factories import WarehouseFactory
from tests.openapi_answers import assert_conforms

from .helpers import assert_error_envelope

pytestmark = pytest.mark.django_db
EVENT_KEYS = {
    "changeSource",
    "description",
    "eventDate",
    "eventParameters",
    "id",
    "level",
    "success",
    "type",
    "userLogin",
}


@pytest.fixture
def product_with_history(api):
    WarehouseFactory(is_default=True)
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
    api.patch(
        "/api/lite/products/variants",
        {
            "productId": "new0001",
            "variantId": "v1",
            "prices": [{"priceCode": "Розничная цена", "value": 20000}],
            "dimensions": {"width": 100, "height": 60, "depth": 30},
        },
        format="json",
    )
    return list(HistoryEvent.objects.filter(product_public_id="new0001").order_by("created_at", "id"))


def test_history_lists_events_newest_first_with_the_spec_fields(api, product_with_history):
    response = api.get("/api/lite/products/history?productId=new0001")

    assert_conforms(response, "/api/lite/products/history")
    body = response.json()

    assert body["success"] is True and body["recordsTotal"] == 3
    assert [e["eventParameters"]["from"] for e in body["events"]] == [
        "PATCH /products/variants",
        "PATCH /products",
        "POST /products",
    ]
    event = body["events"][0]
    assert set(event) == EVENT_KEYS
    assert event["changeSource"] == "API" and event["level"] == "INFO" and event["type"] == "SKU"
    assert event["userLogin"] == "api:tests" and event["success"] is True
    assert re.match(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$", event["eventDate"])


def test_history_size_defaults_to_5_and_pages(api, product_with_history):
    for name in "abcdef":
        api.patch("/api/lite/products", {"id": "new0001", "shortName": name}, format="json")

    assert len(api.get("/api/lite/products/history?productId=new0001").json()["events"]) == 5
    body = api.get("/api/lite/products/history?productId=new0001&page=1&size=5").json()
    assert len(body["events"]) == 4 and body["recordsTotal"] == 9


def test_one_event_by_id_with_its_json_snapshot(api, product_with_history):
    event = product_with_history[0]

    response = api.get(f"/api/lite/products/history?id={event.public_id}&jsonData=true")

    assert_conforms(response, "/api/lite/products/history")
    [doc] = response.json()["events"]
    snapshot = json.loads(doc["jsonData"])
    assert snapshot["id"] == "new0001" and snapshot["shortName"] == "Компьютер (демо товар)2"
    assert snapshot["variants"][0]["prices"][0]["value"] == 21000
    assert "jsonData" not in api.get("/api/lite/products/history?productId=new0001").json()["events"][0]


def test_history_needs_a_product_or_an_event(api, db):
    assert_error_envelope(api.get("/api/lite/products/history"), 400)
    assert_error_envelope(api.get("/api/lite/products/history?id=not-a-uuid"), 404)
    assert api.get("/api/lite/products/history?productId=ghost").json()["recordsTotal"] == 0


def test_diff_is_human_readable_as_in_the_spec(api, product_with_history):
    created, renamed, repriced = (str(e.public_id) for e in product_with_history)

    response = api.post(
        "/api/lite/products/history/diff",
        {"items": [{"leftId": renamed, "rightId": repriced}, {"leftId": created, "rightId": renamed}]},
        format="json",
    )

    assert_conforms(response, "/api/lite/products/history/diff", "post")
    body = response.json()
    assert body == {
        "items": [
            {
                "diff": 'Цена: "21000.00" -> "20000.00", Розничная цена: "21000.00" -> "20000.00", '
                'Габариты: "Ш:101 В:60 Г:30" -> "Ш:100 В:60 Г:30"',
                "leftId": renamed,
                "rightId": repriced,
            },
            {
                "diff": 'Название: "Компьютер (демо товар)2" -> "Компьютер (демо товар)1"',
                "leftId": created,
                "rightId": renamed,
            },
        ],
        "success": True,
    }


def test_diff_of_unknown_events_is_an_error(api, product_with_history):
    known = str(product_with_history[0].public_id)
    unknown = "8df52d29-7f75-c272-6894-d2c00e653c8c"

    assert_error_envelope(
        api.post("/api/lite/products/history/diff", {"items": [{"leftId": known, "rightId": unknown}]}, format="json"),
        404,
    )
    assert_error_envelope(api.post("/api/lite/products/history/diff", {"items": [{"leftId": "x"}]}, format="json"), 400)


def test_a_write_with_a_login_token_is_the_users_action_and_an_api_token_stays_api(api, anon, django_user_model):
    # given a staff user who logs in through /api/lite/auth (the spec's history example: USER, the login)
    WarehouseFactory(is_default=True)
    django_user_model.objects.create_user("z@z.zz", password="pw-12345", is_staff=True, is_superuser=True)
    token = anon.post("/api/lite/auth", {"login": "z@z.zz", "password": "pw-12345"}, format="json").json()[
        "access_token"
    ]
    anon.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

    # when the person writes with the login token and a script writes with an API token
    assert anon.post("/api/lite/products", {"id": "byhand", "shortName": "x"}, format="json").status_code == 200
    assert api.patch("/api/lite/products", {"id": "byhand", "shortName": "y"}, format="json").status_code == 200

    # then history tells the person's write from the script's
    events = api.get("/api/lite/products/history?productId=byhand").json()["events"]
    assert [(e["changeSource"], e["userLogin"]) for e in events] == [("API", "api:tests"), ("USER", "z@z.zz")]


def test_an_event_id_wins_over_product_id(api, product_with_history):
    event = product_with_history[0]

    body = api.get(f"/api/lite/products/history?id={event.public_id}&productId=someone-else").json()

    assert [e["id"] for e in body["events"]] == [str(event.public_id)] and body["recordsTotal"] == 1


def test_recorded_events_hold_the_document_and_the_actor(db):
    """record_product_events on either engine (PostgreSQL: one INSERT ... FROM jsonb_to_recordset of orjson
    text; SQLite: bulk_create): each event's snapshot is the document as the API renders it, the actor's
    source is stored as its value, and the model's defaults apply."""
    from catalog.documents import load_documents
    from catalog.services.history import record_product_events
    from config.kernel.actor import Actor, ChangeSource
    from config.kernel.encoding import dumps
    from tests.factories.catalog import VariantFactory

    variants = [VariantFactory(weight=Decimal("0.250")), VariantFactory()]
    products = [v.product for v in variants]
    actor = Actor(source=ChangeSource.XLS, login="анна", action="import «прайс»")

    record_product_events(product_ids=[p.pk for p in products] * 2, actor=actor, description="Тест")

    events = list(HistoryEvent.objects.filter(product__in=products).order_by("id"))
    documents = load_documents([p.pk for p in products])
    assert [e.product_id for e in events] == [p.pk for p in products]  # one event per product, in order
    for event in events:
        document = documents[event.product_id]
        assert event.snapshot == json.loads(dumps(document))
        assert (event.product_public_id, event.type) == (document["id"], document["type"])
        assert (event.change_source, event.user_login, event.source_action) == ("XLS", "анна", "import «прайс»")
        assert (event.description, event.level, event.success) == ("Тест", "INFO", True)
        assert event.created_at is not None
    assert len({e.public_id for e in events}) == 2
