from decimal import Decimal

import pytest

from catalog.api.dictionaries import WB_CATEGORIES
from catalog.models import (
    AccountingAttribute,
    AdditionalDescriptionTitle,
    Attribute,
    Feature,
    FeatureAppearance,
    FeatureValue,
    VariantOption,
)
from tests.factories.catalog import ProductFactory, VariantFactory
from tests.openapi_answers import assert_conforms

pytestmark = pytest.mark.django_db

ROASTING = {
    "code": "roasting",
    "title": "Степень обжарки",
    "type": "string",
    "ordering": 12,
    "values": [{"stringValue": "XXL", "ordering": 4}, {"stringValue": "XL", "ordering": 3}],
}
STRENGTH = {
    "id": "12345",
    "code": "coffee_strength",
    "title": "Крепость кофе",
    "type": "decimal",
    "ordering": 1211,
    "values": [{"decimalValue": 1.3, "ordering": 100}, {"decimalValue": 2.5, "ordering": 200}],
}


# --- attributes ------------------------------------------------------------------------------


def test_attributes_list_has_the_spec_shape(api):
    api.post("/api/lite/products/attributes", {**ROASTING, "id": "12345679"}, format="json")
    api.post("/api/lite/products/attributes", STRENGTH, format="json")

    response = api.get("/api/lite/products/attributes")

    assert response.status_code == 200
    assert_conforms(response, "/api/lite/products/attributes")
    assert response.json() == {
        "success": True,
        "attributes": [
            {
                "id": "12345679",
                "code": "roasting",
                "title": "Степень обжарки",
                "type": "string",
                "ordering": 12,
                "values": [{"stringValue": "XXL", "ordering": 4}, {"stringValue": "XL", "ordering": 3}],
            },
            {
                "id": "12345",
                "code": "coffee_strength",
                "title": "Крепость кофе",
                "type": "decimal",
                "ordering": 1211,
                "values": [{"decimalValue": 1.3, "ordering": 100}, {"decimalValue": 2.5, "ordering": 200}],
            },
        ],
    }


def test_attribute_post_without_id_gets_a_generated_decimal_id(api):
    response = api.post("/api/lite/products/attributes", ROASTING, format="json")

    assert response.status_code == 200
    body = response.json()
    assert body["success"] is True
    assert body["id"].isdigit()
    assert body["attribute"]["code"] == "roasting"
    assert Attribute.objects.get(code="roasting").public_id == body["id"]


def test_attribute_post_updates_by_code_and_replaces_values(api):
    first = api.post("/api/lite/products/attributes", ROASTING, format="json").json()

    response = api.post(
        "/api/lite/products/attributes",
        {"code": "roasting", "title": "Обжарка", "type": "string", "values": [{"stringValue": "Сильная"}]},
        format="json",
    )

    assert response.json()["id"] == first["id"]
    assert Attribute.objects.count() == 1
    attribute = Attribute.objects.get()
    assert attribute.title == "Обжарка"
    assert [v.string_value for v in attribute.values.all()] == ["Сильная"]


def test_attribute_post_without_code_is_an_error_and_creates_nothing(api):
    response = api.post("/api/lite/products/attributes", {"title": "Без кода"}, format="json")

    assert response.status_code == 400
    assert response.json()["success"] is False
    assert "code" in response.json()["errors"][0]["message"]
    assert not Attribute.objects.exists()


def test_decimal_attribute_refuses_a_text_value(api):
    response = api.post(
        "/api/lite/products/attributes",
        {**STRENGTH, "values": [{"stringValue": "крепкий", "ordering": 1}]},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "success": False,
        "errors": [
            {
                "code": 0,
                "message": "Атрибут «coffee_strength» числовой (decimal), а значение «крепкий» не число: "
                "укажите decimalValue",
            }
        ],
    }
    assert not Attribute.objects.exists()


def test_attribute_type_cannot_change_while_products_use_it(api):
    api.post("/api/lite/products/attributes", ROASTING, format="json")
    api.post(
        "/api/lite/products",
        {"id": "1003", "shortName": "Кофе", "attributes": [{"code": "roasting", "stringValue": "XL"}]},
        format="json",
    )

    response = api.post("/api/lite/products/attributes", {"code": "roasting", "type": "decimal"}, format="json")

    assert response.status_code == 400
    assert "тип нельзя сменить" in response.json()["errors"][0]["message"]
    assert Attribute.objects.get().type == "string"


def test_product_attribute_value_of_the_wrong_type_is_a_clear_error(api):
    api.post("/api/lite/products/attributes", STRENGTH, format="json")

    response = api.post(
        "/api/lite/products",
        {"id": "1003", "shortName": "Кофе", "attributes": [{"code": "coffee_strength", "stringValue": "крепкий"}]},
        format="json",
    )

    assert response.status_code == 400
    assert (
        response.json()["errors"][0]["message"] == "Атрибут «coffee_strength» числовой, а передано значение «крепкий»"
    )


