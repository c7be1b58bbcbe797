"""Hostile bodies and parameters answer a 4xx in each API's own format, never a 500 (issue 17)."""

from decimal import Decimal

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

DEEP = b"[" * 1000 + b"]" * 1000
LONE_SURROGATE = b'{"warehouseCode": "w1", "name": "W", "type": "\\ud800"}'
HUGE_PAGE = "9" * 40


def cactus_error(response, status=400):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["success"] is False and body["errors"][0]["message"]
    return body


# (path, client fixture, format of the error answer)
DOORS = [
    ("/api/lite/auth", "anon", "cactus"),
    ("/api/lite/pub/products/reviews", "anon", "cactus"),
    ("/api/lite/products", "api", "cactus"),
    ("/api/lite/products/batch", "api", "cactus"),
    ("/webhooks/imshop/availability", "anon", "cactus"),
    ("/yandex-eats/security/oauth/token", "anon", "yandex"),
]


@pytest.mark.parametrize("path, client_name, error_format", DOORS)
def test_deeply_nested_json_is_a_400_in_the_apis_format(request, path, client_name, error_format, settings):
    settings.IMSHOP_API_KEY = "imshop-key"
    client = request.getfixturevalue(client_name)
    response = client.generic("POST", path, DEEP, content_type="application/json")
    if error_format == "cactus":
        assert "вложенность" in cactus_error(response)["errors"][0]["message"]
    else:
        assert response.status_code == 400, response.content
        assert response.json()[0]["code"] == 400


def test_a_nesting_of_the_specs_depth_still_parses(api):
    body = {"products": [{"id": "p1", "variants": [{"prices": [{"price": 1}]}]}]}
    response = api.post("/api/lite/products/batch", body, format="json")
    assert response.status_code < 500


@pytest.mark.parametrize("path", ["/api/lite/warehouses", "/api/lite/products"])
def test_a_lone_surrogate_in_a_json_string_is_a_400(api, path):
    from inventory.models import Warehouse

    cactus_error(api.generic("POST", path, LONE_SURROGATE, content_type="application/json"))
    assert not Warehouse.objects.filter(code="w1").exists()


@pytest.mark.parametrize(
    "path, client_name",
    [
        ("/api/lite/pub/products", "anon"),
        ("/api/lite/products", "api"),
        ("/api/lite/products/reviews", "api"),
        ("/api/lite/products/unique_numbers/list", "api"),
        ("/api/lite/products/stocks", "api"),
        ("/api/lite/products/history", "api"),
    ],
)
def test_a_forty_digit_page_number_is_a_400(request, path, client_name):
    client = request.getfixturevalue(client_name)
    response = client.get(path, {"page": HUGE_PAGE, "productId": "1", "id": "1"})
    assert "page" in cactus_error(response)["errors"][0]["message"]


def test_the_last_possible_page_is_an_empty_page_not_an_error(anon):
    from config.kernel.params import MAX_PAGE

    response = anon.get("/api/lite/pub/products", {"page": MAX_PAGE})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "path, body, field",
    [
        ("/api/lite/collections", {"name": "Chairs", "ordering": 2**31}, "ordering"),
        ("/api/lite/products/attributes", {"code": "color", "title": "Color", "ordering": 2**31}, "ordering"),
        (
            "/api/lite/products/attributes",
            {"code": "color", "title": "Color", "values": [{"code": "red", "ordering": -(2**31) - 1}]},
            "ordering",
        ),
    ],
)
def test_an_integer_beyond_its_column_is_a_400_naming_the_field(api, path, body, field):
    message = cactus_error(api.post(path, body, format="json"))["errors"][0]["message"]
    assert field in message


def test_a_promo_codes_max_uses_beyond_its_column_is_a_400(api):
    body = {
        "id": "promo1",
        "name": "Sale",
        "kind": "PERCENT",
        "value": 10,
        "promoCodes": [{"code": "SALE", "maxUses": 2**31}],
    }
    assert "maxUses" in cactus_error(api.post("/api/lite/promotions", body, format="json"))["errors"][0]["message"]


@pytest.mark.parametrize("value", [-1e30, 1e308, {"a": [[[[1]]]]}])
def test_odd_numbers_inside_subscription_info_are_not_a_500(api, value):
    response = api.post(
        "/api/lite/products",
        {"id": "p-sub", "shortName": "Box", "subscriptionInfo": {"period": value}},
        format="json",
    )
    assert response.status_code < 500, response.content


IMSHOP_KEY = "imshop-key"


