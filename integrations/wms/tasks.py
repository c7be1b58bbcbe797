"""Celery tasks of the WMS integration: thin, idempotent, retrying transient failures only."""

import logging
import time

from celery import shared_task
from django.conf import settings

from config.kernel.errors import DomainError

from . import services
from .client import WmsTransientError

logger = logging.getLogger(__name__)

EAGER_RETRY_DELAY_MAX = 1.0  # seconds


@shared_task(bind=True, max_retries=None, acks_late=True)
def process_outbox_entry_task(self, entry_id: int):
    """Carry out one outbox entry; transient WMS failures are retried with exponential backoff and
    jitter up to WMS_MAX_RETRIES, then the entry and its variants show the error."""
    retries = self.request.retries
    while True:
        try:
            services.process_entry(entry_id=entry_id)
            return
        except WmsTransientError as exc:
            if retries >= settings.WMS_MAX_RETRIES:
                logger.warning("WMS entry %s failed after %s retries: %s", entry_id, retries, exc)
                services.give_up_entry(
                    entry_id=entry_id, error=f"WMS недоступен ({retries + 1} попыток): {exc.message}"
                )
                return
            delay = services.backoff_delay(retries)
            if not self.request.is_eager:
                raise self.retry(exc=exc, countdown=delay) from None
            # Eager mode (no broker: development, SQLite tests) cannot re-queue: retry in place, briefly,
            # because the caller's HTTP request is waiting.
            time.sleep(min(delay, EAGER_RETRY_DELAY_MAX))
            retries += 1


@shared_task
def requeue_outbox_task():
    services.prune_call_log()
    return services.requeue_stale_entries()


@shared_task
def auto_push_changed_task():
    return services.queue_changed_variants()


@shared_task(bind=True, max_retries=3)
def pull_stock_task(self):
    try:
        return services.pull_stock()
    except DomainError as exc:  # no fulfillment warehouse configured: nothing to do
        logger.info("WMS stock pull skipped: %s", exc.message)
        return 0
    except WmsTransientError as exc:
        if self.request.is_eager:
            raise
        raise self.retry(exc=exc, countdown=services.backoff_delay(self.request.retries)) from None


@shared_task(bind=True, max_retries=3)
def sync_categories_task(self):
    try:
        return services.sync_categories()
    except WmsTransientError as exc:
        if self.request.is_eager:
            raise
        raise self.retry(exc=exc, countdown=services.backoff_delay(self.request.retries)) from None
