"""The catalog version: one number in the cache that every write changing public data bumps after commit.

Cached public answers (config/api/public_cache.py) are keyed by this version, so a committed write makes
every older entry unreachable at once: the cache is never stale and needs no time-based expiry to be
correct. Domain write paths call `catalog_changed()` (one helper, no DRF); the bump runs on commit, so a
rolled-back write changes nothing and readers never see the new version before the new rows.
"""

import time

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "catalog:version"


def catalog_changed(using: str | None = None) -> None:
    """Bump the catalog version when the current transaction commits (at once outside a transaction).

    Registered once per transaction however many rows the write touches (a batch of 1000 products)."""
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        _bump()
        return
    if any(getattr(func, "catalog_bump_pending", False) for _, func, _ in connection.run_on_commit):
        return

    def bump():
        # Not pending once run: a test's captured callbacks stay in the list after they ran.
        bump.catalog_bump_pending = False
        _bump()

    bump.catalog_bump_pending = True  # type: ignore[attr-defined]
    transaction.on_commit(bump, using=using)


def current_version():
    """The version to key cached answers by; None when the cache cannot say (then nothing is cached)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        _start()
        version = cache.get(VERSION_KEY)
    return version


def current_version_and(key: str):
    """(current_version(), the cached value of `key` or None) in one round trip to the cache: a cached
    answer's whole cost is this one call."""
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    if version is None:
        return current_version(), None
    return version, found.get(key)


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet (a new or flushed cache)
        _start()


def _start() -> None:
    # A fresh version is the clock in nanoseconds, so it can never equal one an older entry was keyed by.
    cache.add(VERSION_KEY, time.time_ns(), timeout=None)
