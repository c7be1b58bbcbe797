"""Celery tasks of the catalog: thin, idempotent, they call a service."""

from celery import shared_task

from .services.filter_blocks import recompute_filter_values


@shared_task(name="catalog.tasks.recompute_filter_values_task", ignore_result=True)
def recompute_filter_values_task(collection_ids: list[int] | None = None) -> int:
    """Recompute the values offered in filter blocks (periodic, django-celery-beat; and from the admin)."""
    return recompute_filter_values(collection_ids=collection_ids)
