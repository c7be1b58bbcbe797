"""config.kernel.sql.fetch_prepared and among_sql: a hand-written read planned once per connection."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from config.kernel.sql import among_sql, fetch_prepared
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

NAMES_SQL = "SELECT p.public_id FROM catalog_product p WHERE {among} ORDER BY p.public_id"


def _names(values, name="test_product_names") -> list[str]:
    among, params = among_sql("p.public_id", values, "ids")
    return [row[0] for row in fetch_prepared(name, NAMES_SQL.format(among=among), params)]


def test_the_rows_are_those_of_the_query_whatever_the_values():
    for n in range(3):
        ProductFactory(public_id=f"FP-{n}")

    assert _names(["FP-2", "FP-0", "absent"]) == ["FP-0", "FP-2"]
    assert _names(["FP-1"]) == ["FP-1"]  # the same prepared statement, other values
    assert _names(["x" * 70]) == []


def _verbs(queries) -> list[str]:
    return [q["sql"].split()[0] for q in queries.captured_queries]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no PREPARE")
@pytest.mark.django_db(transaction=True)
def test_prepared_once_per_connection_and_again_on_a_new_one():
    ProductFactory(public_id="FP-A")

    with CaptureQueriesContext(connection) as first:
        assert _names(["FP-A"], "test_once") == ["FP-A"]
    with CaptureQueriesContext(connection) as second:
        assert _names(["FP-A"], "test_once") == ["FP-A"]
    connection.close()  # as CONN_MAX_AGE or a failed health check does
    with CaptureQueriesContext(connection) as reconnected:
        assert _names(["FP-A"], "test_once") == ["FP-A"]

    assert _verbs(first) == ["PREPARE", "EXECUTE"]
    assert "$1" in first.captured_queries[0]["sql"]
    assert _verbs(second) == ["EXECUTE"]
    assert _verbs(reconnected) == ["PREPARE", "EXECUTE"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no PREPARE")
def test_a_rolled_back_transaction_keeps_the_statement():
    ProductFactory(public_id="FP-R")
    try:
        with transaction.atomic():
            assert _names(["FP-R"], "test_rolled_back") == ["FP-R"]
            raise RuntimeError("roll back")
    except RuntimeError:
        pass

    with CaptureQueriesContext(connection) as after:
        assert _names(["FP-R"], "test_rolled_back") == ["FP-R"]
    assert _verbs(after) == ["EXECUTE"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no PREPARE")
def test_switched_off_for_a_transaction_pooler(settings):
    settings.DATABASE_PREPARED_STATEMENTS = False
    ProductFactory(public_id="FP-P")

    with CaptureQueriesContext(connection) as queries:
        assert _names(["FP-P"], "test_switched_off") == ["FP-P"]

    assert _verbs(queries) == ["SELECT"]


def test_among_sql_names_one_parameter_per_value_where_there_are_no_arrays():
    sql, params = among_sql("v.public_id", ["a", "b"], "ids")

    if connection.vendor == "postgresql":
        assert (sql, params) == ("v.public_id = ANY(%(ids)s::text[])", {"ids": ["a", "b"]})
    else:
        assert (sql, params) == ("v.public_id IN (%(ids_0)s, %(ids_1)s)", {"ids_0": "a", "ids_1": "b"})
