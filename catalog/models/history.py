import uuid

from django.db import models


class ChangeSource(models.TextChoices):
    USER = "USER", "Пользователь (админка)"
    API = "API", "API"
    XLS = "XLS", "Импорт XLS"
    TASK = "TASK", "Фоновая задача"
    WMS = "WMS", "WMS"
    SYSTEM = "SYSTEM", "Система"


class HistoryEvent(models.Model):
    """One change of a product (or of one of its variants), with a full JSON snapshot after it."""

    public_id = models.UUIDField("id", default=uuid.uuid4, unique=True, editable=False)
    product = models.ForeignKey("catalog.Product", null=True, on_delete=models.SET_NULL, related_name="history_events")
    product_public_id = models.CharField(max_length=64, db_index=True)
    change_source = models.CharField(max_length=10, choices=ChangeSource.choices)
    user_login = models.CharField(max_length=150, blank=True, default="")
    source_action = models.CharField(max_length=200, help_text='eventParameters.from, e.g. "POST /products"')
    description = models.CharField(max_length=500, blank=True, default="")
    level = models.CharField(max_length=10, default="INFO")
    success = models.BooleanField(default=True)
    type = models.CharField(max_length=20, default="SKU")
    snapshot = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "событие истории"
        verbose_name_plural = "история товаров"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["product_public_id", "-created_at"], name="history_product_idx")]

    def __str__(self):
        return f"{self.product_public_id} {self.source_action} {self.created_at:%Y-%m-%d %H:%M}"