def body_operations() -> list[tuple[str, str, bool]]:
    """Every operation of the OpenAPI schema that takes a body: (method, path, whether it takes JSON)."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return sorted(
        (method.upper(), path, "application/json" in operation["requestBody"]["content"])
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if "requestBody" in operation
    )


BODY_OPERATIONS = body_operations()


@pytest.fixture
def credentials(db, settings):
    """A client with the right credentials for each API (path prefix -> client)."""
    from config.api.models import ApiToken
    from integrations.yandex_eats.services import create_client, issue_token

    settings.IMSHOP_API_KEY = IMSHOP_KEY
    _, api_token = ApiToken.issue(name="hostile")
    yandex_client, secret = create_client(name="hostile")
    yandex = issue_token(client_id=yandex_client.client_id, client_secret=secret, grant_type="client_credentials")

    def client_for(path: str) -> APIClient:
        client = APIClient()
        if path.startswith("/api/lite/") and not path.startswith("/api/lite/pub/") and path != "/api/lite/auth":
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {api_token}")
        elif path.startswith("/webhooks/imshop/"):
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {IMSHOP_KEY}")
        elif path.startswith("/yandex-eats/") and "/security/" not in path:
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {yandex.access_token}")
        return client

    return client_for


def assert_error_in_its_apis_format(path: str, response, statuses: set[int]) -> None:
    assert response.status_code in statuses, (path, response.status_code, response.content)
    body = response.json()
    if path.startswith("/yandex-eats/"):
        assert body[0]["code"] == response.status_code and body[0]["description"], body
    else:
        assert body["success"] is False and body["errors"][0]["message"], body


HOSTILE_BODIES = {
    "deep nesting": DEEP,
    "lone surrogate": (
        b'{"id": "\\ud800", "type": "\\ud800", "warehouseCode": "\\ud800", "name": "\\ud800",'
        b' "subscriptionInfo": {"period": "\\ud800"}, "products": [{"id": "\\ud800"}]}'
    ),
}


@pytest.mark.parametrize("kind", HOSTILE_BODIES)
@pytest.mark.parametrize("method, path, takes_json", BODY_OPERATIONS, ids=[f"{m} {p}" for m, p, _ in BODY_OPERATIONS])
def test_every_operation_with_a_body_refuses_hostile_json_in_its_apis_format(
    credentials, method, path, takes_json, kind
):
    """With the right credentials: a 400 from the one parser. An operation documented without JSON (uploads, the
    Yandex token form) may refuse the media type (415), or read JSON after all and refuse it as a 400."""
    body = HOSTILE_BODIES[kind]
    response = credentials(path).generic(method, path, body, content_type="application/json")
    expected = {400} if takes_json else {400, 415}
    assert_error_in_its_apis_format(path, response, expected)


@pytest.mark.parametrize("method, path, takes_json", BODY_OPERATIONS, ids=[f"{m} {p}" for m, p, _ in BODY_OPERATIONS])
def test_every_operation_with_a_body_refuses_deep_json_without_credentials_too(db, settings, method, path, takes_json):
    settings.IMSHOP_API_KEY = IMSHOP_KEY
    response = APIClient().generic(method, path, DEEP, content_type="application/json")
    assert_error_in_its_apis_format(path, response, {400, 401, 415})


def variant_with(**fields) -> dict:
    return {"id": "p-dec", "shortName": "Box", "variantsToUpdate": [{"variantId": "v-dec", **fields}]}


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"ordering": 999999999999999.9}, "ordering"),
        ({"ordering": -999999999999999.9}, "ordering"),
        ({"optionsUsed": [{"code": "size", "decimalValue": -99999999999999.98}]}, "decimalValue"),
    ],
)
def test_a_decimal_beyond_what_its_column_holds_is_a_400_naming_the_field(api, fields, field):
    """Found by the coverage phase: on SQLite (a double, read back at 15 significant digits) these came back as
    1E+15 and broke the read after the write (decimal.InvalidOperation, a 500). Refused on every database."""
    from catalog.models import Product

    response = api.post("/api/lite/products", variant_with(**fields), format="json")
    assert field in cactus_error(response)["errors"][0]["message"]
    assert not Product.objects.filter(public_id="p-dec").exists()


def test_the_largest_decimal_a_column_holds_is_stored_and_read_back(api):
    fields = {"ordering": 999999999999999, "optionsUsed": [{"code": "size", "decimalValue": -99999999999999}]}
    response = api.post("/api/lite/products", variant_with(**fields), format="json")
    assert response.status_code == 200, response.content
    listed = api.get("/api/lite/products", {"id": "p-dec"})
    assert listed.status_code == 200, listed.content
    (variant,) = listed.json()["products"][0]["variants"]
    assert Decimal(str(variant["ordering"])) == 999999999999999
    assert Decimal(str(variant["optionsUsed"][0]["decimalValue"])) == -99999999999999


@pytest.mark.parametrize(
    "body, reason",
    [
        # 5,000 levels: orjson's own limit (1,024) refuses it before our depth check, with its English message
        (b"[" * 5000 + b"]" * 5000, "некорректный JSON: вложенность больше 32 уровней"),
        (b'{"a": "\\ud800"}', "некорректный JSON: одиночный суррогат UTF-16"),
        (b'{"a": "\xff"}', "некорректный JSON: текст не в кодировке UTF-8"),
        (b"\xef\xbb\xbf{}", "некорректный JSON: метка порядка байтов (BOM)"),
        (b"{not json", "некорректный JSON: синтаксическая ошибка (строка 1, символ 2)"),
        (b'{"a": 1e999}', "некорректный JSON: число вне допустимого диапазона"),
        (b'{"a": 1,}', "некорректный JSON: лишняя запятая"),
        (b'{"a": 1} x', "некорректный JSON: лишние символы после документа"),
    ],
)
@pytest.mark.parametrize("path, client_name, error_format", DOORS)
def test_a_body_the_parser_refuses_is_explained_in_russian(
    request, path, client_name, error_format, body, reason, settings
):
    """Found probing a deployed server: orjson's English reached the client («некорректный JSON: depth limit
    exceeded: line 1 column 1026 (char 1025)», «... no low surrogate in string ...»)."""
    settings.IMSHOP_API_KEY = "imshop-key"
    client = request.getfixturevalue(client_name)
    response = client.generic("POST", path, body, content_type="application/json")

    assert response.status_code == 400, response.content
    if error_format == "cactus":
        [message] = [e["message"] for e in response.json()["errors"]]
    else:
        [message] = [e["description"] for e in response.json()]
    assert message.startswith(reason), message
    assert not any(word in message for word in ("line", "column", "char", "expected", "surrogate", "depth")), message
