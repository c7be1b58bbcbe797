import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.models import Variant


class WarehouseCategory(models.Model):
    """A goods category of the WMS (fragile, liquid ...), synchronised from it every night."""

    code = models.CharField(_("code"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=255)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("WMS goods category")
        verbose_name_plural = _("WMS goods categories")
        ordering = ["code"]

    def __str__(self):
        return f"{self.title} [{self.code}]"


class OutboxEntry(models.Model):
    """An intent to change the WMS, recorded in the same transaction as the request that wants it.

    A worker confirms it (DONE) or gives up on it (FAILED); a periodic task re-queues PENDING entries
    nobody has touched for a while, so a lost Celery message or a dead worker loses nothing.
    """

    class Operation(models.TextChoices):
        PUSH = "PUSH", _("Product upload")
        DELETE_BARCODES = "DELETE_BARCODES", _("Barcode deletion")

    class Status(models.TextChoices):
        PENDING = "PENDING", _("Pending")
        DONE = "DONE", _("Done")
        FAILED = "FAILED", _("Failed")

    key = models.UUIDField(
        _("key"), default=uuid.uuid4, unique=True, editable=False, help_text=_("Idempotency key prefix")
    )
    operation = models.CharField(_("operation"), max_length=20, choices=Operation.choices)
    warehouse = models.ForeignKey(
        "inventory.Warehouse", verbose_name=_("warehouse"), null=True, blank=True, on_delete=models.SET_NULL
    )
    payload = models.JSONField(
        _("payload"), default=dict, help_text=_('{"variant_ids": [...]} or {"barcodes"|"skus": [...]}')
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    chunks_done = models.PositiveIntegerField(
        _("batches done"), default=0, help_text=_("Batches of a push the WMS has confirmed")
    )
    last_error = models.TextField(_("last error"), blank=True, default="")
    source = models.CharField(_("source"), max_length=100, blank=True, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    queued_at = models.DateTimeField(
        _("queued"), null=True, blank=True, help_text=_("Last time a worker was asked to do it")
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("WMS outbox entry")
        verbose_name_plural = _("WMS outbox")
        ordering = ["-id"]
        indexes = [models.Index(fields=["status", "queued_at"], name="wms_outbox_pending_idx")]

    def __str__(self):
        return f"{self.get_operation_display()} #{self.pk} ({self.status})"


class WmsCall(models.Model):
    """The log of calls to the WMS: what, when, how it ended."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    operation = models.CharField(_("operation"), max_length=50)
    method = models.CharField(_("method"), max_length=10)
    path = models.CharField(_("path"), max_length=255)
    status = models.PositiveSmallIntegerField(
        _("HTTP status"), null=True, blank=True, help_text=_("HTTP status; empty: no answer")
    )
    ok = models.BooleanField(
        _("OK"),
    )
    error = models.TextField(_("error"), blank=True, default="")
    duration_ms = models.PositiveIntegerField(_("duration, ms"), default=0)
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, blank=True, default="")

    class Meta:
        verbose_name = _("WMS call")
        verbose_name_plural = _("WMS call log")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.operation} {self.status or '—'}"


class VariantSyncState(Variant):
    """The catalog's variants seen from the WMS side: sync flags and errors, with a retry action."""

    class Meta:
        verbose_name = _("variant's sync with WMS")
        verbose_name_plural = _("variant sync with WMS")
        proxy = True


class SyncCursor(models.Model):
    """A named high-water mark of a periodic sync (e.g. the last product change pushed automatically)."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    value = models.DateTimeField(
        _("value"),
    )

    class Meta:
        verbose_name = _("sync cursor")
        verbose_name_plural = _("sync cursors")

    def __str__(self):
        return f"{self.name}: {self.value}"
