"""POST /products/variants/eshop_settings ("Обновляет настройки для вариантов"): the settings a request names
are merged into the variant's stored ones; eshops it does not name keep their settings, and a named setting
keeps the fields the item leaves out."""

import pytest

from catalog.models import Eshop, VariantEshopSetting
from tests.factories import VariantFactory

pytestmark = pytest.mark.django_db

URL = "/api/lite/products/variants/eshop_settings"


@pytest.fixture
def variant():
    ozon = Eshop.objects.create(public_id="ozon", type="OZON", name="Озон")
    beru = Eshop.objects.create(public_id="beru", type="BERU", name="Беру")
    Eshop.objects.create(public_id="wb", type="WILDBERRIES", name="WB")
    variant = VariantFactory(public_id="1000")
    VariantEshopSetting.objects.create(variant=variant, eshop=ozon, enabled=True, zero_stock=True, ext_id="OZ-1")
    VariantEshopSetting.objects.create(variant=variant, eshop=beru, enabled=False, zero_stock=False, ext_id="BE-1")
    return variant


def stored(variant) -> dict:
    return {
        s.eshop.public_id: (s.enabled, s.zero_stock, s.ext_id)
        for s in VariantEshopSetting.objects.filter(variant=variant).select_related("eshop")
    }


def post(api, *settings, variant_id="1000"):
    response = api.post(URL, {"variants": [{"variantId": variant_id, "eshopSettings": list(settings)}]}, format="json")
    assert response.status_code == 200, response.content
    return response.json()["variants"][0]


def test_a_named_setting_changes_and_the_others_stay(api, variant):
    assert post(api, {"eshopId": "ozon", "extId": "OZ-2"}) == {"success": True, "variantId": "1000"}

    assert stored(variant) == {"ozon": (True, True, "OZ-2"), "beru": (False, False, "BE-1")}


def test_a_new_eshop_is_added_with_the_defaults_for_what_it_leaves_out(api, variant):
    post(api, {"eshopId": "wb", "extId": "WB-1"})

    assert stored(variant) == {
        "ozon": (True, True, "OZ-1"),
        "beru": (False, False, "BE-1"),
        "wb": (True, False, "WB-1"),
    }


def test_each_field_of_a_named_setting_changes_alone(api, variant):
    post(api, {"eshopId": "beru", "enabled": True})
    assert stored(variant)["beru"] == (True, False, "BE-1")
    post(api, {"eshopId": "beru", "zeroStock": True})
    assert stored(variant)["beru"] == (True, True, "BE-1")
    post(api, {"eshopId": "beru", "extId": None})  # extId may be empty: null clears it
    assert stored(variant)["beru"] == (True, True, None)
    post(api, {"eshopId": "beru", "enabled": None, "zeroStock": None})  # flags cannot be empty: null keeps
    assert stored(variant)["beru"] == (True, True, None)
    assert stored(variant)["ozon"] == (True, True, "OZ-1")


def test_the_same_eshop_twice_in_one_item_is_refused(api, variant):
    # It was merged in order (last wins); one eshop named twice is refused now (issue 17), nothing written.
    response = api.post(
        URL,
        {"variants": [{"variantId": "1000", "eshopSettings": [{"eshopId": "wb", "extId": "WB-1"}, {"eshopId": "wb"}]}]},
        format="json",
    )

    [answer] = response.json()["variants"]
    assert answer["errors"] == [{"code": 0, "message": "eshopSettings: eshopId «wb» указан в запросе несколько раз"}]
    assert "wb" not in stored(variant)


def test_an_unknown_eshop_fails_that_variant_and_changes_nothing(api, variant):
    answer = post(api, {"eshopId": "ozon", "extId": "OZ-9"}, {"eshopId": "unknown"})

    assert answer["success"] is False
    assert answer["errors"][0]["message"] == "Не найдена интеграция с указанным ID"
    assert stored(variant) == {"ozon": (True, True, "OZ-1"), "beru": (False, False, "BE-1")}


def test_the_variant_document_answers_the_merged_settings(api, variant):
    post(api, {"eshopId": "ozon", "enabled": False})

    document = api.get(f"/api/lite/products?id={variant.product.public_id}").json()["products"][0]
    settings = {s["eshopId"]: s for s in document["variants"][0]["eshopSettings"]}
    assert (settings["ozon"]["enabled"], settings["ozon"]["extId"]) == (False, "OZ-1")
    assert settings["beru"]["extId"] == "BE-1"


def test_a_variant_write_still_replaces_its_settings_list(api, variant):
    """PATCH /products/variants with eshopSettings replaces the list (a list given replaces that list)."""
    response = api.patch(
        "/api/lite/products/variants",
        {"productId": variant.product.public_id, "variantId": "1000", "eshopSettings": [{"eshopId": "wb"}]},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert stored(variant) == {"wb": (True, False, None)}
