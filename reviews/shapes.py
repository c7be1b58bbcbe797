"""The shape of a review document, declared once: review_document builds it and the API derives its OpenAPI
component from it (config.api.shapes.component). Plain typing only: the domain may import it."""

from decimal import Decimal
from typing import Annotated, NotRequired, TypedDict

from .models import Review


class ImageOut(TypedDict):
    """A product image as catalog.documents.image_document writes it."""

    url: str
    id: str
    pos: str
    renditions: NotRequired[dict[str, str]]  # resized copies by long side ("200", "600", "1200"), once made


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
