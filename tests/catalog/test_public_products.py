from decimal import Decimal

import pytest

from catalog.models import Attribute, Collection, Product
from tests.factories import (
    AttributeFactory,
    CollectionFactory,
    ProductFactory,
    VariantFactory,
    VariantOptionFactory,
    VariantPriceFactory,
    WarehouseFactory,
)
from tests.openapi_answers import assert_conforms

from .storefront_data import make_product, spec_example

URL = "/api/lite/pub/products"
pytestmark = pytest.mark.django_db


def ids(response):
    assert response.status_code == 200, response.json()
    return [p["id"] for p in response.json()["products"]]


def test_public_listing_renders_the_spec_example_exactly(anon):
    spec_example()

    response = anon.get(URL, {"id": "1002"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert_conforms(response, URL)
    assert response.json() == {
        "success": True,
        "recordsTotal": 1,
        "products": [
            {
                "id": "1002",
                "extId": "",
                "shortName": "Футболка",
                "description": "<p><h1><strong>Лучшие</strong> футболки</h1><br></p>",
                "available": True,
                "deleted": False,
                "reviewScore": 4,
                "anyPublicCollections": True,
                "variants": [
                    {
                        "id": "1005",
                        "extId": None,
                        "article": "",
                        "price": 990,
                        "oldPrice": 1200,
                        "stock": [
                            {
                                "warehouseCode": "a8064680-6f8c-830c-1ea1-0ab8a032e244",
                                "stockTotal": 40,
                                "stockAvailable": 38,
                                "stockReserved": 2,
                            }
                        ],
                        "ordering": 1,
                        "optionsUsed": [{"id": "size", "value": "L"}],
                        "defaultImage": "8b16a469-2b8c-4df4-85f2-c9c9afa1f921",
                        "weight": 500,
                        "dimensions": {"height": 5, "width": 5, "depth": 10},
                    },
                    {
                        "id": "1006",
                        "extId": None,
                        "article": "",
                        "price": 990,
                        "oldPrice": 1200,
                        "stock": [
                            {
                                "warehouseCode": "a8064680-6f8c-830c-1ea1-0ab8a032e244",
                                "stockTotal": 40,
                                "stockAvailable": 38,
                                "stockReserved": 2,
                            }
                        ],
                        "ordering": 2,
                        "optionsUsed": [{"id": "size", "value": "M"}],
                        "defaultImage": None,
                        "weight": 500,
                        "dimensions": {"height": 5, "width": 5, "depth": 10},
                    },
                ],
                "options": [{"id": "size", "name": "Размер", "name_plural": "Размеры", "values": ["M", "L"]}],
                "images": [
                    {
                        "id": "8b16a469-2b8c-4df4-85f2-c9c9afa1b323",
                        "url": "http://testserver/media/images/8b/two.jpg",
                        "pos": "5000.000000000000000",
                    },
                    {
                        "id": "8b16a469-2b8c-4df4-85f2-c9c9afa1f921",
                        "url": "http://testserver/media/images/8b/one.jpg",
                        "pos": "10000.000000000000000",
                    },
                ],
                "collections": ["1029", "1031"],
                "attributes": [
                    {
                        "id": "material",
                        "type": "string",
                        "stringValue": "Хлопок 97%, эластан 3%",
                        "decimalValue": None,
                        "ordering": 1,
                    }
                ],
            }
        ],
    }


def test_public_listing_needs_no_token_and_hides_archived_products(anon):
    make_product("P1")
    make_product("P2", deleted=True)

    assert ids(anon.get(URL)) == ["P1"]
    assert ids(anon.get(URL, {"id": "P2"})) == []
    assert ids(anon.get(URL, {"query": "P2"})) == []
    assert ids(anon.get(URL, {"filters": "price:990"})) == ["P1"]


def test_step_5_answers_archived_products_too_with_deleted_true(anon):
    make_product("P1")
    make_product("P2", deleted=True)

    assert ids(anon.get(URL, {"deleted": "true"})) == ["P1", "P2"]
    assert ids(anon.get(URL, {"deleted": "false"})) == ["P1"]
    # Steps 1-4 are not step 5: an archived product stays out of them.
    assert ids(anon.get(URL, {"deleted": "true", "query": "P2"})) == []


def test_archived_product_is_not_found_by_its_variant_either(anon):
    make_product("P2", deleted=True)

    assert ids(anon.get(URL, {"variantId": "P2-v1"})) == []


def test_any_public_collections_is_false_without_a_public_collection(anon):
    make_product("P1", collections=[CollectionFactory(is_public=False)])
    make_product("P2")

    products = {p["id"]: p["anyPublicCollections"] for p in anon.get(URL).json()["products"]}

    assert products == {"P1": False, "P2": False}


# --- precedence --------------------------------------------------------------------------------


def test_id_wins_over_every_other_criterion(anon):
    make_product("P1", brand="A")
    make_product("P2", brand="B")

    response = anon.get(URL, {"id": "P1", "variantId": "P2-v1", "filters": "brand:B", "query": "P2"})

    assert ids(response) == ["P1"]


def test_variant_id_wins_over_filters_and_query(anon):
    make_product("P1", brand="A")
    make_product("P2", brand="B")

    assert ids(anon.get(URL, {"variantId": "P2-v1", "filters": "brand:A", "query": "P1"})) == ["P2"]


def test_variant_ext_id_finds_the_product_of_the_variant(anon):
    product = make_product("P1")
    make_product("P2")
    VariantFactory(product=product, public_id="X9", ext_id="ext-77")

    assert ids(anon.get(URL, {"variantExtId": "ext-77"})) == ["P1"]


def test_filters_are_combined_with_collections_and_ignore_query(anon):
    shoes = CollectionFactory(public_id="shoes")
    make_product("P1", brand="A", collections=[shoes])
    make_product("P2", brand="A")
    make_product("P3", brand="B", collections=[shoes])

    assert ids(anon.get(URL, {"filters": "brand:A", "collections": "shoes", "query": "nothing-matches"})) == ["P1"]


def test_query_and_collections_apply_together_without_filters(anon):
    shoes = CollectionFactory(public_id="shoes")
    make_product("P1", collections=[shoes], short_name="Кеды белые")
    make_product("P2", collections=[shoes], short_name="Ботинки")
    make_product("P3", short_name="Кеды чёрные")

    assert ids(anon.get(URL, {"query": "Кеды", "collections": "shoes"})) == ["P1"]
    assert ids(anon.get(URL, {"collections": "shoes"})) == ["P1", "P2"]
    assert ids(anon.get(URL, {"query": "Кеды"})) == ["P1", "P3"]


def test_everything_is_listed_without_criteria_and_available_narrows_it(anon):
    make_product("P1")
    make_product("P2", available=False)

    assert ids(anon.get(URL)) == ["P1", "P2"]
    assert ids(anon.get(URL, {"available": "true"})) == ["P1"]
    assert ids(anon.get(URL, {"available": "false"})) == ["P2"]


def test_paging_ordering_and_records_total(anon):
    for n, name in enumerate(["Б", "В", "А"]):
        make_product(f"P{n}", short_name=name)

    response = anon.get(URL, {"order": "shortname+desc", "page": 0, "size": 2})

    assert response.json()["recordsTotal"] == 3
    assert ids(response) == ["P1", "P0"]
    assert ids(anon.get(URL, {"order": "shortname asc", "page": 1, "size": 2})) == ["P1"]


def test_size_is_capped_at_100(anon):
    ProductFactory.create_batch(101, variants=0)

    response = anon.get(URL, {"size": 500})

    assert len(response.json()["products"]) == 100
    assert response.json()["recordsTotal"] == 101


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"order": "price+asc"}, "order"),
        ({"page": "x"}, "page"),
        ({"available": "maybe"}, "available"),
    ],
)
def test_bad_listing_parameters_are_a_400_envelope(anon, params, fragment):
    response = anon.get(URL, params)

    assert response.status_code == 400
    assert response.json()["success"] is False
    assert fragment in response.json()["errors"][0]["message"]


