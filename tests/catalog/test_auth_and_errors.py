import pytest
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.management import call_command
from rest_framework.test import APIClient

from config.api.authentication import LOGIN_TOKEN_SALT
from config.api.models import ApiToken, hash_token

pytestmark = pytest.mark.django_db

ENVELOPE_KEYS = {"success", "errors"}


def assert_error_envelope(response, status):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == ENVELOPE_KEYS
    assert body["success"] is False
    assert body["errors"] and all(set(e) == {"code", "message"} and e["code"] == 0 for e in body["errors"])
    assert all(e["message"] for e in body["errors"])
    return body


@pytest.fixture
def manager():
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user("manager@shop.ru", password="s3cret-pass", is_staff=True)
    user.groups.add(Group.objects.get(name="Managers"))
    return user


def test_login_answers_a_bearer_token_that_opens_the_private_api(anon, manager):
    response = anon.post("/api/lite/auth", {"login": "manager@shop.ru", "password": "s3cret-pass"}, format="json")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"access_token", "token_type", "login", "expires_in"}
    assert body["token_type"] == "bearer"
    assert body["login"] == "manager@shop.ru"
    assert body["expires_in"] == 14400
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {body['access_token']}")
    assert client.get("/api/lite/products").status_code == 200


def test_login_with_a_wrong_password_is_401_in_the_envelope(anon, manager):
    response = anon.post("/api/lite/auth", {"login": "manager@shop.ru", "password": "nope"}, format="json")

    body = assert_error_envelope(response, 401)
    assert "access_token" not in body


def test_login_without_fields_is_400(anon):
    assert_error_envelope(anon.post("/api/lite/auth", {}, format="json"), 400)


def test_repeated_failed_logins_are_throttled(anon, manager, settings):
    settings.ADMIN_LOGIN_MAX_FAILURES = 100  # the per-username lockout is tested below; this is the per-IP rate
    statuses = [
        anon.post("/api/lite/auth", {"login": f"user{i}", "password": f"guess{i}"}, format="json").status_code
        for i in range(12)
    ]

    assert statuses[:10] == [401] * 10
    assert statuses[10:] == [429, 429]
    response = anon.post("/api/lite/auth", {"login": "manager@shop.ru", "password": "s3cret-pass"}, format="json")
    assert_error_envelope(response, 429)
    assert "Retry-After" in response


def test_expired_login_token_is_401(manager, settings, monkeypatch):
    token = signing.TimestampSigner(salt=LOGIN_TOKEN_SALT).sign(str(manager.pk))
    settings.API_LOGIN_TOKEN_TTL = -1
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

    body = assert_error_envelope(client.get("/api/lite/products"), 401)
    assert "истёк" in body["errors"][0]["message"]


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer wrong", "Bearer ct_forged", "Basic abc"])
def test_missing_or_bad_token_is_401_in_the_envelope(header):
    client = APIClient()
    if header:
        client.credentials(HTTP_AUTHORIZATION=header)

    assert_error_envelope(client.get("/api/lite/products"), 401)


def test_revoked_api_token_is_refused():
    token, raw = ApiToken.issue(name="old")
    token.revoke()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")

    assert_error_envelope(client.get("/api/lite/products"), 401)


def test_api_tokens_are_stored_hashed_and_record_last_use():
    token, raw = ApiToken.issue(name="erp")
    stored = ApiToken.objects.get(pk=token.pk)
    assert raw not in (stored.key_hash, stored.key_prefix)
    assert stored.key_hash == hash_token(raw)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")

    client.get("/api/lite/products")

    stored.refresh_from_db()
    assert stored.last_used_at is not None


def test_create_api_token_prints_a_working_token_on_its_last_line(capsys):
    call_command("create_api_token", "erp-sync")

    raw = capsys.readouterr().out.strip().splitlines()[-1]
    assert ApiToken.objects.filter(name="erp-sync", key_hash=hash_token(raw)).exists()


def test_staff_session_may_use_the_api_with_its_permissions_but_a_plain_user_session_may_not(manager):
    client = APIClient()
    client.force_login(manager)
    assert client.get("/api/lite/products").status_code == 200
    staff_without_group = get_user_model().objects.create_user("staff", password="x", is_staff=True)
    client.force_login(staff_without_group)
    assert_error_envelope(client.get("/api/lite/products"), 403)
    plain = get_user_model().objects.create_user("plain", password="x")
    client.force_login(plain)
    assert_error_envelope(client.get("/api/lite/products"), 401)


def test_unknown_api_path_is_404_in_the_envelope(api):
    assert_error_envelope(api.get("/api/lite/no-such-thing"), 404)


def test_wrong_method_is_405_in_the_envelope(api):
    assert_error_envelope(api.put("/api/lite/products", {}, format="json"), 405)


def test_malformed_json_is_400_in_the_envelope(api):
    response = api.post("/api/lite/products", data="{not json", content_type="application/json")

    assert_error_envelope(response, 400)


