"""IMSHOP webhooks, included under /webhooks/imshop/ by config/urls.py."""

from django.urls import path

from . import webhooks

urlpatterns = [
    path("availability", webhooks.AvailabilityWebhook.as_view()),
    path("pickup-point", webhooks.PickupPointWebhook.as_view()),
    path("cart", webhooks.CartWebhook.as_view()),
]