# --- query counts ----------------------------------------------------------------------------


def _catalog(first, count):
    warehouse = WarehouseFactory()
    collection, _ = Collection.objects.get_or_create(public_id="all", defaults={"name": "Все"})
    attribute = Attribute.objects.filter(code="material").first() or AttributeFactory(code="material")
    for n in range(first, first + count):
        make_product(
            f"Q{n:04d}",
            prices=[(100 + n, 200 + n), (150 + n, None)],
            collections=[collection],
            brand="A",
            attributes=[(attribute, "Хлопок")],
            sizes=["S", "M"],
            stock=(warehouse, Decimal(5), Decimal(1)),
        )


FILTERED = {"collections": "all", "filters": "brand:A;price:100-10000", "attributes": "material:Хлопок"}


# Ten queries, whatever the page's size: the page (a filtered one with its recordsTotal, COUNT(*) OVER ()), the
# filters' attribute lookup, then one per relation: variants with their prices, stock, options, images,
# collections, attributes, the options' order and their dictionary titles.
PAGE_QUERIES = 10


def test_a_filtered_page_costs_the_same_queries_for_5_and_100_products(anon, django_assert_num_queries, settings):
    # The listing's own queries: the throttle's counters kept in memory, not in the database cache table.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    _catalog(0, 5)
    with django_assert_num_queries(PAGE_QUERIES):
        assert anon.get(URL, FILTERED).json()["recordsTotal"] == 5
    _catalog(5, 96)
    with django_assert_num_queries(PAGE_QUERIES):  # a full page: no separate COUNT(*) for recordsTotal
        response = anon.get(URL, FILTERED)
    with django_assert_num_queries(PAGE_QUERIES):
        assert anon.get(URL, {**FILTERED, "page": 1}).json()["recordsTotal"] == 101
    # Past the end no row carries the window's total: it is counted apart (and no document query runs).
    assert anon.get(URL, {**FILTERED, "page": 5}).json() == {"success": True, "recordsTotal": 101, "products": []}

    assert response.json()["recordsTotal"] == 101
    assert len(response.json()["products"]) == 100
    assert all(len(p["variants"]) == 2 and len(p["variants"][0]["stock"]) == 1 for p in response.json()["products"])
    first = response.json()["products"][0]
    assert [(v["price"], v["oldPrice"]) for v in first["variants"]] == [(100, 200), (150, None)]


