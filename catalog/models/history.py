import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.kernel.actor import ChangeSource


class HistoryEvent(models.Model):
    """One change of a product (or of one of its variants), with a full JSON snapshot after it."""

    public_id = models.UUIDField(_("ID"), default=uuid.uuid4, unique=True, editable=False)
    product = models.ForeignKey(
        "catalog.Product",
        verbose_name=_("product"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="history_events",
    )
    product_public_id = models.CharField(_("product ID"), max_length=64, db_index=True)
    change_source = models.CharField(_("source"), max_length=10, choices=ChangeSource.choices)
    user_login = models.CharField(_("user"), max_length=150, blank=True, default="")
    source_action = models.CharField(
        _("action"), max_length=200, help_text=_('eventParameters.from, e.g. "POST /products"')
    )
    description = models.CharField(_("description"), max_length=500, blank=True, default="")
    level = models.CharField(_("level"), max_length=10, default="INFO")
    success = models.BooleanField(_("success"), default=True)
    type = models.CharField(_("type"), max_length=20, default="SKU")
    snapshot = models.JSONField(
        _("snapshot"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("history event")
        verbose_name_plural = _("product history")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["product_public_id", "-created_at"], name="history_product_idx")]

    def __str__(self):
        # In the shop's time zone (TIME_ZONE), as the pages show times; stored in UTC.
        when = timezone.localtime(self.created_at) if self.created_at else None
        return f"{self.product_public_id} {self.source_action} {when:%Y-%m-%d %H:%M}" if when else self.source_action
