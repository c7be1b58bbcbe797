"""Time one POST /api/lite/products/batch of N products (2 variants each, barcodes, prices, stock).

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/catalog_bench .venv/bin/python bench/batch_once.py [N] [update]
The database is migrated first; products get fresh ids on every run. With `update` the same products are
then posted again with changed prices, barcodes and stock, and that second request is timed too.
"""

import os
import sys
import time
import uuid

import django

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from config.api.models import ApiToken  # noqa: E402
from inventory.models import Warehouse  # noqa: E402


def payload(run: str, count: int, warehouse: Warehouse, generation: int) -> dict:
    return {
        "products": [
            {
                "id": f"b{run}-{i}",
                "shortName": f"Товар {i} #{generation}",
                "vat": "VAT_20",
                "variantsToUpdate": [
                    {
                        "variantId": f"b{run}-{i}-{v}",
                        "article": f"A{i}-{v}-{generation}",
                        "prices": [{"priceCode": "Розничная цена", "value": 100 + i + generation}],
                        "barcodes": [{"value": f"{run}{i:06d}{v}{generation}", "isDefault": True}],
                        "stock": [{"warehouseCode": warehouse.code, "stockTotal": 5 + generation}],
                        "updateStockTotal": True,
                    }
                    for v in range(2)
                ],
            }
            for i in range(count)
        ]
    }


def timed_post(client, body: dict, label: str):
    reset_queries()
    started = time.perf_counter()
    response = client.post("/api/lite/products/batch", body, format="json")
    elapsed = time.perf_counter() - started
    products = response.json()["products"]
    ok = sum(1 for p in products if p["success"] and all(v["success"] for v in p.get("variantsResult") or []))
    print(
        f"{connection.vendor}: POST /products/batch of {len(products)} products ({label}): {elapsed:.2f} s, "
        f"{ok} succeeded, {len(connection.queries)} queries"
    )


def main(count: int, update: bool):
    call_command("migrate", verbosity=0)
    warehouse, _ = Warehouse.objects.get_or_create(code="bench-wh", defaults={"name": "Bench", "is_default": True})
    _, raw = ApiToken.issue(name="bench")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    run = uuid.uuid4().hex[:8]
    timed_post(client, payload(run, count, warehouse, 0), "creates")
    if update:
        timed_post(client, payload(run, count, warehouse, 1), "updates")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000, "update" in sys.argv[2:])
