"""Row locks that decide stock changes, always taken in primary-key order so that two
transactions locking overlapping rows can never deadlock each other.

Lock order across tables: a reservation row first (when there is one), then its stock levels.
"""

from django.db import connection

from .models import Reservation, StockLevel, UniqueNumber


def lock_stock_levels(queryset) -> list[StockLevel]:
    return list(queryset.select_for_update().order_by("pk"))


def lock_reservation(order_id: str) -> Reservation | None:
    return Reservation.objects.select_for_update().filter(order_id=order_id).first()


def lock_free_unique_number(queryset) -> UniqueNumber | None:
    """The first free number, skipping rows another transaction is taking right now (PostgreSQL), so
    parallel callers each get a different number without waiting on each other."""
    if connection.features.has_select_for_update_skip_locked:
        queryset = queryset.select_for_update(skip_locked=True)
    else:
        queryset = queryset.select_for_update()
    return queryset.order_by("pk").first()