def test_unexpected_exception_is_500_without_internals(api, monkeypatch):
    from catalog import queries

    def explode(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(queries, "private_product_page", explode)

    body = assert_error_envelope(api.get("/api/lite/products"), 500)
    assert "secret" not in str(body)


def test_openapi_schema_and_swagger_ui_are_served(anon):
    schema = anon.get("/api/schema/")
    assert schema.status_code == 200
    text = schema.content.decode()
    for path in [
        "/api/lite/products",
        "/api/lite/products/batch",
        "/api/lite/products/variants",
        "/api/lite/auth",
        "/api/lite/products/history",
        "/api/lite/collections",
        "/api/lite/product/options/reorder",
    ]:
        assert f"{path}:" in text, path
    assert anon.get("/api/docs/").status_code == 200


def login_client(login="manager@shop.ru", password="s3cret-pass"):
    client = APIClient()
    answer = client.post("/api/lite/auth", {"login": login, "password": password}, format="json")
    assert answer.status_code == 200, answer.content
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {answer.json()['access_token']}")
    return client


@pytest.mark.parametrize("is_staff", [False, True])
def test_only_staff_may_log_in_through_the_api(anon, is_staff):
    get_user_model().objects.create_user("someone", password="pw-12345", is_staff=is_staff)
    answer = anon.post("/api/lite/auth", {"login": "someone", "password": "pw-12345"}, format="json")
    if is_staff:
        assert answer.status_code == 200
    else:
        assert "access_token" not in assert_error_envelope(answer, 401)


def test_a_login_token_ends_when_the_password_changes(manager):
    client = login_client()
    manager.set_password("another-pass")
    manager.save()
    assert_error_envelope(client.get("/api/lite/products"), 401)


@pytest.mark.parametrize("change", [{"is_active": False}, {"is_staff": False}])
def test_a_login_token_ends_when_the_user_is_deactivated_or_loses_staff(manager, change):
    client = login_client()
    assert client.get("/api/lite/products").status_code == 200
    get_user_model().objects.filter(pk=manager.pk).update(**change)
    assert_error_envelope(client.get("/api/lite/products"), 401)


def test_an_api_token_of_a_deactivated_user_is_refused(manager):
    _, raw = ApiToken.issue(name="erp", user=manager)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get("/api/lite/products").status_code == 200
    get_user_model().objects.filter(pk=manager.pk).update(is_active=False)
    assert_error_envelope(client.get("/api/lite/products"), 401)


def token_client(capsys) -> APIClient:
    raw = capsys.readouterr().out.strip().splitlines()[-1]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def test_create_api_token_without_options_keeps_full_rights(capsys):
    call_command("create_api_token", "erp-sync")
    client = token_client(capsys)
    assert client.get("/api/lite/products/reviews").status_code == 200
    assert client.get("/api/lite/products/warehouse/categories").status_code == 200
    assert ApiToken.objects.get(name="erp-sync").role == "full"


def test_create_api_token_with_a_role_may_only_what_the_group_may(capsys):
    call_command("create_api_token", "reviews-bot", "--role", "Moderators")
    client = token_client(capsys)
    assert client.get("/api/lite/products/reviews").status_code == 200
    assert_error_envelope(client.get("/api/lite/products"), 403)


def test_create_api_token_for_a_user_acts_with_the_users_permissions(capsys):
    get_user_model().objects.create_user("plain", password="x")
    call_command("create_api_token", "script", "--user", "plain")
    client = token_client(capsys)
    assert_error_envelope(client.get("/api/lite/products"), 403)
    assert ApiToken.objects.get(name="script").role == ""


def test_wrong_passwords_lock_the_api_login_of_that_user_from_that_address(anon, manager, settings):
    settings.ADMIN_LOGIN_MAX_FAILURES = 3
    for attempt in range(2):
        wrong = anon.post("/api/lite/auth", {"login": "manager@shop.ru", "password": f"guess{attempt}"}, format="json")
        assert_error_envelope(wrong, 401)
    third = anon.post("/api/lite/auth", {"login": "manager@shop.ru", "password": "guess3"}, format="json")
    assert "Слишком много неудачных попыток" in assert_error_envelope(third, 429)["errors"][0]["message"]
    right = anon.post("/api/lite/auth", {"login": "manager@shop.ru", "password": "s3cret-pass"}, format="json")
    assert_error_envelope(right, 429)
    elsewhere = APIClient(REMOTE_ADDR="10.9.9.9")
    login = elsewhere.post("/api/lite/auth", {"login": "manager@shop.ru", "password": "s3cret-pass"}, format="json")
    assert login.status_code == 200


@pytest.mark.parametrize("trusted_proxies, expected", [(0, "10.0.0.1"), (1, "203.0.113.7"), (2, "198.51.100.2")])
def test_the_client_address_believes_x_forwarded_for_only_from_trusted_proxies(settings, rf, trusted_proxies, expected):
    from config.kernel.client_ip import client_ip

    settings.TRUSTED_PROXY_COUNT = trusted_proxies
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.2, 203.0.113.7")
    assert client_ip(request) == expected


def test_a_new_x_forwarded_for_per_request_does_not_escape_the_login_throttle(anon):
    statuses = [
        anon.post(
            "/api/lite/auth", {"login": f"user{i}", "password": "x"}, format="json", HTTP_X_FORWARDED_FOR=f"10.1.1.{i}"
        ).status_code
        for i in range(12)
    ]
    assert statuses[10:] == [429, 429]


def test_the_login_throttle_is_counted_in_a_cache_shared_by_all_processes(settings):
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    assert not isinstance(caches["default"], LocMemCache)
