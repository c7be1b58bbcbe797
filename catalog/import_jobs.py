"""Large product imports (more than IMPORT_SYNC_MAX_ROWS rows) confirmed in the admin run as a Celery job.

The admin's dry run has shown the preview; on "Confirm import" the rows are stored with an ImportJob and the
`imports` queue applies them with the same ProductResource, CHUNK rows per transaction, so the progress page
can show how far it is. Row errors keep the preview's row numbers (the first row under the headings is 1).
"""

import tablib
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from config.kernel.queue import send

from .models import ImportJob

CHUNK = 200
BROKER_DOWN = "Очередь фоновых задач недоступна, импорт не запущен: загрузите файл снова чуть позже"


def queue_import_job(*, dataset: tablib.Dataset, file_name: str, user) -> ImportJob:
    """Store the confirmed rows and queue them for the `imports` workers (on commit)."""
    from .import_tasks import run_import_job_task

    job = ImportJob(
        file_name=(file_name or "import")[:255],
        user=user if user is not None and user.is_authenticated else None,
        total=len(dataset),
    )
    job.file.save(f"{job.file_name.rsplit('/', 1)[-1][:80]}.json", ContentFile(dataset.export("json")), save=False)
    job.save()

    def broker_down():
        finish(job.pk, ImportJob.Status.FAILED, [BROKER_DOWN])

    transaction.on_commit(lambda: send(run_import_job_task, job.pk, on_broker_down=broker_down))
    return job


def run_import_job(*, job_id: int) -> None:
    """Apply a stored import; safe to call twice (only a PENDING job runs)."""
    from .product_resources import ProductResource

    if not ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.PENDING).update(status=ImportJob.Status.RUNNING):
        return
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    with job.file.open("rb") as handle:
        dataset = tablib.Dataset().load(handle.read().decode("utf-8"), format="json")
    resource = ProductResource()
    errors: list[str] = []
    for start in range(0, len(dataset), CHUNK):
        chunk = tablib.Dataset(*dataset[start : start + CHUNK], headers=dataset.headers)
        result = resource.import_data(
            chunk, dry_run=False, use_transactions=True, rollback_on_validation_errors=True, user=job.user
        )
        errors += result_errors(result, offset=start)
        ImportJob.objects.filter(pk=job_id).update(
            processed=F("processed") + len(chunk),
            changed_products=F("changed_products") + len(resource.changed_products),
        )
    finish(job_id, ImportJob.Status.FAILED if errors else ImportJob.Status.DONE, errors)


def result_errors(result, *, offset: int = 0) -> list[str]:
    """An import-export Result's errors as "Строка N: ..." lines (N as in the preview, plus `offset`)."""
    lines = [str(error.error) for error in result.base_errors]
    for number, row_errors in result.row_errors():
        lines += [f"Строка {offset + number}: {error.error}" for error in row_errors]
    for row in result.invalid_rows:
        messages = []
        for column, column_errors in row.error_dict.items():
            prefix = "" if column == "__all__" else f"{column}: "
            messages += [f"{prefix}{message}" for message in column_errors]
        lines.append(f"Строка {offset + row.number}: {'; '.join(messages)}")
    return lines


def finish(job_id: int, status: str, errors: list[str]) -> None:
    ImportJob.objects.filter(pk=job_id).update(status=status, errors=errors[:1000], finished_at=timezone.now())
