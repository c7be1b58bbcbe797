"""Hostile input at every API door gets a clear 4xx in that API's own error format, and nothing is written:

- an id with surrounding whitespace (`" demo1 "`, `"demo1\\n"`) is refused naming the field, never trimmed into
  another row's id;
- a form or multipart body to a JSON endpoint is a 415 (it used to be parsed into a QueryDict);
- a key repeated in one JSON object is a 400 (it used to be last-wins);
- an empty body where an object is required is a 400 "Пустое тело запроса".
"""

import subprocess
import sys
from urllib.parse import urlencode

import orjson
import pytest
from rest_framework.test import APIClient

from catalog.models import Product, Variant
from catalog.services.ids import validate_public_id
from config.api.fields import SURROUNDING_SPACE_MESSAGE
from config.kernel.encoding import loads
from config.kernel.errors import ValidationFailed
from config.kernel.public_ids import is_public_id
from integrations.yandex_eats.models import YandexAccessToken, YandexPlace
from inventory.models import Warehouse
from reviews.models import Review
from tests.factories import ProductFactory, WarehouseFactory
from tests.integrations.yandex_helpers import yandex_credentials  # noqa: F401 - a fixture

IMSHOP_KEY = "imshop-strict-key"
TOKEN_URL = "/yandex-eats/security/oauth/token"
SPACED_IDS = [" demo1 ", "demo1\n", "\tdemo1", "demo1\r\n", "demo1\u00a0"]


@pytest.fixture
def imshop(settings, db):
    settings.IMSHOP_API_KEY = IMSHOP_KEY
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {IMSHOP_KEY}")
    return client


def cactus_error(response, status: int) -> list[str]:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["success"] is False and all(e["code"] == 0 for e in body["errors"]), body
    return [e["message"] for e in body["errors"]]


def yandex_error(response, status: int) -> list[str]:
    assert response.status_code == status, response.content
    body = response.json()
    assert isinstance(body, list) and all(e["code"] == status for e in body), body
    return [e["description"] for e in body]


def counts():
    return (
        Product.objects.count(),
        Variant.objects.count(),
        Warehouse.objects.count(),
        Review.objects.count(),
        YandexPlace.objects.count(),
        YandexAccessToken.objects.count(),
    )


# --- the families: (client fixture, path, a valid-looking object, the API's error reader) -------------------

FAMILIES = {
    "private": ("api", "/api/lite/products", {"id": "demo1", "shortName": "Чай"}, cactus_error),
    "private-inventory": ("api", "/api/lite/warehouses", {"warehouseCode": "msk-9", "name": "Склад"}, cactus_error),
    "public": (
        "anon",
        "/api/lite/pub/products/reviews",
        {"productId": "1000", "content": "x", "score": 5},
        cactus_error,
    ),
    "imshop": ("imshop", "/webhooks/imshop/availability", {"city": "Москва", "configurationIds": ["1"]}, cactus_error),
    "yandex": (
        "anon",
        TOKEN_URL,
        {"client_id": "c", "client_secret": "s", "grant_type": "client_credentials"},
        yandex_error,
    ),
    "auth": ("anon", "/api/lite/auth", {"login": "manager@shop.ru", "password": "secret"}, cactus_error),
}


@pytest.fixture(params=list(FAMILIES))
def family(request, db):
    fixture, path, body, errors = FAMILIES[request.param]
    return request.getfixturevalue(fixture), path, body, errors


def test_a_repeated_key_is_400_in_the_apis_format_and_writes_nothing(family):
    client, path, body, errors = family
    before = counts()
    key = next(iter(body))
    # the first key twice: last-wins would have read the valid body
    raw = b'{"' + key.encode() + b'":"other",' + orjson.dumps(body)[1:]

    messages = errors(client.generic("POST", path, raw, content_type="application/json"), 400)

    assert messages == [f"некорректный JSON: ключ «{key}» повторяется в одном объекте"]
    assert counts() == before


@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"])
def test_a_body_of_another_type_is_415_in_the_apis_format_and_writes_nothing(family, content_type, request):
    client, path, body, errors = family
    if path == TOKEN_URL and content_type != "text/plain":
        pytest.skip("the OAuth token endpoint takes a form (RFC 6749), as the Yandex Eats spec says")
    before = counts()
    if content_type == "multipart/form-data":
        response = client.post(path, body, format="multipart")
    else:
        response = client.generic("POST", path, urlencode(body), content_type=content_type)

    [message] = errors(response, 415)

    assert message.startswith("Неподдерживаемый тип содержимого «" + content_type)
    assert "application/json" in message
    assert counts() == before


def test_an_empty_body_is_400_in_the_apis_format_and_writes_nothing(family):
    client, path, _body, errors = family
    before = counts()

    for content_type in ("application/json", ""):
        assert errors(client.generic("POST", path, b"", content_type=content_type), 400) == ["Пустое тело запроса"]
    assert counts() == before


# --- ids with surrounding whitespace --------------------------------------------------------------------------


@pytest.mark.parametrize("spaced", SPACED_IDS)
def test_a_private_product_id_with_whitespace_is_refused_not_trimmed(api, spaced):
    existing = ProductFactory(public_id="demo1", short_name="Оригинал")
    before = counts()

    messages = cactus_error(api.post("/api/lite/products", {"id": spaced, "shortName": "Подмена"}), 400)

    assert messages == [f"id: {SURROUNDING_SPACE_MESSAGE}"]
    existing.refresh_from_db()
    assert existing.short_name == "Оригинал" and counts() == before


