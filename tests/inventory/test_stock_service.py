from decimal import Decimal

import pytest

from config.kernel.errors import ValidationFailed
from inventory.models import StockLevel, StockMovement
from inventory.services import StockDelta, apply_stock_deltas, correct_stock, set_stock_totals
from tests.factories.catalog import VariantFactory
from tests.factories.inventory import StockLevelFactory, WarehouseFactory

pytestmark = pytest.mark.django_db


def test_set_stock_totals_creates_rows_keeps_reserve_and_writes_the_ledger():
    variant, warehouse = VariantFactory(), WarehouseFactory(code="W1")
    level = StockLevelFactory(variant=variant, warehouse=warehouse, total=5, reserved=2)
    other = VariantFactory()

    set_stock_totals(
        entries=[(variant.pk, warehouse.pk, Decimal("8")), (other.pk, warehouse.pk, Decimal("3"))],
        source="WMS",
        user_login="robot",
        reason="sync",
    )

    level.refresh_from_db()
    assert (level.total, level.reserved) == (8, 2)
    assert StockLevel.objects.get(variant=other).total == 3
    ledger = {m.variant_id: m for m in StockMovement.objects.all()}
    assert ledger[variant.pk].delta_total == 3
    assert (ledger[other.pk].delta_total, ledger[other.pk].source, ledger[other.pk].user_login) == (3, "WMS", "robot")
    assert ledger[other.pk].warehouse_code == "W1"


def test_set_stock_totals_without_a_change_writes_no_ledger_line():
    level = StockLevelFactory(total=5)

    set_stock_totals(entries=[(level.variant_id, level.warehouse_id, 5)], source="API", reason="same")

    assert not StockMovement.objects.exists()


def test_correct_stock_needs_a_reason_and_lands_in_the_ledger():
    level = StockLevelFactory(total=5, reserved=1)

    with pytest.raises(ValidationFailed, match="причину"):
        correct_stock(variant_id=level.variant_id, warehouse_id=level.warehouse_id, total=2, reason=" ")
    correct_stock(
        variant_id=level.variant_id,
        warehouse_id=level.warehouse_id,
        total=4,
        expired=1,
        reason="Пересчёт",
        user_login="manager",
    )

    level.refresh_from_db()
    assert (level.total, level.reserved, level.expired) == (4, 1, 1)
    movement = StockMovement.objects.get()
    assert (movement.delta_total, movement.delta_expired, movement.source, movement.reason, movement.user_login) == (
        -1,
        1,
        "USER",
        "Пересчёт",
        "manager",
    )


@pytest.mark.parametrize(("figures", "message"), [({"total": 0}, "меньше резерва"), ({"expired": -1}, "отрицательн")])
def test_correct_stock_refuses_impossible_figures(figures, message):
    level = StockLevelFactory(total=5, reserved=2)

    with pytest.raises(ValidationFailed, match=message):
        correct_stock(variant_id=level.variant_id, warehouse_id=level.warehouse_id, reason="x", **figures)

    level.refresh_from_db()
    assert (level.total, level.expired) == (5, 0)
    assert not StockMovement.objects.exists()


def test_apply_stock_deltas_refuses_a_reserve_beyond_the_total_atomically():
    first, second = StockLevelFactory(total=5), StockLevelFactory(total=1)

    with pytest.raises(ValidationFailed):
        apply_stock_deltas(
            deltas=[
                StockDelta(first.variant_id, first.warehouse_id, reserved=Decimal("2")),
                StockDelta(second.variant_id, second.warehouse_id, reserved=Decimal("2")),
            ],
            source="API",
            reason="test",
        )

    assert not StockLevel.objects.exclude(reserved=0).exists()
    assert not StockMovement.objects.exists()
