import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MIN_SCORE = 1
MAX_SCORE = 5
CUSTOMER_NAME_MAX_LENGTH = 100
CONTENT_MAX_LENGTH = 5000


def new_review_id() -> str:
    return str(uuid.uuid4())


class Review(models.Model):
    """A customer's review of a product. Only CONFIRMED reviews are public and count in the product's score.

    `content` and `customer_name` are plain text: markup is stripped on the way in (see services.clean_text).
    """

    class Status(models.TextChoices):
        NEW = "NEW", _("New")
        CONFIRMED = "CONFIRMED", _("Confirmed")
        DELETED = "DELETED", _("Deleted")

    public_id = models.CharField(_("ID"), max_length=64, unique=True, default=new_review_id, editable=False)
    product = models.ForeignKey(
        "catalog.Product", verbose_name=_("product"), on_delete=models.CASCADE, related_name="reviews"
    )
    customer_name = models.CharField(_("author's name"), max_length=CUSTOMER_NAME_MAX_LENGTH)
    content = models.TextField(_("text"), max_length=CONTENT_MAX_LENGTH)
    # The spec types score as a decimal: 1 to 5 with up to one decimal place (4.5).
    score = models.DecimalField(
        _("score"),
        max_digits=2,
        decimal_places=1,
        validators=[MinValueValidator(MIN_SCORE), MaxValueValidator(MAX_SCORE)],
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["product", "status", "-created_at"], name="review_product_status_idx"),
            models.Index(fields=["status", "created_at"], name="review_status_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=MIN_SCORE, score__lte=MAX_SCORE), name="review_score_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.customer_name}: {self.score}/{MAX_SCORE} [{self.public_id}]"
