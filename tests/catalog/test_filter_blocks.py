from decimal import Decimal

import pytest

from catalog.models import BlockFilter, FilterBlock, FilterField
from catalog.tasks import recompute_filter_values_task
from tests.factories import AttributeFactory, CollectionFactory, FeatureFactory
from tests.openapi_answers import assert_conforms

from .storefront_data import make_product

URL = "/api/lite/products/filters"
PUBLIC_URL = "/api/lite/pub/products/filters"
pytestmark = pytest.mark.django_db


@pytest.fixture
def collection():
    collection = CollectionFactory(public_id="123456")
    material = AttributeFactory(code="material", title="Материал")
    power = AttributeFactory(code="power", title="Мощность", type="decimal")
    FeatureFactory(code="size", title="Размер")
    make_product(
        "P1",
        prices=[(100, None), (250, None)],
        brand="Alfa",
        country="Россия",
        collections=[collection],
        attributes=[(material, "Хлопок"), (power, 10)],
        sizes=["S", "M"],
        weight=Decimal(100),
        dims=(1, 2, 3),
    )
    make_product(
        "P2",
        prices=[(990, None)],
        brand="Beta",
        collections=[collection],
        attributes=[(material, "Лён")],
        sizes=["L"],
        weight=Decimal(700),
        dims=(4, 5, 6),
    )
    make_product("P3", prices=[(5, None)], brand="Archived", collections=[collection], deleted=True)
    make_product("P4", prices=[(7, None)], brand="Elsewhere")
    return collection


def price_block(**extra):
    return {
        "type": "OTHER",
        "ordering": 10,
        "collectionId": "123456",
        "filters": [{"type": "PRICE", "enabled": True}, {"type": "BRAND", "enabled": True, "ordering": 20}],
        **extra,
    }


def test_periodic_task_fills_client_blocks_with_every_field_and_value(api, collection):
    recompute_filter_values_task.delay()

    response = api.get(URL, {"collectionId": "123456", "mode": "client"})

    assert response.status_code == 200
    assert_conforms(response, URL)
    blocks = response.json()["filterBlocks"]
    assert [(b["type"], b["mode"], b["collectionId"]) for b in blocks] == [
        ("OTHER", "CLIENT", "123456"),
        ("ATTRIBUTES", "CLIENT", "123456"),
        ("FEATURES", "CLIENT", "123456"),
    ]
    other = {f["type"]: f["fields"] for f in blocks[0]["filters"]}
    assert len(other) == 11
    assert other["PRICE"] == [
        {"name": "price", "nameReadable": "Цена", "type": "decimal", "ordering": 10, "decimalValues": [100, 990]}
    ]
    assert other["BRAND"][0]["stringValues"] == ["Alfa", "Beta"]
    assert other["WEIGHT"][0]["decimalValues"] == [100, 700]
    assert other["SIZE_HEIGHT"][0]["decimalValues"] == [1, 4]
    assert other["COUNTRY_OF_ORIGIN"][0]["stringValues"] == ["Россия"]
    assert other["IS_NOVELTY"] == [{"name": "is_novelty", "nameReadable": "Новинка", "type": "boolean", "ordering": 10}]
    [attributes] = blocks[1]["filters"]
    assert attributes["type"] == "ATTRIBUTES" and attributes["enabled"] is True
    assert [(f["name"], f["type"], f.get("stringValues"), f.get("decimalValues")) for f in attributes["fields"]] == [
        ("material", "string", ["Лён", "Хлопок"], None),
        ("power", "decimal", None, [10]),
    ]
    [features] = blocks[2]["filters"]
    assert [(f["name"], f["nameReadable"], f["stringValues"]) for f in features["fields"]] == [
        ("size", "Размер", ["L", "M", "S"])
    ]


def test_recomputing_again_keeps_client_block_ids_and_follows_the_catalog(api, collection):
    recompute_filter_values_task.delay()
    first = [b["id"] for b in api.get(URL, {"collectionId": "123456", "mode": "client"}).json()["filterBlocks"]]
    make_product("P5", prices=[(5000, None)], brand="Gamma", collections=[collection])

    recompute_filter_values_task.delay(collection_ids=[collection.pk])

    blocks = api.get(URL, {"collectionId": "123456", "mode": "client"}).json()["filterBlocks"]
    assert [b["id"] for b in blocks] == first
    other = {f["type"]: f["fields"][0] for f in blocks[0]["filters"]}
    assert other["PRICE"]["decimalValues"] == [100, 5000]
    assert other["BRAND"]["stringValues"] == ["Alfa", "Beta", "Gamma"]


