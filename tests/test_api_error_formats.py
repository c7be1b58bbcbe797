"""Nothing under /api/, /webhooks/ or /yandex-eats/ answers HTML, in either DEBUG mode: 404 of unknown paths,
CSRF failures and 500s come in the API's own format (config/api/error_formats.py)."""

import json

import pytest
from django.test import Client, RequestFactory

from config.api import error_formats

ENVELOPE_404 = {"success": False, "errors": [{"code": 0, "message": "Не найдено"}]}
YANDEX_404 = [{"code": 404, "description": "Нет такого метода API Яндекс Еды"}]


@pytest.fixture(params=[False, True], ids=["debug-off", "debug-on"])
def client(request, settings, db):
    settings.DEBUG = request.param
    return Client(raise_request_exception=False, enforce_csrf_checks=True)


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/lite/no-such-thing", ENVELOPE_404),
        ("/api/lite/", ENVELOPE_404),
        ("/api/lite/products/x/y/z", ENVELOPE_404),
        ("/api/lite/pub/no-such-thing", ENVELOPE_404),
        ("/api/no-such-thing", ENVELOPE_404),
        ("/api", ENVELOPE_404),
        ("/webhooks", ENVELOPE_404),
        ("/webhooks/imshop/no-such-hook", ENVELOPE_404),
        ("/webhooks/no-such-partner", ENVELOPE_404),
        ("/yandex-eats/no/such/method", YANDEX_404),
        ("/yandex-eats/no/such/method/", YANDEX_404),
    ],
)
def test_unknown_paths_answer_404_in_the_api_format(client, method, path, body):
    if method == "get":
        response = client.get(path)
    else:
        response = client.post(path, "{}", content_type="application/json")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == body


def test_yandex_token_with_a_trailing_slash_is_served_not_refused_for_csrf(client):
    from integrations.yandex_eats.services import create_client

    yandex, secret = create_client(name="yandex")
    form = {"client_id": yandex.client_id, "client_secret": secret, "grant_type": "client_credentials"}

    response = client.post("/yandex-eats/security/oauth/token/", form)

    assert response.status_code == 200
    assert response.json()["access_token"]


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/lite/products", {"success": False, "errors": [{"code": 0, "message": "Внутренняя ошибка сервера"}]}),
        ("/webhooks/imshop/cart", {"success": False, "errors": [{"code": 0, "message": "Внутренняя ошибка сервера"}]}),
        ("/yandex-eats/nomenclature/composition", [{"code": 500, "description": "Внутренняя ошибка сервера"}]),
    ],
)
def test_a_crash_outside_the_views_answers_500_in_the_api_format(client, monkeypatch, path, body):
    def crash(request):
        raise RuntimeError("boom")

    monkeypatch.setattr("config.api.middleware.has_nul", crash)

    response = client.get(path)

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == body


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/lite/x", {"success": False, "errors": [{"code": 0, "message": "Запрос отклонён: нет CSRF-токена"}]}),
        (
            "/webhooks/imshop/x",
            {"success": False, "errors": [{"code": 0, "message": "Запрос отклонён: нет CSRF-токена"}]},
        ),
        ("/yandex-eats/x", [{"code": 403, "description": "Запрос отклонён: нет CSRF-токена"}]),
    ],
)
def test_csrf_failures_answer_403_in_the_api_format(path, body):
    response = error_formats.csrf_failure(RequestFactory().post(path), reason="CSRF cookie not set.")

    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == body


def test_the_admin_keeps_django_pages(client):
    response = client.get("/admin/no-such-page/")
    assert "json" not in response["Content-Type"]
