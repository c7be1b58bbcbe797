"""Tokens, passwords and keys never reach a log line (issue 12).

Every request that carries a secret (an API token, a login password, the IMSHOP key in the header and in the
body, a Yandex Eats client secret and the access token it buys, a login token) is made with every logger at
DEBUG, SQL logging forced on, and requests that end in 401s and 500s, so django.request logs them with their
tracebacks. No record's message, arguments or traceback, nor its JSON line, may contain a raw secret.
"""

import logging

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from config.logging import JsonFormatter
from integrations.yandex_eats.services import create_client
from inventory.api.views import WarehousesView

pytestmark = pytest.mark.django_db

IMSHOP_KEY = "imshop-key-Zq8Lw3Xr9"
PASSWORD = "pass-Vt7Kd2Mn5Hq"


def boom(*args, **kwargs):
    raise RuntimeError("a bug deep in a view")


@pytest.fixture
def everything_logged(caplog):
    for name in (None, "django", "django.request", "django.server", "django.db.backends", "celery", "httpx"):
        caplog.set_level(logging.DEBUG, logger=name)
    with CaptureQueriesContext(connection) as queries:
        yield caplog, queries


def test_no_secret_appears_in_any_log_record_or_sql_log(everything_logged, api_token, settings, monkeypatch):
    caplog, queries = everything_logged
    settings.IMSHOP_API_KEY = IMSHOP_KEY
    User.objects.create_user("manager", password=PASSWORD, is_staff=True).groups.add(Group.objects.get(name="Managers"))
    client = APIClient(raise_request_exception=False)
    secrets = {"api token": api_token, "password": PASSWORD, "imshop key": IMSHOP_KEY}

    # A long-lived API token, on a page that answers and on one that fails with a 500.
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {api_token}"}
    assert client.get("/api/lite/warehouses", **bearer).status_code == 200
    monkeypatch.setattr(WarehousesView, "get", boom)
    assert client.get("/api/lite/warehouses", **bearer).status_code == 500
    assert client.get("/api/lite/warehouses", HTTP_AUTHORIZATION=f"Bearer {api_token}x").status_code == 401

    # Login with a password: a good one (its token is a secret too) and a wrong one (401).
    login = client.post("/api/lite/auth", {"login": "manager", "password": PASSWORD}, format="json")
    assert login.status_code == 200
    secrets["login token"] = login.json()["access_token"]
    assert client.get("/api/lite/warehouses", HTTP_AUTHORIZATION=f"Bearer {secrets['login token']}").status_code == 500
    wrong = client.post("/api/lite/auth", {"login": "manager", "password": PASSWORD + "!"}, format="json")
    assert wrong.status_code == 401
    admin_login = client.post("/admin/login/", {"username": "manager", "password": PASSWORD + "?"})
    assert admin_login.status_code == 200  # the form again, with an error

    # The IMSHOP key in the header, in the body, and a wrong one.
    body = {"city": "Москва", "configurationIds": ["1"]}
    url = "/webhooks/imshop/availability"
    assert client.post(url, body, format="json", HTTP_AUTHORIZATION=f"Bearer {IMSHOP_KEY}").status_code == 200
    assert client.post(url, {**body, "key": IMSHOP_KEY}, format="json").status_code == 200
    assert client.post(url, {**body, "key": IMSHOP_KEY + "0"}, format="json").status_code == 401
    monkeypatch.setattr("integrations.imshop.api.webhooks.stock_availability", boom)
    assert client.post(url, {**body, "key": IMSHOP_KEY}, format="json").status_code == 500

    # Yandex Eats: the client secret for an access token, the token on a feed, a wrong secret.
    yandex, secret = create_client(name="Яндекс Еда")
    secrets["yandex client secret"] = secret
    form = {"client_id": yandex.client_id, "client_secret": secret, "grant_type": "client_credentials"}
    issued = client.post("/yandex-eats/security/oauth/token", form)
    assert issued.status_code == 200
    secrets["yandex access token"] = issued.json()["access_token"]
    feed = client.get(
        "/yandex-eats/nomenclature/nowhere/availability", HTTP_AUTHORIZATION=f"Bearer {secrets['yandex access token']}"
    )
    assert feed.status_code == 404
    bad = client.post("/yandex-eats/security/oauth/token", {**form, "client_secret": secret + "0"})
    assert bad.status_code == 401

    records = caplog.records
    # The failures above were logged (so the check below looked at real error lines with tracebacks).
    assert any(r.levelno == logging.ERROR and r.exc_info for r in records)
    assert any(r.name == "django.request" and "Internal Server Error" in r.getMessage() for r in records)
    assert any(r.name == "django.request" and "Unauthorized" in r.getMessage() for r in records)
    assert any(r.name == "django.db.backends" for r in records) and queries.captured_queries
    formatter = JsonFormatter()
    for record in records:
        texts = [record.getMessage(), repr(record.args), record.exc_text or "", formatter.format(record)]
        for what, secret_value in secrets.items():
            assert not any(secret_value in text for text in texts), f"{what} logged by {record.name}: {texts[0]}"
    for query in queries.captured_queries:
        for what, secret_value in secrets.items():
            assert secret_value not in query["sql"], f"{what} in SQL: {query['sql']}"
