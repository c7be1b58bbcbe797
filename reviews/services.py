"""The one write path for reviews: the public API, the private API and the admin all call these functions,
so validation, plain-text cleaning and the product's score can't be skipped.

Locking order, everywhere: the products concerned (by pk), then the reviews (by pk). The product row lock
serialises every recomputation of a product's score, so two moderators acting at once on reviews of one
product can't both compute the mean from a state that misses the other's change.
"""

import re
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Avg
from django.utils import timezone
from django.utils.html import strip_tags

from catalog.models import Product
from config.kernel.catalog_version import catalog_changed
from config.kernel.errors import NotFound, ValidationFailed

from .models import CONTENT_MAX_LENGTH, CUSTOMER_NAME_MAX_LENGTH, MAX_SCORE, MIN_SCORE, Review

SCORE_QUANTUM = Decimal("0.01")
SCORE_MESSAGE = (
    f"score: оценка должна быть числом от {MIN_SCORE} до {MAX_SCORE} с не более чем одним знаком после запятой"
)
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \t]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")


def clean_text(value: str) -> str:
    """Plain text from whatever a customer sends: HTML tags are stripped (repeatedly, so nested tricks
    like `<<b>script>` go too), control characters removed, runs of spaces and blank lines collapsed.
    What is stored can therefore be shown anywhere without becoming live markup; the admin escapes it on
    output as well."""
    text = str(value or "").replace("\r\n", "\n").replace("\r", "\n")
    previous = None
    while previous != text:
        previous, text = text, strip_tags(text)
    text = _TAG_START.sub("‹", text)  # "x <script" survives strip_tags; a "<" before a letter can't stay
    text = _CONTROL_CHARS.sub("", text)
    text = "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


def _clean_customer_name(value) -> str:
    name = " ".join(clean_text(value).split())
    if not name:
        raise ValidationFailed("customerName: укажите имя автора отзыва")
    if len(name) > CUSTOMER_NAME_MAX_LENGTH:
        raise ValidationFailed(f"customerName: имя длиннее {CUSTOMER_NAME_MAX_LENGTH} символов")
    return name


def _clean_content(value) -> str:
    content = clean_text(value)
    if not content:
        raise ValidationFailed("content: текст отзыва не может быть пустым")
    if len(content) > CONTENT_MAX_LENGTH:
        raise ValidationFailed(f"content: текст отзыва длиннее {CONTENT_MAX_LENGTH} символов")
    return content


SCORE_STEP = Decimal("0.1")


def _check_score(score) -> Decimal:
    """1 to 5 with up to one decimal place (the spec types score as a decimal)."""
    if isinstance(score, bool) or not isinstance(score, int | Decimal):
        raise ValidationFailed(SCORE_MESSAGE)
    score = Decimal(score)
    if not score.is_finite() or not MIN_SCORE <= score <= MAX_SCORE or score != score.quantize(SCORE_STEP):
        raise ValidationFailed(SCORE_MESSAGE)
    return score.quantize(SCORE_STEP)


def _check_status(status: str) -> str:
    if status not in Review.Status.values:
        raise ValidationFailed(f"status: неизвестный статус «{status}»; допустимы: {', '.join(Review.Status.values)}")
    return status


def find_public_product(product_public_id: str) -> Product:
    """A product customers may see and review: it exists and is not archived."""
    product = Product.objects.current().filter(public_id=product_public_id).first()
    if product is None:
        raise NotFound(f"Товар с id «{product_public_id}» не найден")
    return product


def _lock_products(product_ids) -> None:
    list(Product.objects.select_for_update().filter(pk__in=set(product_ids)).order_by("pk").values_list("pk"))


def _recompute_scores(product_ids) -> None:
    """Set review_score of the given (already locked) products to the mean of their CONFIRMED scores.

    Every moderation write ends here, so it also marks the public reviews and listing as changed."""
    catalog_changed()
    for product_id in sorted(set(product_ids)):
        mean = Review.objects.filter(product_id=product_id, status=Review.Status.CONFIRMED).aggregate(
            mean=Avg("score")
        )["mean"]
        score = None if mean is None else Decimal(str(mean)).quantize(SCORE_QUANTUM, rounding=ROUND_HALF_UP)
        # exclude() keeps NULL rows, so this writes only when the score really changes (None included).
        Product.objects.filter(pk=product_id).exclude(review_score=score).update(
            review_score=score, updated_at=timezone.now()
        )


def submit_review(*, product_public_id: str, customer_name: str, content: str, score: Decimal) -> Review:
    """A customer's new review, status NEW: it is not public and does not count until a moderator confirms it."""
    product = find_public_product(product_public_id)
    review = Review(
        product=product,
        customer_name=_clean_customer_name(customer_name),
        content=_clean_content(content),
        score=_check_score(score),
        status=Review.Status.NEW,
    )
    review.save()
    return review


@transaction.atomic
def edit_review(
    *, public_id: str, customer_name: str | None = None, content: str | None = None, status: str | None = None
) -> Review:
    """Change a review's author name, text and/or status (None leaves a field as it is) and recompute the
    product's score. Locks the product row, then the review row."""
    product_id = Review.objects.filter(public_id=public_id).values_list("product_id", flat=True).first()
    if product_id is None:
        raise NotFound(f"Отзыв с id «{public_id}» не найден")
    changes = {}
    if customer_name is not None:
        changes["customer_name"] = _clean_customer_name(customer_name)
    if content is not None:
        changes["content"] = _clean_content(content)
    if status is not None:
        changes["status"] = _check_status(status)
    _lock_products([product_id])
    review = Review.objects.select_for_update().select_related("product").get(public_id=public_id)
    if changes:
        for field, value in changes.items():
            setattr(review, field, value)
        review.save(update_fields=[*changes, "updated_at"])
    _recompute_scores([product_id])
    review.product.refresh_from_db(fields=["review_score", "updated_at"])
    return review


@transaction.atomic
def set_reviews_status(*, review_ids, status: str) -> int:
    """Confirm, delete or restore many reviews (admin actions). Returns how many reviews actually changed
    status. Locks the products concerned, then the reviews, each in pk order."""
    _check_status(status)
    review_ids = sorted(set(review_ids))
    product_ids = set(Review.objects.filter(pk__in=review_ids).values_list("product_id", flat=True))
    if not product_ids:
        return 0
    _lock_products(product_ids)
    to_change = list(
        Review.objects.select_for_update()
        .filter(pk__in=review_ids)
        .exclude(status=status)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    changed = Review.objects.filter(pk__in=to_change).update(status=status, updated_at=timezone.now())
    _recompute_scores(product_ids)
    return changed
