"""Read paths for reviews: querysets with everything a page of review documents needs, in constant queries."""

from django.db.models import Prefetch

from catalog.models import ProductImage

from .models import Review


def _with_product(queryset):
    return queryset.select_related("product").prefetch_related(
        Prefetch("product__images", queryset=ProductImage.objects.order_by("pos", "id"))
    )


def confirmed_reviews(*, product_id: int):
    """What a storefront shows: the product's CONFIRMED reviews, newest first."""
    return _with_product(Review.objects.filter(product_id=product_id, status=Review.Status.CONFIRMED)).order_by(
        "-created_at", "-id"
    )


def all_reviews(queryset=None):
    """Reviews (any status) for the back-office, newest first: all of them, or the API FilterSet's narrowing."""
    queryset = Review.objects.all() if queryset is None else queryset
    return _with_product(queryset).order_by("-created_at", "-id")


def waiting_reviews_count() -> int:
    return Review.objects.filter(status=Review.Status.NEW).count()
