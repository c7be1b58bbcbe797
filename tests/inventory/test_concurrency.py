"""Real parallel connections on PostgreSQL: each thread has its own database connection and transaction."""

import random
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from config.kernel.errors import DomainError
from inventory.models import Reservation, ReservationLine, StockLevel, UniqueNumber
from inventory.services import ReservationItem, release_reservation, reserve_stock, take_unique_number
from tests.factories.catalog import VariantFactory
from tests.factories.inventory import StockLevelFactory, WarehouseFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 24


def run_in_parallel(work, count=THREADS):
    """Start `count` threads together; each runs work(index) on its own connection. Returns results and errors."""
    barrier = threading.Barrier(count)
    results, errors = [None] * count, [None] * count

    def target(index):
        try:
            barrier.wait()
            results[index] = work(index)
        except DomainError as error:
            errors[index] = error
        except Exception as error:  # a deadlock or an integrity error would land here and fail the test
            errors[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results, errors


def test_parallel_orders_never_reserve_more_than_available():
    assert connection.vendor == "postgresql"
    level = StockLevelFactory(variant=VariantFactory(public_id="LAST"), total=Decimal("10"))

    results, errors = run_in_parallel(
        lambda i: reserve_stock(order_id=f"O{i}", items=[ReservationItem("LAST", None, Decimal("1"))])
    )

    succeeded = [r for r in results if r is not None]
    assert len(succeeded) == 10
    assert all(isinstance(e, DomainError) and "Недостаточно" in e.message for e in errors if e is not None)
    assert sum(e is not None for e in errors) == THREADS - 10
    level.refresh_from_db()
    assert level.reserved == 10
    assert Reservation.objects.count() == 10
    assert sum(line.quantity for line in ReservationLine.objects.all()) == 10


def test_parallel_multi_item_orders_in_any_order_neither_deadlock_nor_oversell():
    warehouses = [WarehouseFactory(is_default=True), WarehouseFactory()]
    codes = [f"M{i}" for i in range(4)]
    for code in codes:
        variant = VariantFactory(public_id=code)
        for warehouse in warehouses:
            StockLevelFactory(variant=variant, warehouse=warehouse, total=Decimal("3"))

    def work(index):
        picked = random.Random(index).sample(codes, 3)
        items = [ReservationItem(code, None, Decimal("2")) for code in picked]
        return reserve_stock(order_id=f"X{index}", items=items)

    results, errors = run_in_parallel(work)

    unexpected = [e for e in errors if e is not None and not isinstance(e, DomainError)]
    assert unexpected == []  # no deadlock, no integrity error
    for level in StockLevel.objects.all():
        assert 0 <= level.reserved <= level.total
    reserved = {code: Decimal(0) for code in codes}
    for line in ReservationLine.objects.select_related("variant"):
        reserved[line.variant.public_id] += line.quantity
    for code in codes:
        in_rows = sum(level.reserved for level in StockLevel.objects.filter(variant__public_id=code))
        assert in_rows == reserved[code]  # none lost, none invented
    assert sum(r is not None for r in results) == Reservation.objects.count() > 0


def test_parallel_retries_of_one_order_reserve_once():
    level = StockLevelFactory(variant=VariantFactory(public_id="ONE"), total=Decimal("100"))

    results, errors = run_in_parallel(
        lambda i: reserve_stock(order_id="SAME", items=[ReservationItem("ONE", None, Decimal("7"))])
    )

    assert errors == [None] * THREADS
    assert len({r[0].pk for r in results}) == 1
    assert sum(created for _, created in results) == 1
    level.refresh_from_db()
    assert level.reserved == 7


def test_parallel_reserve_and_release_keep_the_books_straight():
    level = StockLevelFactory(variant=VariantFactory(public_id="RR"), total=Decimal("6"))
    for i in range(6):
        reserve_stock(order_id=f"R{i}", items=[ReservationItem("RR", None, Decimal("1"))])

    def work(index):
        if index < 6:
            return release_reservation(order_id=f"R{index}")
        return reserve_stock(order_id=f"N{index}", items=[ReservationItem("RR", None, Decimal("1"))])

    results, errors = run_in_parallel(work, count=18)

    assert all(e is None or isinstance(e, DomainError) for e in errors)
    level.refresh_from_db()
    active = ReservationLine.objects.filter(reservation__status="ACTIVE")
    assert level.reserved == sum(line.quantity for line in active) <= level.total


def test_parallel_callers_never_get_the_same_unique_number():
    variant = VariantFactory(public_id="UIT1")
    UniqueNumber.objects.bulk_create([UniqueNumber(variant=variant, number=f"N{i:03d}") for i in range(15)])

    results, errors = run_in_parallel(lambda i: take_unique_number(variant_id="UIT1", type="UIT").number)

    taken = [r for r in results if r is not None]
    assert len(taken) == 15
    assert len(set(taken)) == 15
    assert all(isinstance(e, DomainError) and "Нет свободных" in e.message for e in errors if e is not None)
    assert UniqueNumber.objects.filter(is_reserved=True).count() == 15


def test_parallel_batches_give_a_contested_barcode_to_one_variant():
    """Batches written set-based at the same moment, each adding the same barcode: the unique index makes
    all but one batch fall back to product by product, which reports only the variant that lost."""
    from catalog.models import Barcode, Variant
    from catalog.services.products import save_products
    from catalog.services.variants import INTEGRITY_RACE
    from config.kernel.actor import Actor

    WarehouseFactory(is_default=True)
    threads = 8

    def batch(index):
        items = [
            {
                "public_id": f"T{index}-{n}",
                "variants_to_update": [{"public_id": f"T{index}-{n}", "barcodes": [{"value": f"own-{index}-{n}"}]}],
            }
            for n in range(10)
        ]
        items[3]["variants_to_update"][0]["barcodes"] = [{"value": "contested"}]
        return save_products(items=items, partial=False, actor=Actor(action=f"batch {index}"))

    results, errors = run_in_parallel(batch, count=threads)

    assert errors == [None] * threads
    contested = [r.variants[0] for answer in results for r in answer if r.public_id.endswith("-3")]
    winners = [v for v in contested if v.success]
    assert len(winners) == 1
    assert Barcode.objects.get(value="contested").variant.public_id == winners[0].variant_id
    losers = [v.errors[0] for v in contested if not v.success]
    assert all(e == INTEGRITY_RACE or e.startswith("Штрихкод contested уже используются") for e in losers)
    others = [r for answer in results for r in answer if not r.public_id.endswith("-3")]
    assert all(r.success and r.variants[0].success for r in others)
    # Every product was saved; one that lost the barcode got its automatic variant instead.
    assert Variant.objects.filter(public_id__startswith="T").count() == threads * 10
    assert Barcode.objects.filter(value__startswith="own-").count() == threads * 9


def test_parallel_batches_setting_one_stock_keep_the_ledger_straight():
    """Stock rows are locked in pk order by the batch's one set_stock_totals call and written as absolute
    figures: the ledger of a level every batch sets still adds up to its final total."""
    from catalog.services.products import save_products
    from config.kernel.actor import Actor
    from inventory.models import StockMovement

    warehouse = WarehouseFactory(is_default=True)
    shared = [VariantFactory(public_id=f"S{n}", product__public_id=f"SP{n}") for n in range(3)]
    threads = 8

    def batch(index):
        items = [
            {
                "public_id": f"SP{n}",
                "variants_to_update": [
                    {"public_id": f"S{n}", "stock": [{"stock_total": index + n + 1}], "update_stock_total": True}
                ],
            }
            for n in (range(3) if index % 2 else reversed(range(3)))  # in either order: no deadlock
        ]
        return save_products(items=items, partial=False, actor=Actor(action=f"batch {index}"))

    results, errors = run_in_parallel(batch, count=threads)

    assert errors == [None] * threads
    assert all(r.success for answer in results for r in answer)
    for variant in shared:
        level = StockLevel.objects.get(variant=variant, warehouse=warehouse)
        assert sum(m.delta_total for m in StockMovement.objects.filter(variant=variant)) == level.total > 0
