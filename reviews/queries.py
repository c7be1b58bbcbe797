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


def all_reviews(*, product_public_id: str | None = None, status: str | None = None):
    """Every review (any status) for the back-office, optionally of one product and/or one status, newest first."""
    queryset = Review.objects.all()
    if product_public_id:
        queryset = queryset.filter(product__public_id=product_public_id)
    if status:
        queryset = queryset.filter(status=status)
    return _with_product(queryset).order_by("-created_at", "-id")


def waiting_reviews_count() -> int:
    return Review.objects.filter(status=Review.Status.NEW).count()
