from django.urls import path

from . import views

urlpatterns = [
    path("products/reviews", views.ReviewsView.as_view()),
    path("pub/products/reviews", views.PublicReviewsView.as_view()),
]