def test_attribute_id_of_another_code_is_refused(api):
    api.post("/api/lite/products/attributes", STRENGTH, format="json")

    response = api.post("/api/lite/products/attributes", {**ROASTING, "id": "12345"}, format="json")

    assert response.status_code == 400
    assert Attribute.objects.count() == 1


# --- features --------------------------------------------------------------------------------

SIZE = {
    "id": "a2ebf183-f30d-417b-af89-e3ff86d2cca7",
    "code": "size",
    "title": "Размер",
    "type": "string",
    "values": [{"stringValue": "XXL", "ordering": 4}, {"stringValue": "XL", "ordering": 3}],
}
COEF = {
    "id": "a2ebf183-f30d-417b-af89-e3ff86d2cca8",
    "code": "coef",
    "title": "Тестовый коэффициент",
    "type": "decimal",
    "values": [{"decimalValue": 1.3, "ordering": 100}, {"decimalValue": 2.5, "ordering": 200}],
}


def test_features_list_has_the_spec_shape(api):
    assert api.post("/api/lite/products/features", SIZE, format="json").status_code == 200
    assert api.post("/api/lite/products/features", COEF, format="json").status_code == 200

    response = api.get("/api/lite/products/features")

    assert response.json() == {"success": True, "features": [SIZE, COEF]}
    assert_conforms(response, "/api/lite/products/features")


def test_feature_without_values_and_id_gets_a_uuid(api):
    response = api.post("/api/lite/products/features", {"code": "color", "title": "Цвет"}, format="json")

    body = response.json()
    assert body["success"] is True
    assert len(body["id"]) == 36
    assert body["feature"] == {"id": body["id"], "code": "color", "title": "Цвет", "type": "string", "values": []}


def test_feature_without_code_is_an_error(api):
    response = api.post("/api/lite/products/features", {"title": "Цвет"}, format="json")

    assert response.status_code == 400
    assert not Feature.objects.exists()


