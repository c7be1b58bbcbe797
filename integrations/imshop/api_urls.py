"""Private API of the IMSHOP app, included under /api/lite/ by config/urls.py."""

from django.urls import path

from . import api

urlpatterns = [
    path("pickup_points", api.PickupPointsView.as_view()),
    path("promotions", api.PromotionsView.as_view()),
]
