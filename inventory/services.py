"""Stock write paths. Every change of a stock level goes through here and lands in the ledger."""

from decimal import Decimal

from django.db import transaction

from .locks import lock_stock_levels
from .models import StockLevel, StockMovement, Warehouse


def default_warehouse() -> Warehouse | None:
    return Warehouse.objects.filter(is_default=True).first() or Warehouse.objects.order_by("pk").first()


def set_stock_totals(*, entries: list[tuple[int, int, Decimal]], source: str, user_login: str = "", reason: str):
    """Set stockTotal of (variant_id, warehouse_id) pairs, keeping reservations.

    Creates missing stock rows, locks the affected rows in primary-key order, and writes one ledger
    line per real change. Runs in one transaction.
    """
    if not entries:
        return
    wanted = {(variant_id, warehouse_id): Decimal(total) for variant_id, warehouse_id, total in entries}
    with transaction.atomic():
        StockLevel.objects.bulk_create(
            [StockLevel(variant_id=v, warehouse_id=w) for v, w in wanted],
            ignore_conflicts=True,
        )
        variant_ids = {v for v, _ in wanted}
        rows = lock_stock_levels(StockLevel.objects.filter(variant_id__in=variant_ids))
        changed, movements = [], []
        for row in rows:
            total = wanted.get((row.variant_id, row.warehouse_id))
            if total is None or total == row.total:
                continue
            movements.append(
                StockMovement(
                    variant_id=row.variant_id,
                    warehouse_id=row.warehouse_id,
                    delta_total=total - row.total,
                    reason=reason,
                    source=source,
                    user_login=user_login,
                )
            )
            row.total = total
            changed.append(row)
        if changed:
            for row in changed:
                row.save(update_fields=["total", "updated_at"])
            StockMovement.objects.bulk_create(movements)
