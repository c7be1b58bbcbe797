"""FilterSet of GET /api/lite/products/reviews (the back-office list): productId and status, as docs/api.md says."""

import django_filters

from reviews.models import Review

STATUSES = ", ".join(Review.Status.values)


class ReviewFilter(django_filters.FilterSet):
    productId = django_filters.CharFilter(field_name="product__public_id", label="Only reviews of this product")
    status = django_filters.ChoiceFilter(
        choices=Review.Status.choices,
        label="Only reviews in this status",
        error_messages={"invalid_choice": f"неизвестный статус «%(value)s»; допустимы: {STATUSES}"},
    )

    class Meta:
        model = Review
        fields: list[str] = []

    def __init__(self, data=None, *args, **kwargs):
        # Status names are accepted in any case ("confirmed"), as before the FilterSet.
        if data is not None and data.get("status"):
            data = data.copy()
            data["status"] = data["status"].strip().upper()
        super().__init__(data, *args, **kwargs)
