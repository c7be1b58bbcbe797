"""Parallel batches naming the same products in different orders all succeed (PostgreSQL, real threads)."""

import logging
import random
import threading

import pytest
from django.db import connections
from rest_framework.test import APIClient

from catalog.models import Product
from config.api.models import ApiToken
from tests.factories.inventory import WarehouseFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS, ROUNDS, PRODUCTS = 8, 4, 6


def product(index: int, round_: int) -> dict:
    return {
        "id": f"DL{index}",
        "shortName": f"Product {index} r{round_}",
        "variants": [
            {
                "id": f"DL{index}-{v}",
                "article": f"A{index}-{v}",
                "barcodes": [f"46000{index:03d}{v:03d}"],
                "prices": [{"type": "RETAIL", "price": 100 + round_}],
                "stock": [{"warehouseCode": "DLW", "quantity": round_}],
            }
            for v in range(2)
        ],
    }


def test_parallel_batches_of_the_same_products_in_different_orders_never_fail(caplog):
    caplog.set_level(logging.INFO, logger="config.kernel.retry")
    WarehouseFactory(code="DLW")
    _, raw = ApiToken.issue(name="deadlocks")
    statuses, barrier = [], threading.Barrier(THREADS)

    def worker(seed):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        order = list(range(PRODUCTS))
        rng = random.Random(seed)
        try:
            barrier.wait()
            for round_ in range(ROUNDS):
                rng.shuffle(order)
                body = {"products": [product(i, round_) for i in order]}
                statuses.append(client.post("/api/lite/products/batch", body, format="json").status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(seed,)) for seed in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)

    assert len(statuses) == THREADS * ROUNDS
    assert [s for s in statuses if s >= 500] == []
    assert Product.objects.filter(public_id__startswith="DL").count() == PRODUCTS
    # They queue on the names they write (config.kernel.locks) instead of deadlocking and being retried.
    assert "transaction conflict" not in caplog.text