def test_a_plain_page_costs_the_same_queries_for_5_and_100_products(anon, django_assert_num_queries, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    _catalog(0, 5)
    with django_assert_num_queries(PAGE_QUERIES - 1):  # no attribute lookup; a last page: total from its rows
        assert anon.get(URL, {"size": 100}).json()["recordsTotal"] == 5
    _catalog(5, 96)
    with django_assert_num_queries(PAGE_QUERIES):  # a full page: a COUNT(*), cheaper here than COUNT(*) OVER ()
        response = anon.get(URL, {"size": 100})

    assert response.json()["recordsTotal"] == 101
    assert len(response.json()["products"]) == 100


def test_stock_available_is_total_minus_reserved_and_never_negative(anon):
    warehouse = WarehouseFactory(code="W1")
    make_product("P1", stock=(warehouse, Decimal(5), Decimal(2)))
    make_product("P2", stock=(warehouse, Decimal(1), Decimal(3)))  # the warehouse counted fewer than reserved

    products = anon.get(URL).json()["products"]

    stock = {p["id"]: p["variants"][0]["stock"][0] for p in products}
    assert stock["P1"] == {"warehouseCode": "W1", "stockTotal": 5, "stockAvailable": 3, "stockReserved": 2}
    assert stock["P2"] == {"warehouseCode": "W1", "stockTotal": 1, "stockAvailable": 0, "stockReserved": 3}


def test_private_listing_accepts_the_same_filter_parameters(api):
    make_product("P1", brand="A", prices=[(100, None)])
    make_product("P2", brand="B", prices=[(100, None)])

    response = api.get("/api/lite/products", {"filters": "brand:B;price:50-150"})

    assert [p["id"] for p in response.json()["products"]] == ["P2"]
    assert api.get("/api/lite/products", {"filters": "nope:1"}).status_code == 400


# --- brands ---------------------------------------------------------------------------------------


def test_brands_are_listed_with_a_case_insensitive_substring_search(anon):
    for n, brand in enumerate(["Кактус Дейли", "Кактус ПРО", "Другой", "Кактус ПРО"]):
        make_product(f"P{n}", brand=brand)
    make_product("P9", brand="Кактус Архив", deleted=True)
    make_product("P8", brand=None)

    # The spec: all existing brands, an archived product's too.
    assert anon.get("/api/lite/pub/products/brands", {"searchString": "кактус"}).json() == {
        "brands": ["Кактус Архив", "Кактус Дейли", "Кактус ПРО"]
    }
    assert anon.get("/api/lite/pub/products/brands").json() == {
        "brands": ["Другой", "Кактус Архив", "Кактус Дейли", "Кактус ПРО"]
    }
    assert anon.get("/api/lite/pub/products/brands", {"searchString": "zzz"}).json() == {"brands": []}


def test_public_listing_is_throttled_per_ip(anon, settings):
    from config.api.views import PublicThrottle

    PublicThrottle.THROTTLE_RATES = {**PublicThrottle.THROTTLE_RATES, "public": "2/min"}
    try:
        statuses = [anon.get(URL).status_code for _ in range(3)]
    finally:
        from rest_framework.settings import api_settings

        PublicThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    assert statuses == [200, 200, 429]


def test_options_without_dictionary_entry_use_the_option_name(anon):
    product = ProductFactory(public_id="P1", variants=0)
    variant = VariantFactory(product=product)
    VariantPriceFactory(variant=variant)
    VariantOptionFactory(variant=variant, code="volume", name="Объём", string_value="1 л")

    [doc] = anon.get(URL).json()["products"]

    assert doc["options"] == [{"id": "volume", "name": "Объём", "name_plural": "Объём", "values": ["1 л"]}]
    assert Product.objects.count() == 1


def test_records_total_is_right_on_a_page_past_the_end(anon):
    make_product("P1")
    make_product("P2")

    response = anon.get(URL, {"page": 5, "size": 1})

    assert response.json() == {"success": True, "recordsTotal": 2, "products": []}
