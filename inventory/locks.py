"""Row locks that decide stock changes, always taken in primary-key order so that two
transactions locking overlapping rows can never deadlock each other."""

from .models import StockLevel


def lock_stock_levels(queryset) -> list[StockLevel]:
    return list(queryset.select_for_update().order_by("pk"))
