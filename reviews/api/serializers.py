"""camelCase shapes of the review endpoints (the only place these names appear)."""

from typing import Any

from django.utils import timezone
from rest_framework import serializers

from catalog.documents import image_document
from config.api.fields import IdField
from config.api.shapes import Success

from ..models import Review
from ..shapes import ReviewOut, ReviewProductOut

SCORE_INVALID = "оценка должна быть числом от 1 до 5 с не более чем одним знаком после запятой"
SCORE_ERRORS: dict[str, Any] = {
    "invalid": SCORE_INVALID,
    "required": "укажите оценку от 1 до 5",
    "null": "укажите оценку от 1 до 5",
    "max_string_length": SCORE_INVALID,
    "max_digits": SCORE_INVALID,
    "max_decimal_places": SCORE_INVALID,
    "max_whole_digits": SCORE_INVALID,
    "min_value": SCORE_INVALID,
    "max_value": SCORE_INVALID,
}


class ReviewSubmitIn(serializers.Serializer):
    productId = IdField(source="product_public_id")  # noqa: N815
    customerName = serializers.CharField(source="customer_name", allow_blank=True, trim_whitespace=False)  # noqa: N815
    content = serializers.CharField(allow_blank=True, trim_whitespace=False)
    score = serializers.DecimalField(max_digits=2, decimal_places=1, error_messages=SCORE_ERRORS)


class ReviewEditIn(serializers.Serializer):
    id = IdField(source="public_id")
    customerName = serializers.CharField(  # noqa: N815
        source="customer_name", required=False, allow_blank=True, trim_whitespace=False
    )
    content = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    status = serializers.CharField(required=False, max_length=20)


class ReviewList(Success):
    recordsTotal: int
    reviews: list[ReviewOut]


class ReviewAnswer(Success):
    review: ReviewOut


def review_document(review: Review) -> ReviewOut:
    product = review.product
    return ReviewOut(
        id=review.public_id,
        product=ReviewProductOut(
            id=product.public_id,
            shortName=product.short_name,
            images=[image_document(i.public_id, i.file.name, i.pos, i.renditions) for i in product.images.all()],
        ),
        createTs=timezone.localtime(review.created_at).strftime("%Y-%m-%d %H:%M:%S"),
        customerName=review.customer_name,
        content=review.content,
        score=review.score,
        status=review.status,
    )
