"""Thin views of the review endpoints: parse input, call one service or query, render plain dicts."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from config.api.filters import filter_parameters, filtered
from config.api.inputs import validated
from config.api.permissions import needs
from config.api.public_cache import cached_public_get
from config.api.shapes import component
from config.api.views import ClientIpThrottle, PrivateAPIView, PublicAPIView
from config.kernel.params import parse_page

from .. import queries, services
from ..models import Review
from .filters import ReviewFilter
from .serializers import ReviewAnswer, ReviewEditIn, ReviewList, ReviewSubmitIn, review_document

PAGE_PARAMS = [
    OpenApiParameter("page", OpenApiTypes.INT, description="Page number, from 0 (default 0)"),
    OpenApiParameter("size", OpenApiTypes.INT, description="Reviews per page (default 100, at most 1000)"),
]
REVIEW_LIST = component(ReviewList)
REVIEW_ANSWER = component(ReviewAnswer)


class ReviewSubmitThrottle(ClientIpThrottle):
    """Review submissions per client IP (rate `review_submit`; Redis-backed through the cache in production)."""

    scope = "review_submit"


def reviews_page(queryset, params) -> Response:
    page = parse_page(params, default_size=100, max_size=1000)
    reviews = [review_document(review) for review in page.slice(queryset)]
    return Response(ReviewList(success=True, recordsTotal=queryset.count(), reviews=reviews))


class PublicReviewsView(PublicAPIView):
    def get_throttles(self):
        throttles = super().get_throttles()
        if self.request.method == "POST":
            throttles.append(ReviewSubmitThrottle())
        return throttles

    @extend_schema(
        summary="Confirmed reviews of one product, newest first",
        parameters=[OpenApiParameter("productId", str, required=True, description="Product id"), *PAGE_PARAMS],
        responses=REVIEW_LIST,
    )
    @cached_public_get
    def get(self, request):
        product_id = (request.query_params.get("productId") or "").strip()
        if not product_id:
            raise ValidationError({"productId": "обязательный параметр"})
        product = services.find_public_product(product_id)
        return reviews_page(queries.confirmed_reviews(product_id=product.pk), request.query_params)

    @extend_schema(
        summary="Submit a review (status NEW, shown after a moderator confirms it)",
        request=ReviewSubmitIn,
        responses=REVIEW_ANSWER,
    )
    def post(self, request):
        body = validated(ReviewSubmitIn, request.data)
        review = services.submit_review(**body)
        return Response(ReviewAnswer(success=True, review=review_document(review)))


class ReviewsView(PrivateAPIView):
    required_permissions = {"GET": needs("reviews.review", "view"), "POST": needs("reviews.review", "change")}

    @extend_schema(
        summary="All reviews (any status), newest first",
        parameters=[*filter_parameters(ReviewFilter), *PAGE_PARAMS],
        responses=REVIEW_LIST,
    )
    def get(self, request):
        params = request.query_params
        reviews = filtered(ReviewFilter, params, Review.objects.all())
        return reviews_page(queries.all_reviews(reviews), params)

    @extend_schema(
        summary="Edit a review: customerName, content and/or status (NEW, CONFIRMED, DELETED)",
        request=ReviewEditIn,
        responses=REVIEW_ANSWER,
    )
    def post(self, request):
        body = validated(ReviewEditIn, request.data)
        review = services.edit_review(**body)
        return Response(ReviewAnswer(success=True, review=review_document(review)))