def test_an_id_of_null_creates_a_block_as_an_absent_id_does(api, collection):
    response = api.post(URL, {**price_block(), "id": None}, format="json")

    assert response.status_code == 200, response.content
    assert FilterBlock.objects.filter(public_id=response.json()["id"], mode="CUSTOMER").exists()


def test_customer_block_is_created_with_fields_added_by_the_backend(api, anon, collection):
    recompute_filter_values_task.delay()

    response = api.post(URL, price_block(), format="json")

    assert response.status_code == 200
    block_id = response.json()["id"]
    assert response.json() == {"success": True, "id": block_id}
    blocks = api.get(URL, {"collectionId": "123456"}).json()["filterBlocks"]
    assert blocks == [
        {
            "id": block_id,
            "type": "OTHER",
            "mode": "CUSTOMER",
            "ordering": 10,
            "collectionId": "123456",
            "filters": [
                {
                    "type": "PRICE",
                    "enabled": True,
                    "ordering": 10,
                    "fields": [
                        {
                            "name": "price",
                            "nameReadable": "Цена",
                            "type": "decimal",
                            "ordering": 10,
                            "decimalValues": [100, 990],
                        }
                    ],
                },
                {
                    "type": "BRAND",
                    "enabled": True,
                    "ordering": 20,
                    "fields": [
                        {
                            "name": "brand",
                            "nameReadable": "Бренд",
                            "type": "string",
                            "ordering": 10,
                            "stringValues": ["Alfa", "Beta"],
                        }
                    ],
                },
            ],
        }
    ]


def test_public_blocks_are_customer_blocks_without_disabled_filters(api, anon, collection):
    block = price_block()
    block["filters"][1]["enabled"] = False
    api.post(URL, block, format="json")
    recompute_filter_values_task.delay()

    response = anon.get(PUBLIC_URL, {"collectionId": "123456"})

    assert response.status_code == 200
    assert_conforms(response, PUBLIC_URL)
    [public] = response.json()["filterBlocks"]
    assert public["mode"] == "CUSTOMER"
    assert public["filters"] == [
        {
            "type": "PRICE",
            "ordering": 10,
            "fields": [
                {
                    "name": "price",
                    "nameReadable": "Цена",
                    "type": "decimal",
                    "ordering": 10,
                    "decimalValues": [100, 990],
                }
            ],
        }
    ]


def test_attributes_block_keeps_the_values_chosen_by_the_seller(api, collection):
    body = {
        "type": "ATTRIBUTES",
        "collectionId": "123456",
        "filters": [
            {
                "type": "ATTRIBUTES",
                "fields": [
                    {
                        "name": "material",
                        "nameReadable": "Материал",
                        "type": "string",
                        "ordering": 10,
                        "stringValues": ["Хлопок"],
                    },
                    {"name": "power", "nameReadable": "Мощность", "type": "decimal", "decimalValues": [15.2, 16.8]},
                ],
            }
        ],
    }

    block_id = api.post(URL, body, format="json").json()["id"]
    recompute_filter_values_task.delay()

    [block] = api.get(URL, {"collectionId": "123456"}).json()["filterBlocks"]
    assert block["id"] == block_id
    fields = block["filters"][0]["fields"]
    assert fields[0]["stringValues"] == ["Хлопок"]
    assert fields[1]["decimalValues"] == [15.2, 16.8]


def test_post_with_id_replaces_the_block(api, collection):
    block_id = api.post(URL, price_block(), format="json").json()["id"]

    response = api.post(URL, price_block(id=block_id, filters=[{"type": "IS_NOVELTY"}], ordering=5), format="json")

    assert response.json() == {"success": True, "id": block_id}
    [block] = api.get(URL, {"collectionId": "123456"}).json()["filterBlocks"]
    assert block["ordering"] == 5
    assert [f["type"] for f in block["filters"]] == ["IS_NOVELTY"]


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        (price_block(filters=[{"type": "PRICE"}, {"type": "ATTRIBUTES"}]), "только в отдельный блок типа ATTRIBUTES"),
        (price_block(type="FEATURES", filters=[{"type": "FEATURES"}, {"type": "BRAND"}]), "только фильтры типа"),
        (price_block(type="ATTRIBUTES", filters=[{"type": "FEATURES"}]), "FEATURES"),
        (price_block(filters=[{"type": "PRICE"}, {"type": "PRICE"}]), "дважды"),
        (price_block(filters=[{"type": "SIZE"}, {"type": "SIZE_WIDTH"}]), "уже содержит поля"),
        (price_block(filters=[{"type": "SIZES"}]), "Значения SIZES нет"),
        (
            price_block(type="ATTRIBUTES", filters=[{"type": "ATTRIBUTES", "fields": [{"name": "nope"}]}]),
            "Неизвестный атрибут «nope»",
        ),
        (price_block(collectionId="missing"), "Коллекция с указанным id не найдена"),
        ({"type": "OTHER"}, "collectionId"),
    ],
)
def test_invalid_blocks_are_refused_and_change_nothing(api, collection, body, fragment):
    response = api.post(URL, body, format="json")

    assert response.status_code == 400
    assert response.json()["success"] is False
    assert fragment in response.json()["errors"][0]["message"]
    assert FilterBlock.objects.count() == 0 and BlockFilter.objects.count() == 0 and FilterField.objects.count() == 0


