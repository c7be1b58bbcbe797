"""inventory.available is the one definition of available stock: every reader agrees, never below zero.

A warehouse may report less than is reserved (its figure is the truth); such a row is over-reserved. The
rows here are written with a plain UPDATE, as a WMS pull or a manager's correction leaves them.
"""

import json
from decimal import Decimal

import pytest
from django.db import connection

from catalog.documents import load_documents
from inventory import queries
from inventory.available import available_expression, available_quantity, available_sql, has_available
from inventory.models import StockLevel
from tests.factories.inventory import StockLevelFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("total", "reserved", "available"),
    [(None, None, "0"), ("10", "2", "8"), ("2", "2", "0"), ("2", "5", "0"), ("1.500", None, "1.500")],
)
def test_python_rule(total, reserved, available):
    def as_decimal(value):
        return None if value is None else Decimal(value)

    assert available_quantity(as_decimal(total), as_decimal(reserved)) == Decimal(available)


@pytest.fixture
def rows():
    normal = StockLevelFactory(total=Decimal("10"), reserved=Decimal("3"))
    over = StockLevelFactory(total=Decimal("10"), reserved=Decimal("3"))
    StockLevel.objects.filter(pk=over.pk).update(total=Decimal("1"))  # the warehouse now says 1
    return normal, over


def test_orm_sql_python_and_documents_agree_on_an_over_reserved_row(rows):
    normal, over = rows
    orm = dict(StockLevel.objects.annotate(free=available_expression()).values_list("pk", "free"))
    python = {level.pk: level.available for level in StockLevel.objects.all()}

    assert orm == python == {normal.pk: Decimal("7"), over.pk: Decimal("0")}
    assert set(StockLevel.objects.filter(has_available()).values_list("pk", flat=True)) == {normal.pk}
    [variant] = load_documents([over.variant.product_id])[over.variant.product_id]["variants"]
    assert [(s["stockTotal"], s["stockAvailable"]) for s in variant["stock"]] == [(1, 0)]  # the product's document


def test_stock_export_never_answers_a_negative_available(rows):
    _, over = rows
    body = json.loads(b"".join(queries.stream_stocks(updated_from=None, offset=0, limit=10)))
    by_variant = {v["id"]: v["stock"] for v in body["variants"]}
    (entry,) = by_variant[over.variant.public_id]
    assert (entry["stockTotal"], entry["stockReserved"], entry["stockAvailable"]) == (1, 3, 0)


@pytest.mark.postgres
def test_raw_sql_agrees_on_postgresql(rows):
    normal, over = rows
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT s.id, {available_sql('s')} FROM inventory_stocklevel s")
        assert dict(cursor.fetchall()) == {normal.pk: Decimal("7"), over.pk: Decimal("0")}
