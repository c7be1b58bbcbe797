"""Name-based locks that serialize writers touching the same things, in one order, so they cannot deadlock.

Row locks are taken in whatever order each writer meets its rows, and rows that do not exist yet (a new
product's id) cannot be locked at all: two batches creating the same products in different orders wait on
each other's unique-index entries and deadlock. A transaction-scoped advisory lock per name, taken in sorted
order before anything is written, makes such writers queue instead. PostgreSQL only; elsewhere a no-op."""

from collections.abc import Iterable

from django.db import connection


def lock_names(names: Iterable[str]) -> None:
    """Take an exclusive transaction-scoped lock on each name, in sorted order; released at commit/rollback.

    Must run inside a transaction. Names are hashed to 64-bit keys; a collision only serializes two writers
    that did not need it."""
    if connection.vendor != "postgresql":
        return
    keys = sorted(set(names))
    if not keys:
        return
    with connection.cursor() as cursor:
        # The ORDER BY in the subquery fixes the order in which the locks are taken.
        cursor.execute(
            "SELECT count(pg_advisory_xact_lock(k)) FROM"
            " (SELECT DISTINCT hashtextextended(name, 0) AS k FROM unnest(%s::text[]) AS name ORDER BY 1) AS keys",
            [keys],
        )
