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
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench")
django.setup()

from config.gc_tuning import tune_gc  # noqa: E402

if os.environ.get("BENCH_DEFAULT_GC") != "1":
    tune_gc()  # as the web workers run (config/wsgi.py); BENCH_DEFAULT_GC=1 times CPython's defaults

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from bench.run import copy_rows, time_copy  # noqa: E402
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


def timed_post(client, body: dict, label: str, warehouse: Warehouse):
    queries = []  # counted by a wrapper: DEBUG's query log keeps only the last 9000

    def count(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append((time.perf_counter() - started, sql))

    started = time.perf_counter()
    profiler = None
    if os.environ.get("BENCH_PROFILE") == label:
        from pyinstrument import Profiler

        profiler = Profiler()
        profiler.start()
    with connection.execute_wrapper(count):
        response = client.post("/api/lite/products/batch", body, format="json")
    if profiler is not None:
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))
    elapsed = time.perf_counter() - started
    products = response.json()["products"]
    ok = sum(1 for p in products if p["success"] and all(v["success"] for v in p.get("variantsResult") or []))
    print(
        f"{connection.vendor}: POST /products/batch of {len(products)} products ({label}): {elapsed:.2f} s, "
        f"{ok} succeeded, {len(queries)} queries taking {sum(t for t, _ in queries):.2f} s"
    )
    copy_seconds = time_copy(copy_rows(body, warehouse.code))
    print(f"  COPY of the same rows: {copy_seconds:.3f} s, ratio {elapsed / copy_seconds:.1f}")
    if os.environ.get("BENCH_SLOWEST"):
        for seconds, sql in sorted(queries, reverse=True)[:5]:
            print(f"  {seconds:.2f} s  {sql[:150]}")


def main(count: int, update: bool):
    call_command("migrate", verbosity=0)
    warehouse, _ = Warehouse.objects.get_or_create(code="bench-wh", defaults={"name": "Bench", "is_default": True})
    _, raw = ApiToken.issue(name="bench")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    run = uuid.uuid4().hex[:8]
    # Warm-up, as the bench's server is when it times the batch: the first request of a process imports the
    # URL configuration and the views (0.16 s), which is not the batch's cost.
    timed_post(client, payload(f"{run}w", 1, warehouse, 0), "warm-up", warehouse)
    timed_post(client, payload(run, count, warehouse, 0), "creates", warehouse)
    if update:
        timed_post(client, payload(run, count, warehouse, 1), "updates", warehouse)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000, "update" in sys.argv[2:])
