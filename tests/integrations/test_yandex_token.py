import base64
from datetime import timedelta
from io import StringIO
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from integrations.yandex_eats import queries
from integrations.yandex_eats.models import YandexAccessToken, YandexClient, YandexPlace, hash_secret
from tests.factories import CollectionFactory, WarehouseFactory
from tests.integrations import yandex_helpers as helpers

EXPIRED = helpers.EXPIRED
# Shared fixtures.
yandex_credentials, yandex_token, ya, place = (
    helpers.yandex_credentials,
    helpers.yandex_token,
    helpers.ya,
    helpers.place,
)

TOKEN_URL = "/yandex-eats/security/oauth/token"


def post_form(data, content_type="application/x-www-form-urlencoded"):
    return APIClient().generic("POST", TOKEN_URL, urlencode(data), content_type=content_type)


def test_command_prints_client_id_and_secret_once_and_stores_only_hashes(db):
    out = StringIO()
    call_command("create_yandex_client", "yandex-prod", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("client_id=") and lines[1].startswith("client_secret=")
    client_id, secret = lines[0].removeprefix("client_id="), lines[1].removeprefix("client_secret=")
    client = YandexClient.objects.get(client_id=client_id)
    assert client.name == "yandex-prod" and client.active
    assert client.secret_hash == hash_secret(secret) and secret not in client.secret_hash


def test_token_is_issued_for_form_encoded_client_credentials(yandex_credentials, settings):
    settings.YANDEX_EATS_TOKEN_TTL = 300
    client_id, secret = yandex_credentials
    response = post_form(
        {"client_id": client_id, "client_secret": secret, "grant_type": "client_credentials", "scope": "read write"}
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_in"}
    assert body["token_type"] == "bearer" and body["expires_in"] == 300
    token = YandexAccessToken.objects.get()
    assert token.token_hash == hash_secret(body["access_token"])
    assert timedelta(seconds=295) < token.expires_at - timezone.now() <= timedelta(seconds=300)


def test_token_lifetime_comes_from_settings(yandex_credentials, settings):
    settings.YANDEX_EATS_TOKEN_TTL = 60
    client_id, secret = yandex_credentials
    response = post_form({"client_id": client_id, "client_secret": secret, "grant_type": "client_credentials"})
    assert response.json()["expires_in"] == 60


def test_token_endpoint_answers_in_a_few_queries(yandex_credentials, django_assert_max_num_queries):
    client_id, secret = yandex_credentials
    with django_assert_max_num_queries(6):
        response = post_form({"client_id": client_id, "client_secret": secret, "grant_type": "client_credentials"})
    assert response.status_code == 200


def test_wrong_secret_gets_401_in_the_array_format_and_no_token(yandex_credentials):
    client_id, _ = yandex_credentials
    response = post_form({"client_id": client_id, "client_secret": "nope", "grant_type": "client_credentials"})
    assert response.status_code == 401
    assert response.json() == [{"code": 401, "description": "Неверный client_id или client_secret"}]
    assert not YandexAccessToken.objects.exists()


def test_inactive_client_gets_no_token(yandex_credentials):
    client_id, secret = yandex_credentials
    YandexClient.objects.update(active=False)
    response = post_form({"client_id": client_id, "client_secret": secret, "grant_type": "client_credentials"})
    assert response.status_code == 401
    assert not YandexAccessToken.objects.exists()


def test_wrong_grant_type_gets_400_in_the_array_format(yandex_credentials):
    client_id, secret = yandex_credentials
    response = post_form({"client_id": client_id, "client_secret": secret, "grant_type": "password"})
    assert response.status_code == 400
    assert response.json() == [
        {"code": 400, "description": "Неподдерживаемый grant_type «password»: ожидается client_credentials"}
    ]
    assert not YandexAccessToken.objects.exists()


def test_missing_fields_get_400_with_one_item_per_field(db):
    response = post_form({"grant_type": "client_credentials"})
    assert response.status_code == 400
    body = response.json()
    assert [item["code"] for item in body] == [400, 400]
    assert body[0]["description"].startswith("client_id: ")
    assert body[1]["description"].startswith("client_secret: ")


def test_malformed_json_body_gets_400_in_the_array_format(db):
    response = APIClient().generic("POST", TOKEN_URL, "{broken", content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert isinstance(body, list) and body[0]["code"] == 400 and body[0]["description"]


def test_unsupported_content_type_gets_415_in_the_array_format(db):
    response = APIClient().generic("POST", TOKEN_URL, "x", content_type="text/plain")
    assert response.status_code == 415
    assert response.json()[0]["code"] == 415


def test_get_on_the_token_endpoint_gets_405_in_the_array_format(db):
    response = APIClient().get(TOKEN_URL)
    assert response.status_code == 405
    body = response.json()
    assert len(body) == 1 and body[0]["code"] == 405 and '"GET"' in body[0]["description"]


def test_post_on_availability_gets_405_in_the_array_format(ya, place):
    response = ya.post(f"/yandex-eats/nomenclature/{place.place_id}/availability")
    assert response.status_code == 405
    body = response.json()
    assert len(body) == 1 and body[0]["code"] == 405 and "POST" in body[0]["description"]


def test_unknown_url_under_yandex_eats_gets_404_in_the_array_format(db):
    response = APIClient().get("/yandex-eats/nomenclature/place-1/unknown")
    assert response.status_code == 404
    assert response.json() == [{"code": 404, "description": "Нет такого метода API Яндекс Еды"}]


def test_unknown_place_gets_404_in_the_array_format(ya):
    response = ya.get("/yandex-eats/nomenclature/nowhere/availability")
    assert response.status_code == 404
    assert response.json() == [{"code": 404, "description": "Заведение с placeId «nowhere» не найдено"}]


@pytest.mark.parametrize("feed", ["availability", "composition", "prices"])
def test_expired_token_gets_401_with_the_spec_reason(ya, place, feed):
    YandexAccessToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = ya.get(f"/yandex-eats/nomenclature/{place.place_id}/{feed}")
    assert response.status_code == 401
    assert response.json() == EXPIRED


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer wrong", "Basic abc"])
def test_missing_or_wrong_token_gets_401_with_the_spec_reason(place, header):
    client = APIClient()
    if header:
        client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get(f"/yandex-eats/nomenclature/{place.place_id}/availability")
    assert response.status_code == 401
    assert response.json() == EXPIRED


def test_private_api_token_is_not_a_yandex_token(api_token, place):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {api_token}")
    response = client.get(f"/yandex-eats/nomenclature/{place.place_id}/availability")
    assert response.status_code == 401


def test_token_of_a_deactivated_client_stops_working(ya, place):
    YandexClient.objects.update(active=False)
    response = ya.get(f"/yandex-eats/nomenclature/{place.place_id}/availability")
    assert response.status_code == 401 and response.json() == EXPIRED


def test_unexpected_error_gets_500_in_the_array_format(ya, place, monkeypatch):
    def broken(place_id):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(queries, "find_place", broken)
    response = ya.get(f"/yandex-eats/nomenclature/{place.place_id}/availability")
    assert response.status_code == 500
    assert response.json() == [{"code": 500, "description": "Внутренняя ошибка сервера"}]


def test_old_expired_tokens_are_removed_when_a_new_one_is_issued(yandex_credentials):
    client_id, secret = yandex_credentials
    post_form({"client_id": client_id, "client_secret": secret, "grant_type": "client_credentials"})
    YandexAccessToken.objects.update(expires_at=timezone.now() - timedelta(days=2))
    post_form({"client_id": client_id, "client_secret": secret, "grant_type": "client_credentials"})
    assert YandexAccessToken.objects.count() == 1
    assert YandexAccessToken.objects.get().expires_at > timezone.now()


# /api/lite/yandex_places (Cactus conventions)


def test_places_can_be_created_updated_and_listed(api):
    first, second = WarehouseFactory(code="msk-1"), WarehouseFactory(code="msk-2")
    response = api.post("/api/lite/yandex_places", {"placeId": "42", "warehouseCode": first.code, "name": "Тверская"})
    assert response.status_code == 200
    assert response.json() == {
        "success": True,
        "created": True,
        "place": {"placeId": "42", "warehouseCode": "msk-1", "name": "Тверская", "assortmentCollectionId": None},
    }
    response = api.post("/api/lite/yandex_places", {"placeId": "42", "warehouseCode": second.code})
    assert response.json()["created"] is False
    assert api.get("/api/lite/yandex_places").json() == {
        "success": True,
        "places": [{"placeId": "42", "warehouseCode": "msk-2", "name": "", "assortmentCollectionId": None}],
    }


def test_place_assortment_is_set_by_collection_id_and_cleared_by_null(api):
    warehouse, dairy = WarehouseFactory(code="msk-1"), CollectionFactory(public_id="dairy")
    body = {"placeId": "42", "warehouseCode": warehouse.code, "assortmentCollectionId": "dairy"}
    assert api.post("/api/lite/yandex_places", body, format="json").json()["place"]["assortmentCollectionId"] == "dairy"
    assert YandexPlace.objects.get().assortment == dairy

    body["assortmentCollectionId"] = None
    assert api.post("/api/lite/yandex_places", body, format="json").json()["place"]["assortmentCollectionId"] is None
    assert YandexPlace.objects.get().assortment is None


def test_place_with_unknown_assortment_collection_is_refused_and_nothing_changes(api):
    warehouse = WarehouseFactory(code="msk-1")
    api.post("/api/lite/yandex_places", {"placeId": "42", "warehouseCode": warehouse.code, "name": "Тверская"})
    body = {"placeId": "42", "warehouseCode": warehouse.code, "name": "Другое", "assortmentCollectionId": "nope"}
    response = api.post("/api/lite/yandex_places", body, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "success": False,
        "errors": [{"code": 0, "message": "Коллекция с id «nope» не найдена"}],
    }
    place = YandexPlace.objects.get()
    assert (place.name, place.assortment) == ("Тверская", None)


def test_place_with_unknown_warehouse_is_refused_and_nothing_changes(api):
    response = api.post("/api/lite/yandex_places", {"placeId": "42", "warehouseCode": "nope"})
    assert response.status_code == 400
    assert response.json() == {"success": False, "errors": [{"code": 0, "message": "Склад с кодом «nope» не найден"}]}
    assert not YandexPlace.objects.exists()


def test_place_with_a_hostile_id_is_refused(api):
    warehouse = WarehouseFactory()
    response = api.post("/api/lite/yandex_places", {"placeId": "<script>", "warehouseCode": warehouse.code})
    assert response.status_code == 400
    assert response.json()["success"] is False
    assert not YandexPlace.objects.exists()


def test_places_need_an_api_token(anon, db):
    assert anon.get("/api/lite/yandex_places").status_code == 401


def test_client_credentials_may_come_as_http_basic(yandex_credentials):
    client_id, secret = yandex_credentials
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    response = APIClient().generic(
        "POST",
        TOKEN_URL,
        urlencode({"grant_type": "client_credentials"}),
        content_type="application/x-www-form-urlencoded",
        HTTP_AUTHORIZATION=f"Basic {basic}",
    )
    assert response.status_code == 200 and response.json()["token_type"] == "bearer"


def test_json_array_body_gets_400_in_the_array_format(db):
    response = APIClient().post(TOKEN_URL, [1, 2], format="json")
    assert response.status_code == 400
    assert response.json()[0]["code"] == 400


def test_admin_creates_a_client_and_shows_the_secret_once(admin_client):
    response = admin_client.post(
        "/admin/yandex_eats/yandexclient/add/", {"name": "yandex-admin", "active": "on"}, follow=True
    )
    assert response.status_code == 200
    client = YandexClient.objects.get(name="yandex-admin")
    message = next(str(m) for m in response.context["messages"])
    secret = message.split("client_secret=")[1].split()[0].rstrip(".")
    assert f"client_id={client.client_id}" in message
    assert client.secret_hash == hash_secret(secret)
    assert secret not in admin_client.get(f"/admin/yandex_eats/yandexclient/{client.pk}/change/").content.decode()


@pytest.mark.parametrize("value", [["dairy"], {"id": "dairy"}, "x" * 65, 12.5, True])
def test_place_assortment_of_a_wrong_type_is_refused_in_the_envelope_and_nothing_is_saved(api, value):
    warehouse = WarehouseFactory(code="msk-1")
    body = {"placeId": "42", "warehouseCode": warehouse.code, "assortmentCollectionId": value}
    response = api.post("/api/lite/yandex_places", body, format="json")
    assert response.status_code == 400
    assert response.json()["success"] is False and response.json()["errors"][0]["message"]
    assert not YandexPlace.objects.exists()
