"""A percentage discount is at most 100 % (found by probing: `discountType: PERCENT, discountValue: 150` was
stored). The rule is checked on the variant as it will be saved, so it holds when a PATCH names only the value
(the stored type is PERCENT) or only the type (the stored value is above 100), at every door: POST/PATCH
/products, PATCH /products/variants, /products/batch, the admin's variant page. Inside a product write the
refusal is that variant's error in `variantsResult`, as the spec answers every per-variant rule."""

import pytest

from catalog.models import Variant
from tests.admin_forms import management
from tests.factories import ProductFactory, WarehouseFactory, price_type

from .helpers import assert_error_envelope, snapshot_counts

pytestmark = pytest.mark.django_db

MESSAGE = "discountValue: скидка в процентах не может быть больше 100 (передано 150"


@pytest.fixture(autouse=True)
def dictionaries():
    price_type("RETAIL")
    WarehouseFactory(code="WH1", is_default=True)


@pytest.fixture
def variant():
    product = ProductFactory(public_id="P", variants=0)
    return product.variants.create(public_id="P-1", article="ART", discount_type="PERCENT", discount_value=10)


def refused_variant(answer: dict) -> str:
    """The one refused variant's message of a product answer (the product itself is saved)."""
    [result] = answer["variantsResult"]
    assert result["success"] is False, answer
    return result["errors"][0]["message"]


def stored(variant):
    variant.refresh_from_db()
    return variant.discount_type, variant.discount_value


def test_post_products_refuses_a_percentage_above_100(api):
    item = {"variantId": "N-1", "discountType": "PERCENT", "discountValue": 150}

    response = api.post("/api/lite/products", {"id": "N", "shortName": "Скидка", "variantsToUpdate": [item]})

    assert response.status_code == 200, response.content
    assert MESSAGE in refused_variant(response.json())
    assert not Variant.objects.filter(public_id="N-1").exists()


def test_patch_of_the_value_alone_meets_the_stored_percent_type(api, variant):
    before = snapshot_counts()

    response = api.patch("/api/lite/products/variants", {"productId": "P", "variantId": "P-1", "discountValue": 150})

    assert_error_envelope(response, 400)
    assert MESSAGE in response.json()["errors"][0]["message"]
    assert stored(variant) == ("PERCENT", 10)
    assert snapshot_counts() == before


def test_patch_of_the_type_alone_meets_the_stored_value(api, variant):
    variant.discount_type, variant.discount_value = "FIX", 150
    variant.save()

    response = api.patch(
        "/api/lite/products", {"id": "P", "variantsToUpdate": [{"variantId": "P-1", "discountType": "PERCENT"}]}
    )

    assert response.status_code == 200, response.content
    assert MESSAGE in refused_variant(response.json())
    assert stored(variant) == ("FIX", 150)


def test_batch_refuses_only_the_item_with_the_percentage_above_100(api, variant):
    response = api.post(
        "/api/lite/products/batch",
        {
            "products": [
                {
                    "id": "P",
                    "shortName": "Скидка",
                    "variantsToUpdate": [{"variantId": "P-1", "discountType": "PERCENT", "discountValue": 150}],
                },
                {"id": "Q", "shortName": "Другой", "variantsToUpdate": [{"variantId": "Q-1", "discountValue": 150}]},
            ]
        },
    )

    assert response.status_code == 200
    refused, saved = response.json()["products"]
    assert MESSAGE in refused_variant(refused)
    assert saved["variantsResult"][0]["success"] is True  # no type: 150 is an amount, not a percentage
    assert stored(variant) == ("PERCENT", 10)


@pytest.mark.parametrize("value", [0, 100, "99.99"])
def test_a_percentage_up_to_100_and_any_fixed_amount_save(api, variant, value):
    response = api.patch("/api/lite/products/variants", {"productId": "P", "variantId": "P-1", "discountValue": value})
    assert response.status_code == 200, response.content

    response = api.patch(
        "/api/lite/products/variants",
        {"productId": "P", "variantId": "P-1", "discountType": "FIX", "discountValue": 5000},
    )
    assert response.status_code == 200, response.content
    assert stored(variant) == ("FIX", 5000)


def test_admin_variant_page_refuses_a_percentage_above_100(manager_client, variant):
    data = {
        "article": "ART-2",
        "ordering": "1",
        "discount_percent": "0",
        "discount_fix": "0",
        "discount_type": "PERCENT",
        "discount_value": "150",
        "bundle_optional_count": "0",
        **management("prices"),
        **management("barcodes"),
        **management("options"),
        **management("stock_levels"),
    }

    response = manager_client.post(f"/admin/catalog/variant/{variant.pk}/change/", data)

    assert response.status_code == 200  # the page again, with the error
    assert "скидка в процентах не может быть больше 100" in response.content.decode()
    variant.refresh_from_db()
    assert (variant.article, variant.discount_value) == ("ART", 10)