def test_variant_value_outside_the_dictionary_does_not_enter_it(api):
    api.post("/api/lite/products/features", SIZE, format="json")

    response = api.post(
        "/api/lite/products",
        {
            "id": "2001",
            "shortName": "Футболка",
            "variantsToUpdate": [{"variantId": "2001-1", "optionsUsed": [{"code": "size", "stringValue": "S"}]}],
        },
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert VariantOption.objects.filter(variant__public_id="2001-1", code="size", string_value="S").exists()
    assert sorted(FeatureValue.objects.values_list("string_value", flat=True)) == ["XL", "XXL"]


# --- appearance ------------------------------------------------------------------------------

BLACK = {
    "productId": "1003",
    "feature": "color",
    "value": "Черные",
    "code": "#335522",
    "imageUrl": "https://i.mycdn.me/image?id=803347578459&plc=WEB&tkn=*JEEWXMlfdErrCiuXFgcM6G0WGxs&fn=sqr_288",
}


def test_appearance_round_trip_private_and_public(api, anon):
    ProductFactory(public_id="1003")
    api.post(
        "/api/lite/products/features/appearance",
        {"productId": "1003", "feature": "color", "value": "Синие", "code": "#252525", "imageUrl": ""},
        format="json",
    )
    saved = api.post("/api/lite/products/features/appearance", BLACK, format="json")
    assert saved.status_code == 200

    expected = {
        "success": True,
        "appearanceFields": [
            {"feature": "color", "value": "Синие", "code": "#252525", "imageUrl": ""},
            {"feature": "color", "value": "Черные", "code": "#335522", "imageUrl": BLACK["imageUrl"]},
        ],
    }
    assert api.get("/api/lite/products/features/appearance?id=1003").json() == expected
    assert anon.get("/api/lite/pub/products/features/appearance?id=1003").json() == expected


def test_appearance_post_updates_the_same_value(api):
    ProductFactory(public_id="1003")
    api.post("/api/lite/products/features/appearance", BLACK, format="json")

    api.post("/api/lite/products/features/appearance", {**BLACK, "code": "#000000"}, format="json")

    assert FeatureAppearance.objects.get().color_code == "#000000"


def test_appearance_needs_the_product_id(api, anon):
    response = anon.get("/api/lite/pub/products/features/appearance")

    assert response.status_code == 400
    assert response.json()["success"] is False
    assert api.get("/api/lite/products/features/appearance?id=404").status_code == 404


@pytest.mark.parametrize(
    "change",
    [{"productId": "nope"}, {"code": "red;}</style>"}, {"imageUrl": "javascript:alert(1)"}, {"feature": ""}],
)
def test_appearance_bad_input_changes_nothing(api, change):
    ProductFactory(public_id="1003")

    response = api.post("/api/lite/products/features/appearance", {**BLACK, **change}, format="json")

    assert response.status_code in (400, 404)
    assert response.json()["success"] is False
    assert not FeatureAppearance.objects.exists()


def test_private_appearance_needs_a_token(anon):
    assert anon.get("/api/lite/products/features/appearance?id=1003").status_code == 401


# --- accounting attributes -------------------------------------------------------------------


def test_accounting_attributes_round_trip(api):
    response = api.post(
        "/api/lite/products/accounting_attributes",
        {
            "id": "a629bb7c-331e-ef94-ebac-5955731bf142",
            "code": "chestnyznak",
            "title": "Честный знак",
            "values": [{"stringValue": "1111"}, {"stringValue": "2222"}],
        },
        format="json",
    )
    assert response.status_code == 200

    assert api.get("/api/lite/products/accounting_attributes").json() == {
        "success": True,
        "attributes": [
            {
                "id": "a629bb7c-331e-ef94-ebac-5955731bf142",
                "code": "chestnyznak",
                "title": "Честный знак",
                "values": [{"stringValue": "1111"}, {"stringValue": "2222"}],
            }
        ],
    }


def test_accounting_attribute_needs_a_code(api):
    response = api.post("/api/lite/products/accounting_attributes", {"title": "Честный знак"}, format="json")

    assert response.status_code == 400
    assert not AccountingAttribute.objects.exists()


# --- titles and wb categories ----------------------------------------------------------------


def test_description_titles_have_decimal_string_positions(api):
    AdditionalDescriptionTitle.objects.create(title="Ингридиенты", pos=Decimal("1915655"))
    AdditionalDescriptionTitle.objects.create(title="Применение", pos=Decimal("1915616"))

    response = api.get("/api/lite/products/additional_descriptions/titles")

    assert response.json() == {
        "success": True,
        "titles": [
            {"title": "Применение", "pos": "1915616.000000000000000"},
            {"title": "Ингридиенты", "pos": "1915655.000000000000000"},
        ],
    }


def test_description_titles_collect_every_title_used_by_products(api):
    api.post(
        "/api/lite/products",
        {"id": "1", "shortName": "Крем", "additionalDescriptions": [{"title": "Применение", "description": "..."}]},
        format="json",
    )

    titles = api.get("/api/lite/products/additional_descriptions/titles").json()["titles"]

    assert [t["title"] for t in titles] == ["Применение"]


def test_wb_categories_are_the_spec_list_of_13(api):
    response = api.get("/api/lite/products/wb_categories")

    categories = response.json()["categories"]
    assert response.json()["success"] is True
    assert len(categories) == 13 == len(WB_CATEGORIES)
    assert categories[0] == {"title": "Общая категория", "code": "COMMON", "wbCode": "1"}
    assert categories[12] == {"title": "Продукты питания и зоотовары", "code": "FOOD_AND_PET_SUPPLIES", "wbCode": "13"}
    assert [c["wbCode"] for c in categories] == [str(n) for n in range(1, 14)]


def test_dictionary_lists_take_constant_queries(api, django_assert_max_num_queries):
    for n in range(5):
        api.post("/api/lite/products/attributes", {**ROASTING, "code": f"a{n}"}, format="json")
        api.post("/api/lite/products/features", {**SIZE, "id": None, "code": f"f{n}"}, format="json")
    VariantFactory()

    with django_assert_max_num_queries(4):
        api.get("/api/lite/products/attributes")
    with django_assert_max_num_queries(4):
        api.get("/api/lite/products/features")


def test_appearance_admin_page_lists_the_colours(admin_client):
    product = ProductFactory(public_id="1003")
    FeatureAppearance.objects.create(product=product, feature_code="color", value="Черные", color_code="#335522")

    page = admin_client.get("/admin/catalog/featureappearance/").content.decode()

    assert "background:#335522" in page


@pytest.mark.parametrize(
    "body",
    [
        [ROASTING],
        {**ROASTING, "code": "обжарка"},
        {**ROASTING, "code": "x" * 101},
        {**ROASTING, "type": "boolean"},
        {**ROASTING, "values": [{"stringValue": "XL"}, {"stringValue": "XL"}]},
        {**ROASTING, "values": "XL"},
        {**ROASTING, "id": "id with spaces"},
        {**STRENGTH, "values": [{"decimalValue": "NaN"}]},
    ],
    ids=["list", "cyrillic-code", "long-code", "bad-type", "duplicate-value", "values-not-list", "bad-id", "nan"],
)
def test_bad_attribute_input_is_an_envelope_and_changes_nothing(api, body):
    response = api.post("/api/lite/products/attributes", body, format="json")

    assert response.status_code == 400
    assert response.json()["success"] is False
    assert response.json()["errors"][0]["message"]
    assert not Attribute.objects.exists()
