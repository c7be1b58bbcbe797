"""Private API of the IMSHOP app, included under /api/lite/ by config/urls.py."""

from django.urls import path

from . import views

urlpatterns = [
    path("pickup_points", views.PickupPointsView.as_view()),
    path("promotions", views.PromotionsView.as_view()),
]
