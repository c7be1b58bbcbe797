"""Celery tasks of spreadsheet imports (kept apart from catalog/tasks.py, which the storefront owns)."""

from celery import shared_task


@shared_task(acks_late=True)
def run_import_job_task(job_id: int) -> None:
    """Apply a confirmed large admin import; a job that already ran is skipped."""
    from .import_jobs import run_import_job

    run_import_job(job_id=job_id)
