"""config.kernel.sql.among: the rows whose column is one of the values, by `= ANY(array)` on PostgreSQL."""

import pytest
from django.db import connection

from catalog.models import Product, Variant
from config.kernel.sql import among
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def test_among_finds_the_rows_by_keys_and_by_text():
    first, second, _other = (ProductFactory(public_id=f"AM-{i}") for i in range(3))

    by_text = Product.objects.filter(among("public_id", {"AM-0", "AM-1", "absent"}))
    by_key = Variant.objects.filter(among("product_id", [first.pk, second.pk]))

    assert sorted(p.public_id for p in by_text) == ["AM-0", "AM-1"]
    assert {v.product_id for v in by_key} == {first.pk, second.pk}
    assert list(Product.objects.filter(among("public_id", []))) == []


def test_a_longer_value_does_not_find_the_row_named_by_its_beginning():
    """A cast to the column's varchar(64) would cut the value to 64 characters and find this product."""
    stored = "x" * 64
    ProductFactory(public_id=stored)

    assert not Product.objects.filter(among("public_id", [stored + "-longer"])).exists()
    assert Product.objects.filter(among("public_id", [stored])).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite takes IN")
def test_the_array_has_the_columns_type():
    """`bigint = ANY(integer[])` (psycopg's type for a list of ints) compares every row with every element;
    in the column's own type PostgreSQL hashes the array: 345 ms against 10 ms for 2000 stock rows."""
    keys, _ = Variant.objects.filter(among("product_id", [1])).query.sql_with_params()
    texts, _ = Product.objects.filter(among("public_id", ["a"])).query.sql_with_params()

    assert '"product_id" = ANY(%s::bigint[])' in keys
    assert '"public_id" = ANY(%s::text[])' in texts
