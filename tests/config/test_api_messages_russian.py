"""The APIs answer in Russian whatever Accept-Language says (config.api.middleware.LocaleMiddleware): before,
an `Accept-Language: en` client got DRF's built-in messages in English ("This field is required.", "A valid
integer is required.") next to the project's Russian ones. The admin keeps its language switch."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation
from rest_framework.test import APIClient

from config.api import drf_messages

pytestmark = pytest.mark.django_db
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}
IMSHOP_KEY = "imshop-test-key"


def messages(response) -> list[str]:
    return [e["message"] for e in response.json()["errors"]]


def test_lite_validation_messages_are_russian_for_an_english_client(api):
    required = api.patch("/api/lite/products/variants", {"variantsToUpdate": [{}]}, format="json", **ENGLISH)
    types = api.post(
        "/api/lite/products",
        {"shortName": "x", "warranty": "x", "available": "maybe", "collections": "c"},
        format="json",
        **ENGLISH,
    )

    assert required.status_code == types.status_code == 400
    assert messages(required) == ["productId: Обязательное поле.", "variantId: Обязательное поле."]
    assert messages(types) == [
        "available: Ожидается логическое значение (true или false).",
        "warranty: Ожидается целое число.",
        "collections: Ожидается список, получен тип «str».",
    ]
    assert required["Content-Language"] == "ru"


def test_lite_auth_method_and_not_found_messages_are_russian(api):
    anonymous = APIClient().get("/api/lite/products", **ENGLISH)
    method = api.delete("/api/lite/products/stocks", **ENGLISH)
    missing = api.get("/api/lite/products/variants/nope/history", **ENGLISH)

    assert messages(anonymous) == ["Учетные данные не были предоставлены."]
    assert messages(method) == ['Метод "DELETE" не разрешен.']
    assert missing.status_code == 404
    assert all(not m.isascii() for m in messages(missing)), messages(missing)


def test_inventory_api_messages_are_russian(api):
    response = api.post("/api/lite/reservations", {"orderId": "O", "items": "x"}, format="json", **ENGLISH)

    assert messages(response) == ["items: Ожидается список, получен тип «str»."]


def test_imshop_webhook_messages_are_russian(settings):
    settings.IMSHOP_API_KEY = IMSHOP_KEY
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {IMSHOP_KEY}")

    response = client.post("/webhooks/imshop/pickup-point", {"items": "x"}, format="json", **ENGLISH)

    assert response.status_code == 400, response.content
    assert "This field" not in response.content.decode() and "Expected" not in response.content.decode()
    assert "Обязательное поле." in response.content.decode() or "Ожидается" in response.content.decode()


def test_yandex_eats_messages_are_russian():
    response = APIClient().post("/yandex-eats/security/oauth/token", {}, **ENGLISH)

    assert response.status_code == 400
    assert [e["description"] for e in response.json()] == [
        "client_id: Обязательное поле.",
        "client_secret: Обязательное поле.",
        "grant_type: Обязательное поле.",
    ]


def test_the_admin_still_follows_the_chosen_language(client):
    client.force_login(get_user_model().objects.create_superuser("manager", "m@shop.ru", "pass"))

    english = client.get("/admin/", **ENGLISH)
    russian = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="ru")

    assert english["Content-Language"] == "en" and "Log out" in english.content.decode()
    assert russian["Content-Language"] == "ru" and "Выйти" in russian.content.decode()


def test_the_drf_messages_the_project_translates_have_a_russian_entry():
    with translation.override("ru"):
        untranslated = [m for m in drf_messages.DRF_MESSAGES if translation.gettext(m) == m]

    assert untranslated == []


def test_a_throttled_answer_says_when_to_retry_in_russian(settings):
    """Found probing a deployed server: the 429 said «Слишком много запросов. Expected available in 56 seconds.»
    (DRF formats "Expected available in {wait} seconds." before its ngettext, and its catalogue has no entry)."""
    settings.ADMIN_LOGIN_MAX_FAILURES = 100
    client = APIClient()
    for i in range(10):
        client.post("/api/lite/auth", {"login": f"user{i}", "password": "x"}, format="json", **ENGLISH)

    response = client.post("/api/lite/auth", {"login": "user", "password": "x"}, format="json", **ENGLISH)

    assert response.status_code == 429
    [message] = messages(response)
    assert message.startswith("Слишком много запросов. Повторите через ") and message.endswith(" с."), message
    assert "Expected" not in message


@pytest.mark.parametrize("wait", [1, 2, 5, 21, 60])
def test_the_retry_wait_is_russian_for_every_plural_form(wait):
    from rest_framework.exceptions import Throttled

    with translation.override("ru"):
        assert str(Throttled(wait=wait).detail) == f"Слишком много запросов. Повторите через {wait} с."


def test_an_admin_session_without_the_csrf_token_is_refused_in_russian():
    """Found probing: a staff session calling the private API without X-CSRFToken got DRF's English
    «CSRF Failed: CSRF token missing.»; the rest of the API says «Запрос отклонён: нет CSRF-токена»."""
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user("mgr", password="pass", is_staff=True)
    user.groups.add(Group.objects.get(name="Managers"))
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.patch("/api/lite/products", {"id": "x", "shortName": "y"}, format="json", **ENGLISH)

    assert response.status_code == 403
    assert messages(response) == ["Запрос отклонён: нет CSRF-токена"]