def test_a_spaced_variant_id_in_a_batch_fails_that_product_only(api):
    before = counts()
    products = [
        {"id": "b1", "shortName": "Один", "variantsToUpdate": [{"variantId": "b1\n"}]},
        {"id": "b2", "shortName": "Два", "variantsToUpdate": [{"variantId": "b2"}]},
    ]

    first, second = api.post("/api/lite/products/batch", {"products": products}).json()["products"]

    assert first["success"] is False
    assert [e["message"] for e in first["errors"]] == [f"variantsToUpdate[0].variantId: {SURROUNDING_SPACE_MESSAGE}"]
    assert second["success"] is True
    assert not Product.objects.filter(public_id="b1").exists() and not Variant.objects.filter(public_id="b1").exists()
    assert Product.objects.count() == before[0] + 1


@pytest.mark.parametrize("spaced", SPACED_IDS)
def test_a_warehouse_code_with_whitespace_is_refused(api, spaced):
    WarehouseFactory(code="demo1", name="Оригинал")
    before = counts()

    messages = cactus_error(api.post("/api/lite/warehouses", {"warehouseCode": spaced, "name": "Подмена"}), 400)

    assert messages == [f"warehouseCode: {SURROUNDING_SPACE_MESSAGE}"]
    assert Warehouse.objects.get(code="demo1").name == "Оригинал" and counts() == before


def test_a_public_review_of_a_spaced_product_id_is_refused(anon, db):
    ProductFactory(public_id="demo1")
    before = counts()

    response = anon.post(
        "/api/lite/pub/products/reviews", {"productId": "demo1 ", "customerName": "Ия", "content": "Ок", "score": 5}
    )

    assert cactus_error(response, 400) == [f"productId: {SURROUNDING_SPACE_MESSAGE}"]
    assert counts() == before


def test_an_imshop_webhook_id_with_whitespace_is_refused(imshop):
    response = imshop.post("/webhooks/imshop/availability", {"city": "Москва", "configurationIds": ["demo1\n"]})

    assert cactus_error(response, 400) == [f"configurationIds[0]: {SURROUNDING_SPACE_MESSAGE}"]


def test_a_yandex_place_id_with_whitespace_is_refused(api):
    warehouse = WarehouseFactory(code="msk-1")
    before = counts()

    response = api.post("/api/lite/yandex_places", {"placeId": " 42", "warehouseCode": warehouse.code})

    assert cactus_error(response, 400) == [f"placeId: {SURROUNDING_SPACE_MESSAGE}"]
    assert counts() == before


def test_a_yandex_client_id_with_whitespace_is_refused_in_the_yandex_format(yandex_credentials):  # noqa: F811
    client_id, secret = yandex_credentials
    before = counts()
    form = urlencode({"client_id": client_id + "\n", "client_secret": secret, "grant_type": "client_credentials"})

    response = APIClient().generic("POST", TOKEN_URL, form, content_type="application/x-www-form-urlencoded")

    assert yandex_error(response, 400) == [f"client_id: {SURROUNDING_SPACE_MESSAGE}"]
    assert counts() == before


# --- the rule itself, at the service and kernel doors ----------------------------------------------------------


@pytest.mark.parametrize("value", ["demo1\n", "demo1 ", " demo1", "de mo1", "", "№1", "a" * 65])
def test_the_public_id_rule_refuses_what_is_not_an_id(value):
    assert not is_public_id(value)
    with pytest.raises(ValidationFailed):
        validate_public_id(value, "продукта")


@pytest.mark.parametrize(
    "raw",
    [
        b'{"a":1,"a":1}',
        b'{"x":{"a":"1:2","b":2,"a":3}}',
        b'[{"a":1},{"b":{"c":1,"c":2}}]',
        b'{"a":"x","a":"\\u003a"}',  # an escaped colon may not hide the repeated key from the cheap test
        b'{"a":1,"\\u0061":2}',  # the same key, written another way
    ],
)
def test_the_json_loader_refuses_a_repeated_key_anywhere(raw):
    with pytest.raises(ValidationFailed, match="повторяется в одном объекте"):
        loads(raw)


def test_the_json_loader_keeps_colons_in_strings_and_equal_keys_in_different_objects():
    raw = b'{"url":"http://x:8080/a","t":"10:00","items":[{"id":"a"},{"id":"a"}],"k:ey":{"id":"\\u003a"}}'
    assert loads(raw) == {
        "url": "http://x:8080/a",
        "t": "10:00",
        "items": [{"id": "a"}, {"id": "a"}],
        "k:ey": {"id": ":"},
    }


def test_runserver_keeps_no_persistent_connections():
    """The dev server's thread per request would leak one connection each with CONN_MAX_AGE > 0."""
    code = (
        "import sys, os, django; sys.argv = ['manage.py', 'runserver']; "
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); "
        "from django.conf import settings; print(settings.DATABASES['default']['CONN_MAX_AGE'])"
    )
    env = {"DEBUG": "1", "CONN_MAX_AGE": "60", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"
