from django.conf import settings
from django.db import models


class ImportJob(models.Model):
    """A spreadsheet import run by a Celery worker; the admin page shows its progress."""

    class Status(models.TextChoices):
        PENDING = "PENDING", "В очереди"
        RUNNING = "RUNNING", "Выполняется"
        DONE = "DONE", "Готово"
        FAILED = "FAILED", "Ошибка"

    file = models.FileField(upload_to="imports/%Y/%m/", max_length=255)
    file_name = models.CharField(max_length=255, blank=True, default="")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    changed_products = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "импорт товаров"
        verbose_name_plural = "импорты товаров"

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"
