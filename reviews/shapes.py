"""The shape of a review document, declared once: review_document builds it and the API derives its OpenAPI
component from it (config.api.shapes.component). Plain typing only: the domain may import it."""

from decimal import Decimal
from typing import Annotated, TypedDict

from catalog.document_shapes import ImageOut  # as catalog.documents.image_document writes it

from .models import Review


class ReviewProductOut(TypedDict):
    id: str
    shortName: str
    images: list[ImageOut]


class ReviewOut(TypedDict):
    id: str
    product: ReviewProductOut
    createTs: Annotated[str, {"help_text": "yyyy-MM-dd HH:mm:ss, server time zone"}]
    customerName: str
    content: str
    score: Annotated[Decimal, {"max_digits": 2, "decimal_places": 1, "coerce_to_string": False}]
    status: Annotated[str, "ChoiceField", {"choices": Review.Status.values}]
