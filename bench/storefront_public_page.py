"""Median time and query count of a filtered public page of 100 products.

    DATABASE_URL=postgres://... python bench/storefront_public_page.py [--runs 30]

Run it on a catalog made by `manage.py seed_catalog --products 100000` (collection ids S-Cnn-k).
It goes through the whole Django stack (URL routing, throttling, view, orjson) with the test client.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("THROTTLE_PUBLIC", "1000000/min")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

CASES = {
    "collection + brand + price range + attribute": {
        "collections": "S-C01-1",
        "filters": "brand:Кактус ПРО,Nova,Polar,Байкал,Прима,Solo,Маяк,Орион;price:500-15000",
        "attributes": "material:Хлопок,Шерсть,Лён,Кожа",
    },
    "collection only": {"collections": "S-C01-1"},
    "everything": {},
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    client = Client(HTTP_HOST="localhost")
    for name, params in CASES.items():
        for page in (0, 1):
            query = {**params, "size": 100, "page": page}
            client.get("/api/lite/pub/products", query)  # warm up
            timings = []
            for _ in range(args.runs):
                started = time.perf_counter()
                response = client.get("/api/lite/pub/products", query)
                timings.append((time.perf_counter() - started) * 1000)
            with CaptureQueriesContext(connection) as queries:
                response = client.get("/api/lite/pub/products", query)
            body = response.json()
            print(
                f"{name}, page {page}: median {statistics.median(timings):.1f} ms, "
                f"p90 {sorted(timings)[int(len(timings) * 0.9)]:.1f} ms, {len(queries)} queries, "
                f"recordsTotal {body.get('recordsTotal')}, products {len(body.get('products', []))}, "
                f"status {response.status_code}"
            )


if __name__ == "__main__":
    main()
