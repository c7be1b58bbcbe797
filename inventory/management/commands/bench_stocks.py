"""Measure `GET /api/lite/products/stocks` on a big page: seed N variants with stock (bulk_create), then time the
streamed answer and its peak Python memory, next to a PostgreSQL COPY of the same rows.

    DATABASE_URL=postgres://... python manage.py bench_stocks --variants 100000
    python manage.py bench_stocks --cleanup        # removes the seeded BENCH-* data
"""

import time
import tracemalloc
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client

from catalog.models import Product, Variant
from config.api.models import ApiToken
from inventory.models import StockLevel, Warehouse

PREFIX = "BENCH-"


class Command(BaseCommand):
    help = "Seed variants with stock and measure the streamed /api/lite/products/stocks page (time, peak memory)."

    def add_arguments(self, parser):
        parser.add_argument("--variants", type=int, default=100_000)
        parser.add_argument("--warehouses", type=int, default=2)
        parser.add_argument("--cleanup", action="store_true", help="Delete the seeded data and stop")

    def handle(self, *args, variants, warehouses, cleanup, **options):
        if cleanup:
            self.cleanup()
            return
        self.seed(variants, warehouses)
        total = Variant.objects.count()
        _, raw = ApiToken.issue(name="bench_stocks")
        client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
        url = f"/api/lite/products/stocks?page=0&size={min(variants, 100_000)}"
        self.fetch(client, url)  # warm-up
        seconds, size = self.fetch(client, url)
        self.stdout.write(f"{total} variants in the database; page of {min(variants, 100_000)}")
        self.stdout.write(f"streamed answer: {seconds * 1000:.0f} ms, {size / 1e6:.1f} MB of JSON")
        for page_size in (1000, 10_000, min(variants, 100_000)):
            tracemalloc.start()
            self.fetch(client, f"/api/lite/products/stocks?page=0&size={page_size}")
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            self.stdout.write(f"peak Python memory, page of {page_size}: {peak / 1e6:.1f} MB")
        if connection.vendor == "postgresql":
            self.stdout.write(f"baseline COPY of the same rows: {self.copy_baseline() * 1000:.0f} ms")

    def fetch(self, client, url) -> tuple[float, int]:
        started = time.perf_counter()
        response = client.get(url)
        size = sum(len(part) for part in response.streaming_content)
        response.close()
        assert response.status_code == 200, response.status_code
        return time.perf_counter() - started, size

    def copy_baseline(self) -> float:
        sql = (
            "COPY (SELECT v.public_id, w.code, s.total, s.reserved, s.total - s.reserved, s.defective, "
            "s.defective_reserved, s.expired FROM catalog_variant v LEFT JOIN inventory_stocklevel s "
            "ON s.variant_id = v.id LEFT JOIN inventory_warehouse w ON w.id = s.warehouse_id "
            "ORDER BY v.id, s.warehouse_id LIMIT 200000) TO STDOUT"
        )
        started = time.perf_counter()
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for _ in copy:
                pass
        return time.perf_counter() - started

    def seed(self, count: int, warehouse_count: int):
        have = Variant.objects.filter(public_id__startswith=PREFIX).count()
        if have >= count:
            return
        started = time.perf_counter()
        with transaction.atomic():
            warehouses = [
                Warehouse.objects.get_or_create(code=f"{PREFIX}W{i}", defaults={"name": f"Bench {i}"})[0]
                for i in range(warehouse_count)
            ]
            batch = 5000
            for start in range(have, count, batch):
                stop = min(start + batch, count)
                products = Product.objects.bulk_create(
                    [Product(public_id=f"{PREFIX}P{i}", short_name=f"Bench {i}") for i in range(start, stop)]
                )
                new = Variant.objects.bulk_create(
                    [
                        Variant(public_id=f"{PREFIX}V{i}", product=p)
                        for i, p in zip(range(start, stop), products, strict=True)
                    ]
                )
                StockLevel.objects.bulk_create(
                    [
                        StockLevel(variant=v, warehouse=w, total=Decimal(i % 50), reserved=Decimal(i % 3))
                        for i, v in enumerate(new)
                        for w in warehouses
                    ]
                )
        self.stdout.write(f"seeded {count - have} variants in {time.perf_counter() - started:.1f} s")

    def cleanup(self):
        with transaction.atomic():
            StockLevel.objects.filter(variant__public_id__startswith=PREFIX).delete()
            Product.objects.filter(public_id__startswith=PREFIX).delete()
            Warehouse.objects.filter(code__startswith=PREFIX).delete()
            ApiToken.objects.filter(name="bench_stocks").delete()
        self.stdout.write("bench data removed")
