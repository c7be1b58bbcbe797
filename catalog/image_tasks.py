"""Celery tasks of product images (kept apart from catalog/tasks.py, which the storefront owns)."""

from celery import shared_task


@shared_task(acks_late=True)
def make_image_renditions_task(image_pk: int) -> dict:
    """Produce the 200/600/1200 px renditions of an uploaded image; safe to run twice."""
    from .services.images import make_renditions

    return make_renditions(image_pk=image_pk)
