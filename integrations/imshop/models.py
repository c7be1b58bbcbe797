from django.db import models
from django.utils.translation import gettext_lazy as _

from .promotions.models import LoyaltyAccount, PromoCode, PromoCodeUsage, Promotion
from .validators import validate_images, validate_time_slots, validate_work_days

__all__ = ["LoyaltyAccount", "PickupPoint", "PromoCode", "PromoCodeUsage", "Promotion"]


class PickupPoint(models.Model):
    """A pickup point (ПВЗ) answered by IMSHOP's pickup-point webhook."""

    location_id = models.CharField(_("location ID (locationId)"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=255)
    address = models.CharField(_("address"), max_length=500, blank=True, default="")
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    lon = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    location_description = models.TextField(_("how to find it"), blank=True, default="")
    timetable = models.CharField(_("opening hours"), max_length=500, blank=True, default="", help_text=_("Free text"))
    images = models.JSONField(
        _("images"), default=list, blank=True, validators=[validate_images], help_text=_("List of image URLs")
    )
    price = models.DecimalField(_("price"), max_digits=14, decimal_places=2, null=True, blank=True)
    price_description = models.CharField(_("price description"), max_length=255, blank=True, default="")
    delivery_term = models.CharField(
        _("delivery term"), max_length=255, blank=True, default="", help_text=_("Free text")
    )
    warehouse = models.ForeignKey(
        "inventory.Warehouse",
        verbose_name=_("warehouse"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Serves the point: its stock limits item quantities"),
    )
    work_days = models.JSONField(
        _("pickup days"),
        default=list,
        blank=True,
        validators=[validate_work_days],
        help_text=_("ISO weekdays with pickup (1 = Monday ... 7 = Sunday); empty = none"),
    )
    lead_days = models.PositiveIntegerField(
        _("lead days"), default=1, help_text=_("First pickup date = today + lead days")
    )
    days_ahead = models.PositiveIntegerField(
        _("days ahead"), default=7, help_text=_("How many calendar days dates are offered for")
    )
    time_slots = models.JSONField(
        _("time slots"),
        default=list,
        blank=True,
        validators=[validate_time_slots],
        help_text=_('[{"from": "10:00", "to": "14:00", "price": 100}] (price optional)'),
    )
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("pickup point")
        verbose_name_plural = _("pickup points")
        ordering = ["location_id"]

    def __str__(self):
        return f"{self.title} [{self.location_id}]"
