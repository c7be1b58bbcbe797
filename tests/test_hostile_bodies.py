"""Hostile bodies and parameters answer a 4xx in each API's own format, never a 500 (issue 17)."""

import pytest

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