def test_updating_an_unknown_block_is_the_spec_error(api, collection):
    response = api.post(URL, price_block(id="404"), format="json")

    assert response.status_code == 404
    assert response.json()["errors"][0]["message"] == "Блока фильтров с указанным id не существует"


def test_delete_removes_a_block_and_answers_its_id(api, collection):
    block_id = api.post(URL, price_block(), format="json").json()["id"]

    response = api.delete(f"{URL}?id={block_id}")

    assert response.json() == {"success": True, "id": block_id}
    assert FilterBlock.objects.count() == 0 and FilterField.objects.count() == 0


def test_delete_of_an_unknown_block_is_the_spec_error(api, collection):
    response = api.delete(f"{URL}?id=6F9619FF-8B86-D011-B42D-00CF4FC964FF")

    assert response.json() == {
        "success": False,
        "errors": [{"code": 0, "message": "Блока фильтров с указанным id не существует"}],
    }


def test_collection_id_is_required_and_must_exist(api, anon, collection):
    assert api.get(URL).status_code == 400
    assert anon.get(PUBLIC_URL).status_code == 400
    assert api.get(URL, {"collectionId": "nope"}).status_code == 404
    assert api.get(URL, {"collectionId": "123456", "mode": "seller"}).status_code == 400


def test_private_blocks_need_a_token(anon, collection):
    assert anon.get(URL, {"collectionId": "123456"}).status_code == 401
    assert anon.post(URL, price_block(), format="json").status_code == 401


def test_reading_blocks_costs_a_fixed_number_of_queries(api, collection, django_assert_max_num_queries):
    recompute_filter_values_task.delay()
    with django_assert_max_num_queries(6):
        response = api.get(URL, {"collectionId": "123456", "mode": "client"})
    assert len(response.json()["filterBlocks"]) == 3


def test_filter_values_are_recomputed_hourly_by_an_editable_beat_schedule():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="catalog.tasks.recompute_filter_values_task")

    assert task.enabled and (task.interval.every, task.interval.period) == (1, "hours")


def test_a_size_filter_offers_width_depth_and_height_and_its_fields_select_products(api, anon, collection):
    # given the values computed for the collection and a storefront block with the public spec's SIZE filter
    recompute_filter_values_task.delay()
    body = {"type": "OTHER", "collectionId": "123456", "filters": [{"type": "SIZE"}]}
    assert api.post(URL, body, format="json").status_code == 200

    # when the storefront reads its blocks
    [block] = anon.get(PUBLIC_URL, {"collectionId": "123456"}).json()["filterBlocks"]

    # then SIZE is one filter with the three dimension fields and their values (dims are height, width, depth)
    [size] = block["filters"]
    assert size["type"] == "SIZE"
    assert [(f["name"], f["type"], f["decimalValues"]) for f in size["fields"]] == [
        ("size_width", "decimal", [2, 5]),
        ("size_depth", "decimal", [3, 6]),
        ("size_height", "decimal", [1, 4]),
    ]
    # and its field names are what the filter language takes
    found = anon.get("/api/lite/pub/products", {"filters": "size_width:4-5;size_height:4"}).json()["products"]
    assert [p["id"] for p in found] == ["P2"]


def test_recomputing_refreshes_each_field_of_a_size_filter(api, collection):
    body = {"type": "OTHER", "collectionId": "123456", "filters": [{"type": "SIZE"}]}
    api.post(URL, body, format="json")  # no values computed yet: the fields are empty
    make_product("P5", collections=[collection], dims=(40, 50, 60))

    recompute_filter_values_task.delay()

    [block] = api.get(URL, {"collectionId": "123456"}).json()["filterBlocks"]
    assert [f["decimalValues"] for f in block["filters"][0]["fields"]] == [[2, 50], [3, 60], [1, 40]]
