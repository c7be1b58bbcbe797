"""Regressions for the 500s the schemathesis pass found (tests/test_schemathesis.py)."""

import pytest

from catalog.models import Product
from tests.factories import ProductFactory


def assert_cactus_error(response, status=400):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["success"] is False and body["errors"][0]["code"] == 0 and body["errors"][0]["message"]


def test_nul_in_a_private_query_parameter_is_400_in_the_envelope(api):
    ProductFactory()
    assert_cactus_error(api.get("/api/lite/products", {"query": "a\x00b"}))


def test_nul_in_a_public_query_parameter_is_400_in_the_envelope(anon):
    assert_cactus_error(anon.get("/api/lite/pub/products", {"query": "\x00"}))


def test_nul_in_a_json_string_is_400_and_creates_nothing(api):
    response = api.post("/api/lite/products", {"shortName": "Чай\x00", "variantsToUpdate": []}, format="json")
    assert_cactus_error(response)
    assert not Product.objects.exists()


def test_an_escaped_backslash_before_u0000_is_not_a_nul(api):
    # The text `\u0000` (a backslash, then "u0000") is ordinary text, not a NUL character.
    response = api.generic("GET", "/api/lite/products", data=b'{"x": "\\\\u0000"}', content_type="application/json")
    assert response.status_code == 200


def test_nul_in_a_yandex_path_is_400_in_the_yandex_format(client):
    response = client.get("/yandex-eats/nomenclature/pl%00ce/availability")
    assert response.status_code == 400
    assert response.json() == [{"code": 400, "description": "Запрос содержит недопустимый символ NUL (\\u0000)"}]


def test_too_many_form_fields_is_400_in_the_envelope(api, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    body = "&".join(f"f{i}=1" for i in range(20))
    # An endpoint that reads forms (the image upload): the JSON ones answer any form with a 415.
    response = api.generic(
        "POST", "/api/lite/products/image", data=body, content_type="application/x-www-form-urlencoded"
    )
    assert_cactus_error(response)


@pytest.mark.parametrize(
    "field",
    ["attributes", "accountingAttributes", "eshopSettings", "additionalDescriptions", "variantsToUpdate"],
)
def test_a_null_item_in_a_product_list_field_is_400_naming_it(api, field):
    response = api.post("/api/lite/products", {"shortName": "Чай", field: [None]}, format="json")
    assert_cactus_error(response)
    assert response.json()["errors"][0]["message"].startswith(f"{field}[0]")
    assert not Product.objects.exists()


@pytest.mark.parametrize("field", ["prices", "barcodes", "optionsUsed", "stock", "eshopSettings"])
def test_a_null_item_in_a_variant_list_field_is_400(api, field):
    response = api.post(
        "/api/lite/products", {"shortName": "Чай", "variantsToUpdate": [{field: [None]}]}, format="json"
    )
    assert_cactus_error(response)
    assert not Product.objects.exists()


def test_a_null_dictionary_value_is_400(api):
    response = api.post(
        "/api/lite/products/attributes", {"name": "Цвет", "type": "STRING", "values": [None]}, format="json"
    )
    assert_cactus_error(response)
