"""An answer's data is freed as soon as it is rendered, not left in a reference cycle for the garbage collector.

DRF's Response keeps the view (renderer_context) and the view keeps the response; with the data still on
it, a listing page's 2,000 dicts and lists waited for a generation-1 collection (100-190 ms each: the
listing's p99 tail, and hundreds of MB per worker in between). config.api.views drops the data once rendered.
"""

import gc

import pytest

from tests.catalog.storefront_data import make_product

pytestmark = pytest.mark.django_db


def cyclic_garbage_of(request) -> int:
    """The objects only the cycle collector could free after one request."""
    gc.collect()
    gc.disable()
    try:
        response = request()
        assert response.status_code == 200
        del response
        return gc.collect()
    finally:
        gc.enable()


def test_the_cyclic_garbage_of_a_listing_does_not_grow_with_its_page(anon):
    for n in range(40):
        make_product(f"P{n}", prices=((990, 1200), (1500, None)), sizes=["S", "M"])
    anon.get("/api/lite/pub/products", {"size": 2})  # one-off loads (URLconf, settings) out of the way

    small = cyclic_garbage_of(lambda: anon.get("/api/lite/pub/products", {"size": 2}))
    large = cyclic_garbage_of(lambda: anon.get("/api/lite/pub/products", {"size": 40}))

    # Before the data was released: about 20 objects more per product (its variants' lists and dicts).
    assert large - small < 40, (small, large)


def test_the_private_documents_are_freed_too(api):
    for n in range(30):
        make_product(f"Q{n}", prices=((990, None), (1500, None)))
    api.get("/api/lite/products", {"size": 2})

    small = cyclic_garbage_of(lambda: api.get("/api/lite/products", {"size": 2}))
    large = cyclic_garbage_of(lambda: api.get("/api/lite/products", {"size": 30}))

    assert large - small < 40, (small, large)
