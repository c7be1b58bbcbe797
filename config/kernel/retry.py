"""Re-run a whole transaction that PostgreSQL aborted to resolve a conflict between concurrent writers.

A deadlock (40P01) or a serialization failure (40001) rolls back one of the transactions; nothing of it is
written, so running it again is safe. Parallel batches that name the same products in different orders lock
rows (variants, barcodes, prices, stock) in their items' orders. They first queue on name locks taken in one
order (config.kernel.locks); what still deadlocks (another write path touching the same rows) is retried
a bounded number of times after a short random pause."""

import functools
import logging
import random
import time

from django.db import OperationalError, connection, transaction

logger = logging.getLogger(__name__)

RETRIED_SQLSTATES = {"40P01", "40001"}  # deadlock_detected, serialization_failure
ATTEMPTS = 10


def _is_conflict(error: OperationalError) -> bool:
    return getattr(error.__cause__, "sqlstate", None) in RETRIED_SQLSTATES


def atomic_with_retry(func):
    """Run `func` in its own transaction, again (up to ATTEMPTS times) if PostgreSQL aborts it for a
    deadlock or a serialization failure. Inside an outer transaction there is nothing to retry alone: the
    call runs once, in a savepoint, and a conflict goes to the caller."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        if connection.in_atomic_block:
            with transaction.atomic():
                return func(*args, **kwargs)
        for attempt in range(1, ATTEMPTS + 1):
            try:
                with transaction.atomic():
                    return func(*args, **kwargs)
            except OperationalError as error:
                if attempt == ATTEMPTS or not _is_conflict(error):
                    raise
                logger.info("%s: transaction conflict, attempt %d of %d: %s", func.__name__, attempt, ATTEMPTS, error)
                time.sleep(random.uniform(0.02, 0.1) * attempt)  # spread the retries apart
        raise AssertionError("unreachable")

    return wrapper
