"""Attributes, options (features), price types and filter blocks edited in the admin go through the services
the API uses: the services' rules hold at this door too, and what the storefront shows changes in its very
next answer, cached or not."""

from decimal import Decimal

import pytest
from django.core.cache import cache

from catalog.models import Attribute, AttributeValue, Feature, FilterBlock, PriceType
from tests.admin_forms import management
from tests.catalog.storefront_data import make_product
from tests.factories import AttributeFactory, CollectionFactory, FeatureFactory
from tests.factories.catalog import price_type

pytestmark = pytest.mark.django_db
LISTING = "/api/lite/pub/products"


@pytest.fixture
def cached(settings, django_capture_on_commit_callbacks):
    """The public cache on (in memory) and a context manager that runs a write's on-commit callbacks."""
    settings.PUBLIC_CACHE_SECONDS = 60
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    return lambda: django_capture_on_commit_callbacks(execute=True)


def listed(anon) -> dict:
    response = anon.get(LISTING, {"id": "P1"})
    assert response.status_code == 200
    return response.json()["products"][0]


def values_form(rows, *, initial=0) -> dict:
    data = management("values", total=len(rows), initial=initial)
    for index, row in enumerate(rows):
        data.update({f"values-{index}-{name}": value for name, value in row.items()})
    return data


def test_an_option_renamed_in_the_admin_is_the_next_answers_name(admin_client, anon, cached):
    feature = FeatureFactory(code="size", title="Размер", title_plural="Размеры")
    make_product("P1", sizes=["M"])
    assert listed(anon)["options"][0]["name"] == "Размер"

    with cached():
        response = admin_client.post(
            f"/admin/catalog/feature/{feature.pk}/change/",
            {"title": "Размер одежды", "title_plural": "Размеры", "type": "string", "ordering": 0, **values_form([])},
        )
    assert response.status_code == 302, response.content.decode()[:2000]

    assert listed(anon)["options"][0]["name"] == "Размер одежды"


def test_a_price_types_role_changed_in_the_admin_moves_the_next_answers_price(admin_client, anon, cached):
    make_product("P1", prices=((990, 1200),))
    assert (listed(anon)["variants"][0]["price"], listed(anon)["variants"][0]["oldPrice"]) == (990, 1200)
    old = price_type("OLD")

    with cached():
        response = admin_client.post(
            f"/admin/catalog/pricetype/{old.pk}/change/", {"name": old.name, "role": PriceType.Role.OTHER}
        )
    assert response.status_code == 302

    assert listed(anon)["variants"][0]["oldPrice"] is None
    assert PriceType.objects.get(pk=old.pk).code == old.code  # the code is fixed once created


def test_an_attribute_products_use_keeps_its_type_in_the_admin_as_in_the_api(admin_client):
    material = AttributeFactory(code="material", type="string", title="Материал")
    make_product("P1", attributes=[(material, "хлопок")])

    response = admin_client.post(
        f"/admin/catalog/attribute/{material.pk}/change/",
        {"title": "Материал", "type": "decimal", "ordering": 0, **values_form([])},
    )

    assert response.status_code == 200  # the form again, with the service's refusal
    assert "уже задан у продуктов" in response.content.decode()
    assert Attribute.objects.get(pk=material.pk).type == "string"


def test_an_attribute_added_in_the_admin_keeps_its_values_checked_against_its_type(admin_client):
    form = {"code": "weight", "public_id": "A-weight", "title": "Вес", "type": "decimal", "ordering": 0}

    refused = admin_client.post(
        "/admin/catalog/attribute/add/", {**form, **values_form([{"string_value": "тяжёлый", "ordering": 1}])}
    )
    saved = admin_client.post(
        "/admin/catalog/attribute/add/",
        {**form, **values_form([{"decimal_value": "1.5", "ordering": 1}, {"decimal_value": "2", "ordering": 2}])},
    )

    assert refused.status_code == 200 and "не число" in refused.content.decode()
    assert saved.status_code == 302
    attribute = Attribute.objects.get(code="weight")
    assert attribute.public_id == "A-weight"
    assert sorted(AttributeValue.objects.filter(attribute=attribute).values_list("decimal_value", flat=True)) == [
        Decimal("1.5"),
        Decimal("2"),
    ]


def test_an_option_deleted_in_the_admin_leaves_the_next_answer(admin_client, anon, cached):
    feature = FeatureFactory(code="size", title="Размер")
    make_product("P1", sizes=["M"])
    assert listed(anon)["options"][0]["name"] == "Размер"

    with cached():
        response = admin_client.post(f"/admin/catalog/feature/{feature.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302

    assert not Feature.objects.filter(code="size").exists()
    assert listed(anon)["options"][0]["name"] != "Размер"


def public_filters(anon) -> list[tuple[str, bool]]:
    response = anon.get("/api/lite/pub/products/filters", {"collectionId": "C1"})
    assert response.status_code == 200
    return [(f["type"], f.get("enabled", True)) for block in response.json()["filterBlocks"] for f in block["filters"]]


@pytest.fixture
def brand_block(api, cached):
    collection = CollectionFactory(public_id="C1")
    make_product("P1", collections=[collection], brand="Alfa")
    block = {"type": "OTHER", "ordering": 10, "collectionId": "C1", "filters": [{"type": "BRAND", "enabled": True}]}
    with cached():  # its commit, so that the admin's write below is the next one
        assert api.post("/api/lite/products/filters", block, format="json").status_code == 200
    return FilterBlock.objects.get()


def test_a_filter_switched_off_in_the_admin_leaves_the_next_public_answer(admin_client, anon, cached, brand_block):
    assert public_filters(anon) == [("BRAND", True)]
    brand = brand_block.filters.get()

    with cached():
        response = admin_client.post(
            f"/admin/catalog/blockfilter/{brand.pk}/change/",
            {"block": brand_block.pk, "type": "BRAND", "ordering": brand.ordering, **management("fields")},
        )  # "enabled" unticked; the fields' rows left as they are
    assert response.status_code == 302, response.content.decode()[:3000]

    assert public_filters(anon) == []


def test_a_filter_block_deleted_in_the_admin_leaves_the_next_public_answer(admin_client, anon, cached, brand_block):
    assert public_filters(anon) == [("BRAND", True)]

    with cached():
        response = admin_client.post(f"/admin/catalog/filterblock/{brand_block.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302

    assert public_filters(anon) == []
