"""IMSHOP webhooks, included under /webhooks/imshop/ by config/urls.py."""

from django.urls import path

from . import views

urlpatterns = [
    path("availability", views.AvailabilityWebhook.as_view()),
    path("pickup-point", views.PickupPointWebhook.as_view()),
    path("cart", views.CartWebhook.as_view()),
]
