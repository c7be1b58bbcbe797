"""Time one POST /api/lite/products/batch of N products (2 variants each, barcodes, prices, stock).

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/catalog_bench .venv/bin/python bench/batch_once.py [N]
The database is migrated first; products get fresh ids on every run.
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


def main(count: int):
    call_command("migrate", verbosity=0)
    warehouse, _ = Warehouse.objects.get_or_create(code="bench-wh", defaults={"name": "Bench", "is_default": True})
    _, raw = ApiToken.issue(name="bench")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    run = uuid.uuid4().hex[:8]
    payload = {
        "products": [
            {
                "id": f"b{run}-{i}",
                "shortName": f"Товар {i}",
                "vat": "VAT_20",
                "variantsToUpdate": [
                    {
                        "variantId": f"b{run}-{i}-{v}",
                        "article": f"A{i}-{v}",
                        "prices": [{"priceCode": "Розничная цена", "value": 100 + i}],
                        "barcodes": [{"value": f"{run}{i:06d}{v}", "isDefault": True}],
                        "stock": [{"warehouseCode": warehouse.code, "stockTotal": 5}],
                        "updateStockTotal": True,
                    }
                    for v in range(2)
                ],
            }
            for i in range(count)
        ]
    }
    reset_queries()
    started = time.perf_counter()
    response = client.post("/api/lite/products/batch", payload, format="json")
    elapsed = time.perf_counter() - started
    body = response.json()
    ok = sum(1 for p in body["products"] if p["success"])
    print(
        f"{connection.vendor}: POST /products/batch of {count} products: {elapsed:.2f} s, "
        f"{ok} succeeded, {len(connection.queries)} queries"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
