import orjson
import pytest
from rest_framework.test import APIClient

from integrations.yandex_eats.models import YandexPlace
from integrations.yandex_eats.services import create_client, issue_token
from tests.factories import WarehouseFactory

EXPIRED = {"reason": "Access token has been expired. You should request a new one"}


def streamed_json(response):
    assert response.streaming, "the feed must be streamed"
    return orjson.loads(b"".join(response.streaming_content))


@pytest.fixture
def yandex_credentials(db):
    client, secret = create_client(name="yandex")
    return client.client_id, secret


@pytest.fixture
def yandex_token(yandex_credentials):
    client_id, secret = yandex_credentials
    return issue_token(client_id=client_id, client_secret=secret, grant_type="client_credentials").access_token


@pytest.fixture
def ya(yandex_token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {yandex_token}")
    return client


@pytest.fixture
def place(db):
    return YandexPlace.objects.create(place_id="place-1", warehouse=WarehouseFactory(), name="Тверская")
