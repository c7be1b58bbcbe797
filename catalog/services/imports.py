"""Admin spreadsheet imports: preview (read only) and apply through the catalog write services.

Every write goes through save_products / patch_variants / save_variant_directly with
Actor(source=XLS), so each changed product gets a history event; unchanged products are not written.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from config.kernel.actor import Actor, ChangeSource
from config.kernel.errors import DomainError, ValidationFailed
from config.kernel.queue import send

from ..models import ImportJob
from ..resources import ImportPlan, plan_import, read_dataset
from .products import patch_variants, save_products, save_variant_directly

CHUNK = 200

BROKER_DOWN = "Очередь фоновых задач недоступна, импорт не запущен: загрузите файл снова чуть позже"


def import_actor(login: str) -> Actor:
    return Actor(source=ChangeSource.XLS, login=login, action="admin import")


def create_import_job(*, upload, user) -> ImportJob:
    """Store an uploaded sheet for preview; nothing in the catalog changes."""
    content = upload.read()
    read_dataset(content, upload.name)  # a file that cannot be read is refused at once
    job = ImportJob(file_name=upload.name[:255], user=user if user and user.is_authenticated else None)
    from django.core.files.base import ContentFile

    job.file.save(upload.name.rsplit("/", 1)[-1][:100], ContentFile(content), save=False)
    job.save()
    return job


def plan_of(job: ImportJob) -> ImportPlan:
    with job.file.open("rb") as handle:
        content = handle.read()
    return plan_import(read_dataset(content, job.file_name))


def cancel_import_job(*, job: ImportJob) -> None:
    if job.status != ImportJob.Status.PENDING:
        raise ValidationFailed("Импорт уже запущен, его нельзя отменить")
    job.file.delete(save=False)
    job.delete()


def start_import_job(*, job: ImportJob) -> bool:
    """Run a small import now, or queue a large one (more than IMPORT_SYNC_MAX_ROWS rows) for Celery.
    Returns True when it was queued."""
    plan = plan_of(job)
    if plan.errors:
        raise ValidationFailed("В файле есть ошибки: исправьте их и загрузите файл снова")
    ImportJob.objects.filter(pk=job.pk).update(total=plan.total_rows)
    if plan.total_rows > getattr(settings, "IMPORT_SYNC_MAX_ROWS", 500):
        from ..import_tasks import run_import_job_task

        def broker_down():
            _finish(job.pk, ImportJob.Status.FAILED, [BROKER_DOWN])

        transaction.on_commit(lambda: send(run_import_job_task, job.pk, on_broker_down=broker_down))
        return True
    run_import_job(job_id=job.pk)
    return False


def run_import_job(*, job_id: int) -> None:
    """Apply a stored import; safe to call twice (only a PENDING job runs)."""
    if not ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.PENDING).update(status=ImportJob.Status.RUNNING):
        return
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    try:
        plan = plan_of(job)
        if plan.errors:
            _finish(job_id, ImportJob.Status.FAILED, plan.errors)
            return
        ImportJob.objects.filter(pk=job_id).update(total=plan.total_rows)
        login = job.user.get_username() if job.user else ""
        errors = apply_import(plan=plan, actor=import_actor(login), job_id=job_id)
    except DomainError as error:
        _finish(job_id, ImportJob.Status.FAILED, [error.message])
        return
    _finish(job_id, ImportJob.Status.FAILED if errors else ImportJob.Status.DONE, errors)


def _finish(job_id: int, status: str, errors: list[str]) -> None:
    ImportJob.objects.filter(pk=job_id).update(status=status, errors=errors[:1000], finished_at=timezone.now())


def apply_import(*, plan: ImportPlan, actor: Actor, job_id: int | None = None) -> list[str]:
    """Write the changed products of a plan in chunks (each chunk commits on its own); returns errors."""
    errors = []
    unchanged_rows = sum(p.rows for p in plan.products if not p.changes)
    if job_id:
        ImportJob.objects.filter(pk=job_id).update(processed=F("processed") + unchanged_rows)
    changed = plan.changed
    for start in range(0, len(changed), CHUNK):
        chunk = changed[start : start + CHUNK]
        errors += _apply_chunk(chunk, actor)
        if job_id:
            ImportJob.objects.filter(pk=job_id).update(
                processed=F("processed") + sum(p.rows for p in chunk),
                changed_products=F("changed_products") + len(chunk),
            )
    return errors


def _apply_chunk(chunk, actor: Actor) -> list[str]:
    errors = []
    with transaction.atomic():
        new = [p.product_data for p in chunk if p.is_new]
        updated = [p.product_data for p in chunk if not p.is_new and p.product_data]
        for items, partial in ((new, False), (updated, True)):
            if items:
                for result, data in zip(save_products(items=items, partial=partial, actor=actor), items, strict=True):
                    errors += [f"Товар {data['public_id']}: {message}" for message in result.errors]
                    for variant in result.variants or []:
                        errors += [f"Вариант {variant.variant_id}: {message}" for message in variant.errors]
        patches = [patch for p in chunk for patch in p.variant_patches]
        if patches:
            for patched in patch_variants(items=patches, actor=actor):
                errors += [f"Вариант {patched.variant_id}: {message}" for message in patched.errors]
        for data in (v for p in chunk for v in p.new_variants):
            try:
                with transaction.atomic():
                    save_variant_directly(data=data, partial=False, actor=actor)
            except DomainError as error:
                errors.append(f"Вариант {data['public_id']}: {error.message}")
    return errors
