from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    """A spreadsheet import run by a Celery worker; the admin page shows its progress."""

    class Status(models.TextChoices):
        PENDING = "PENDING", _("Queued")
        RUNNING = "RUNNING", _("Running")
        DONE = "DONE", _("Done")
        FAILED = "FAILED", _("Failed")

    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", max_length=255)
    file_name = models.CharField(_("file name"), max_length=255, blank=True, default="")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True, on_delete=models.SET_NULL
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    total = models.PositiveIntegerField(_("rows"), default=0)
    processed = models.PositiveIntegerField(_("processed rows"), default=0)
    changed_products = models.PositiveIntegerField(_("changed products"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("product import")
        verbose_name_plural = _("product imports")
        ordering = ["-id"]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"
