from django.db import models

from .promotions.models import LoyaltyAccount, PromoCode, PromoCodeUsage, Promotion
from .validators import validate_images, validate_time_slots, validate_work_days

__all__ = ["LoyaltyAccount", "PickupPoint", "PromoCode", "PromoCodeUsage", "Promotion"]


class PickupPoint(models.Model):
    """A pickup point (ПВЗ) answered by IMSHOP's pickup-point webhook."""

    location_id = models.CharField("locationId", max_length=64, unique=True)
    title = models.CharField(max_length=255)
    address = models.CharField(max_length=500, blank=True, default="")
    lat = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    lon = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    location_description = models.TextField("how to find it", blank=True, default="")
    timetable = models.CharField(max_length=500, blank=True, default="", help_text="Free text")
    images = models.JSONField(default=list, blank=True, validators=[validate_images], help_text="List of image URLs")
    price = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    price_description = models.CharField(max_length=255, blank=True, default="")
    delivery_term = models.CharField(max_length=255, blank=True, default="", help_text="Free text")
    warehouse = models.ForeignKey(
        "inventory.Warehouse",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Serves the point: its stock limits item quantities",
    )
    work_days = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_work_days],
        help_text="ISO weekdays with pickup (1 = Monday ... 7 = Sunday); empty = none",
    )
    lead_days = models.PositiveIntegerField(default=1, help_text="First pickup date = today + lead days")
    days_ahead = models.PositiveIntegerField(default=7, help_text="How many calendar days dates are offered for")
    time_slots = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_time_slots],
        help_text='[{"from": "10:00", "to": "14:00", "price": 100}] (price optional)',
    )
    active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["location_id"]

    def __str__(self):
        return f"{self.title} [{self.location_id}]"
