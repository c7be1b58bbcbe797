from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def expire_reservations_task() -> int:
    """Periodic (CELERY_BEAT_SCHEDULE "inventory-expire-reservations"): release reservations whose time is
    up. Idempotent: an expired reservation is skipped on the next run."""
    return services.expire_reservations()
