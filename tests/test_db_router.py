"""Read replicas: public GETs, the Yandex feeds and the stock export read from a replica (here an alias that
mirrors the test database through a second connection); writes, other requests and a request that has
written use the primary."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from catalog.models import Product
from config.db_router import ReplicaRouter, _reads
from tests.catalog.storefront_data import make_product

REPLICA = "replica1"


@pytest.fixture
def replica(settings):
    """The replica alias of tests/conftest.py (the test database through a second connection), routed to.
    These tests commit (the replica's connection sees only committed rows), so the data the migrations made
    may have been flushed by an earlier transactional test: the price types are made again here."""
    from django.apps import apps

    migration = __import__("catalog.migrations.0002_default_price_types", fromlist=["create_price_types"])
    migration.create_price_types(apps, None)
    settings.DATABASE_REPLICAS = [REPLICA]
    yield connections[REPLICA]
    connections[REPLICA].close()


def queries_on(alias, call):
    with CaptureQueriesContext(connections[alias]) as captured:
        result = call()
    return result, len(captured.captured_queries)


@pytest.mark.django_db(transaction=True, databases=["default", REPLICA])
def test_public_listing_reads_from_the_replica(replica, anon):
    make_product("P1", short_name="Mirrored")

    response, on_replica = queries_on(REPLICA, lambda: anon.get("/api/lite/pub/products", {"id": "P1"}))

    assert response.status_code == 200
    assert response.json()["products"][0]["shortName"] == "Mirrored"
    assert on_replica > 0


@pytest.mark.django_db(transaction=True, databases=["default", REPLICA])
def test_private_api_and_writes_use_the_primary(replica, api):
    make_product("P1")

    response, on_replica = queries_on(REPLICA, lambda: api.get("/api/lite/products", {"id": "P1"}))
    assert response.status_code == 200
    assert on_replica == 0

    response, on_replica = queries_on(
        REPLICA, lambda: api.post("/api/lite/products", {"id": "P1", "shortName": "New"}, format="json")
    )
    assert response.status_code == 200
    assert on_replica == 0


@pytest.mark.django_db(transaction=True, databases=["default", REPLICA])
def test_stock_export_and_yandex_paths_read_from_the_replica(replica, api):
    make_product("P1")

    def export():
        response = api.get("/api/lite/products/stocks", {"size": 10})
        return response.status_code, b"".join(response.streaming_content)

    (status, body), on_replica = queries_on(REPLICA, export)

    assert status == 200
    assert b"P1" in body
    assert on_replica > 0


def test_a_request_that_has_written_reads_the_primary(settings):
    settings.DATABASE_REPLICAS = [REPLICA]
    router = ReplicaRouter()
    token = _reads.set("replica")
    try:
        connection = connections["default"]
        in_block = connection.in_atomic_block
        connection.in_atomic_block = False  # as outside a transaction
        try:
            assert router.db_for_read(Product) == REPLICA
            assert router.db_for_write(Product) == "default"
            assert router.db_for_read(Product) == "default"
        finally:
            connection.in_atomic_block = in_block
    finally:
        _reads.reset(token)


def test_without_replicas_everything_reads_the_primary(settings):
    settings.DATABASE_REPLICAS = []
    token = _reads.set("replica")
    try:
        assert ReplicaRouter().db_for_read(Product) == "default"
    finally:
        _reads.reset(token)


def test_replicas_never_migrate(settings):
    settings.DATABASE_REPLICAS = [REPLICA]
    assert ReplicaRouter().allow_migrate(REPLICA, "catalog") is False
    assert ReplicaRouter().allow_migrate("default", "catalog") is True
