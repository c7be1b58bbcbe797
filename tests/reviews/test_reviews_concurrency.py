import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, transaction

from catalog.models import Product
from reviews import services
from reviews.models import Review
from tests.factories.catalog import ProductFactory

from .factories import ReviewFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def in_thread(target, errors):
    def run():
        try:
            target()
        except Exception as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_second_moderator_waits_for_the_first_and_the_score_counts_both():
    product = ProductFactory(variants=0)
    first, second = ReviewFactory(product=product, score=5), ReviewFactory(product=product, score=2)
    first_done, let_first_commit, errors = threading.Event(), threading.Event(), []

    def first_moderator():
        with transaction.atomic():
            services.set_reviews_status(review_ids=[first.pk], status=Review.Status.CONFIRMED)
            first_done.set()
            let_first_commit.wait(10)

    def second_moderator():
        services.set_reviews_status(review_ids=[second.pk], status=Review.Status.CONFIRMED)

    one = in_thread(first_moderator, errors)
    assert first_done.wait(10)
    two = in_thread(second_moderator, errors)
    time.sleep(0.5)
    second_was_blocked = two.is_alive()
    let_first_commit.set()
    one.join(10)
    two.join(10)

    assert errors == []
    assert second_was_blocked, "the product row lock must make the second moderator wait"
    assert Product.objects.get(pk=product.pk).review_score == Decimal("3.50")


def test_many_moderators_at_once_leave_the_exact_mean():
    product = ProductFactory(variants=0)
    scores = [5, 4, 3, 2, 1, 5, 4, 1]
    reviews = [ReviewFactory(product=product, score=s) for s in scores]
    start, errors = threading.Barrier(len(reviews)), []

    def moderate(review):
        def run():
            start.wait(10)
            services.set_reviews_status(review_ids=[review.pk], status=Review.Status.CONFIRMED)

        return run

    threads = [in_thread(moderate(r), errors) for r in reviews]
    for thread in threads:
        thread.join(20)

    assert errors == []
    assert Review.objects.filter(status=Review.Status.CONFIRMED).count() == len(scores)
    assert Product.objects.get(pk=product.pk).review_score == Decimal("3.13")  # 25 / 8 = 3.125
