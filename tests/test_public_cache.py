"""The never-stale cache of public GETs: a repeated request is served from the cache, and each kind of write
that changes public data is visible in the very next request (the catalog version is bumped on commit)."""

from decimal import Decimal

import pytest
from django.core.cache import cache

from catalog.services.collections import save_collection
from catalog.services.products import delete_products
from inventory.services import delete_warehouse, set_stock_totals
from reviews.models import Review
from reviews.services import set_reviews_status
from tests.catalog.storefront_data import make_product
from tests.factories import CollectionFactory, StockLevelFactory, WarehouseFactory
from tests.reviews.factories import ReviewFactory

LISTING = "/api/lite/pub/products"
pytestmark = pytest.mark.django_db


@pytest.fixture
def write(settings, django_capture_on_commit_callbacks):
    """Turns the cache on and returns a context manager that runs a write's on-commit callbacks, as a real
    commit would (tests run inside one transaction)."""
    settings.PUBLIC_CACHE_SECONDS = 60
    # Redis in production; an in-memory cache stands in (the database cache table would add its own queries).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()  # in-memory caches outlive a settings change: start from an empty one
    return lambda: django_capture_on_commit_callbacks(execute=True)


def first_product(anon, **params):
    response = anon.get(LISTING, {"id": "P1", **params})
    assert response.status_code == 200
    return response.json()["products"][0]


def test_a_repeated_request_is_served_from_the_cache(anon, write, django_assert_num_queries):
    make_product("P1", short_name="Old")
    first_product(anon)

    with django_assert_num_queries(0):
        assert first_product(anon)["shortName"] == "Old"


def test_cache_is_off_by_default_without_redis(anon, settings, django_assert_max_num_queries):
    settings.PUBLIC_CACHE_SECONDS = 0
    make_product("P1")
    first_product(anon)

    with django_assert_max_num_queries(100) as context:
        first_product(anon)
    assert len(context.captured_queries) > 0


def test_product_write_is_visible_in_the_next_request(anon, api, write):
    make_product("P1", short_name="Old")
    assert first_product(anon)["shortName"] == "Old"

    with write():
        assert api.post("/api/lite/products", {"id": "P1", "shortName": "New"}, format="json").status_code == 200

    assert first_product(anon)["shortName"] == "New"


def test_variant_and_price_writes_are_visible_in_the_next_request(anon, api, write):
    make_product("P1", prices=((990, None),))
    assert [v["price"] for v in first_product(anon)["variants"]] == [990]

    with write():
        response = api.post(
            "/api/lite/products/variants", {"productId": "P1", "variantId": "P1-v1", "price": 1500}, format="json"
        )
        assert response.status_code == 200, response.json()
    assert [v["price"] for v in first_product(anon)["variants"]] == [1500]

    with write():
        response = api.post(
            "/api/lite/products/variants", {"productId": "P1", "variantId": "P1-v2", "price": 700}, format="json"
        )
        assert response.status_code == 200, response.json()
    assert [v["id"] for v in first_product(anon)["variants"]] == ["P1-v1", "P1-v2"]


def test_stock_write_is_visible_in_the_next_request(anon, write):
    warehouse = WarehouseFactory(code="W1")
    product = make_product("P1", stock=(warehouse, 5, 0))
    assert first_product(anon)["variants"][0]["stock"][0]["stockTotal"] == 5

    variant = product.variants.get()
    with write():
        set_stock_totals(entries=[(variant.pk, warehouse.pk, Decimal(7))], source="API", reason="test")

    assert first_product(anon)["variants"][0]["stock"][0]["stockTotal"] == 7


def listed_ids(anon) -> list[str]:
    return [product["id"] for product in anon.get(LISTING).json()["products"]]


def test_a_deleted_product_leaves_the_next_answer(anon, write):
    make_product("P1")
    deleted = make_product("P2")
    assert listed_ids(anon) == ["P1", "P2"]

    with write():
        assert delete_products(product_ids=[deleted.pk]) == [deleted.pk]

    assert listed_ids(anon) == ["P1"]


def test_a_deleted_warehouse_leaves_the_next_answer(anon, write):
    kept, emptied = WarehouseFactory(code="W1"), WarehouseFactory(code="W2")
    product = make_product("P1", stock=(kept, 5, 0))
    StockLevelFactory(variant=product.variants.get(), warehouse=emptied, total=Decimal(0))
    assert [s["warehouseCode"] for s in first_product(anon)["variants"][0]["stock"]] == ["W1", "W2"]

    with write():
        delete_warehouse(code="W2")

    assert [s["warehouseCode"] for s in first_product(anon)["variants"][0]["stock"]] == ["W1"]


def test_collection_write_is_visible_in_the_next_request(anon, write):
    collection = CollectionFactory(public_id="C1", is_public=True)
    make_product("P1", collections=[collection])
    assert first_product(anon)["anyPublicCollections"] is True

    with write():
        save_collection(data={"public_id": "C1", "name": collection.name, "is_public": False})

    assert first_product(anon)["anyPublicCollections"] is False


def test_review_moderation_is_visible_in_the_next_request(anon, write):
    product = make_product("P1")
    review = ReviewFactory(product=product, status=Review.Status.NEW, score=4)

    def public_reviews():
        response = anon.get("/api/lite/pub/products/reviews", {"productId": "P1"})
        assert response.status_code == 200
        return response.json()

    before = public_reviews()
    with write():
        set_reviews_status(review_ids=[review.pk], status=Review.Status.CONFIRMED)

    after = public_reviews()
    assert after != before
    assert str(review.public_id) in str(after)
    assert first_product(anon)["reviewScore"] == 4


def test_filter_block_write_is_visible_in_the_next_request(anon, api, write):
    collection = CollectionFactory(public_id="C1")
    make_product("P1", collections=[collection], brand="Alfa")

    def public_blocks():
        response = anon.get("/api/lite/pub/products/filters", {"collectionId": "C1"})
        assert response.status_code == 200
        return response.json()["filterBlocks"]

    assert public_blocks() == []
    block = {"type": "OTHER", "ordering": 10, "collectionId": "C1", "filters": [{"type": "BRAND", "enabled": True}]}
    with write():
        assert api.post("/api/lite/products/filters", block, format="json").status_code == 200

    assert [f["type"] for b in public_blocks() for f in b["filters"]] == ["BRAND"]


def test_brands_follow_a_product_write(anon, api, write):
    make_product("P1", brand="Alfa")
    assert anon.get("/api/lite/pub/products/brands").json()["brands"] == ["Alfa"]

    with write():
        api.post("/api/lite/products", {"id": "P1", "shortName": "x", "brandName": "Beta"}, format="json")

    assert anon.get("/api/lite/pub/products/brands").json()["brands"] == ["Beta"]


def test_a_rolled_back_write_keeps_the_cache(anon, write, django_assert_num_queries):
    from django.db import transaction

    from config.kernel.catalog_version import catalog_changed, current_version

    make_product("P1")
    first_product(anon)
    version = current_version()
    with write():
        try:
            with transaction.atomic():
                catalog_changed()
                raise RuntimeError
        except RuntimeError:
            pass
    assert current_version() == version
