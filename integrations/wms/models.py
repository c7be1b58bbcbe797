import uuid

from django.db import models

from catalog.models import Variant


class WarehouseCategory(models.Model):
    """A goods category of the WMS (fragile, liquid ...), synchronised from it every night."""

    code = models.CharField(max_length=100, unique=True)
    title = models.CharField(max_length=255)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "категория склада"
        verbose_name_plural = "категории склада (WMS)"

    def __str__(self):
        return f"{self.title} [{self.code}]"


class OutboxEntry(models.Model):
    """An intent to change the WMS, recorded in the same transaction as the request that wants it.

    A worker confirms it (DONE) or gives up on it (FAILED); a periodic task re-queues PENDING entries
    nobody has touched for a while, so a lost Celery message or a dead worker loses nothing.
    """

    class Operation(models.TextChoices):
        PUSH = "PUSH", "Выгрузка номенклатуры"
        DELETE_BARCODES = "DELETE_BARCODES", "Удаление ШК"

    class Status(models.TextChoices):
        PENDING = "PENDING", "Ожидает"
        DONE = "DONE", "Выполнено"
        FAILED = "FAILED", "Ошибка"

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False, help_text="Idempotency key prefix")
    operation = models.CharField(max_length=20, choices=Operation.choices)
    warehouse = models.ForeignKey("inventory.Warehouse", null=True, blank=True, on_delete=models.SET_NULL)
    payload = models.JSONField(default=dict, help_text='{"variant_ids": [...]} or {"barcodes"|"skus": [...]}')
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    chunks_done = models.PositiveIntegerField(default=0, help_text="Batches of a push the WMS has confirmed")
    last_error = models.TextField(blank=True, default="")
    source = models.CharField(max_length=100, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(null=True, blank=True, help_text="Last time a worker was asked to do it")
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "запись outbox WMS"
        verbose_name_plural = "outbox WMS"
        indexes = [models.Index(fields=["status", "queued_at"], name="wms_outbox_pending_idx")]

    def __str__(self):
        return f"{self.get_operation_display()} #{self.pk} ({self.status})"


class WmsCall(models.Model):
    """The log of calls to the WMS: what, when, how it ended."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    operation = models.CharField(max_length=50)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=255)
    status = models.PositiveSmallIntegerField(null=True, blank=True, help_text="HTTP status; empty: no answer")
    ok = models.BooleanField()
    error = models.TextField(blank=True, default="")
    duration_ms = models.PositiveIntegerField(default=0)
    idempotency_key = models.CharField(max_length=100, blank=True, default="")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "вызов WMS"
        verbose_name_plural = "журнал вызовов WMS"

    def __str__(self):
        return f"{self.operation} {self.status or '—'}"


class VariantSyncState(Variant):
    """The catalog's variants seen from the WMS side: sync flags and errors, with a retry action."""

    class Meta:
        proxy = True
        verbose_name = "синхронизация варианта с WMS"
        verbose_name_plural = "синхронизация вариантов с WMS"


class SyncCursor(models.Model):
    """A named high-water mark of a periodic sync (e.g. the last product change pushed automatically)."""

    name = models.CharField(max_length=50, unique=True)
    value = models.DateTimeField()

    def __str__(self):
        return f"{self.name}: {self.value}"
