import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.http import StreamingHttpResponse
from django.utils import timezone

from inventory import queries
from inventory.models import StockLevel
from tests.factories.catalog import VariantFactory
from tests.factories.inventory import StockLevelFactory, WarehouseFactory

pytestmark = pytest.mark.django_db


def read(response):
    assert isinstance(response, StreamingHttpResponse)
    return json.loads(b"".join(response.streaming_content))


def test_stocks_answer_has_the_spec_shape(api):
    warehouse = WarehouseFactory(code="d7a490e3-7dd6-0104-60b6-ca222b03bf18")
    level = StockLevelFactory(
        variant=VariantFactory(public_id="215606"), warehouse=warehouse, total=Decimal("10"), reserved=Decimal("2")
    )

    response = api.get("/api/lite/products/stocks")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert read(response) == {
        "recordsTotal": 1,
        "success": True,
        "variants": [
            {
                "id": level.variant.public_id,
                "stock": [
                    {
                        "stockAvailable": 8,
                        "stockDefective": 0,
                        "stockDefectiveReserved": 0,
                        "stockExpired": 0,
                        "stockReserved": 2,
                        "stockTotal": 10,
                        "warehouseCode": "d7a490e3-7dd6-0104-60b6-ca222b03bf18",
                    }
                ],
            }
        ],
    }


def test_stocks_lists_every_warehouse_of_a_variant_and_variants_without_stock(api):
    first, second = WarehouseFactory(), WarehouseFactory()
    variant = VariantFactory()
    StockLevelFactory(variant=variant, warehouse=first, total=Decimal("1.5"), expired=Decimal("2"))
    StockLevelFactory(variant=variant, warehouse=second, total=Decimal("4"))
    bare = VariantFactory()

    body = read(api.get("/api/lite/products/stocks"))

    assert body["recordsTotal"] == 2
    stocks = {v["id"]: v["stock"] for v in body["variants"]}
    assert [s["warehouseCode"] for s in stocks[variant.public_id]] == [first.code, second.code]
    assert stocks[variant.public_id][0]["stockTotal"] == 1.5
    assert stocks[variant.public_id][0]["stockExpired"] == 2
    assert stocks[bare.public_id] == []


def test_stocks_pages_by_page_and_size_in_variant_order(api):
    warehouse = WarehouseFactory()
    variants = [StockLevelFactory(warehouse=warehouse).variant for _ in range(5)]

    page0 = read(api.get("/api/lite/products/stocks?page=0&size=2"))
    page2 = read(api.get("/api/lite/products/stocks?page=2&size=2"))
    page9 = read(api.get("/api/lite/products/stocks?page=9&size=2"))

    assert page0["recordsTotal"] == page2["recordsTotal"] == page9["recordsTotal"] == 5
    assert [v["id"] for v in page0["variants"]] == [v.public_id for v in variants[:2]]
    assert [v["id"] for v in page2["variants"]] == [variants[4].public_id]
    assert page9["variants"] == []


def test_stocks_chunks_stay_in_order_across_chunk_boundaries(api, monkeypatch):
    monkeypatch.setattr(queries, "STOCKS_CHUNK", 3)
    warehouse = WarehouseFactory()
    variants = [StockLevelFactory(warehouse=warehouse, total=i).variant for i in range(8)]

    body = read(api.get("/api/lite/products/stocks?page=1&size=5"))

    assert [v["id"] for v in body["variants"]] == [v.public_id for v in variants[5:8]]
    assert [v["stock"][0]["stockTotal"] for v in body["variants"]] == [5, 6, 7]


def test_stock_updated_from_keeps_only_variants_changed_since(api):
    warehouse = WarehouseFactory()
    old = StockLevelFactory(warehouse=warehouse)
    new = StockLevelFactory(warehouse=warehouse)
    StockLevel.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=3))
    since = timezone.localtime(timezone.now() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S.000")

    body = read(api.get(f"/api/lite/products/stocks?stock_updated_from={since}&page=0&size=10"))

    assert body["recordsTotal"] == 1
    assert [v["id"] for v in body["variants"]] == [new.variant.public_id]


def test_stock_updated_from_accepts_the_format_without_milliseconds(api):
    StockLevelFactory()

    body = read(api.get("/api/lite/products/stocks?stock_updated_from=2024-05-21T00:00:00"))

    assert body["recordsTotal"] == 1


@pytest.mark.parametrize(
    "value", ["2024-05-21", "21.05.2024T00:00:00", "2024-13-01T00:00:00", "2024-05-21T00:00:00.0000", "x' or 1=1"]
)
def test_malformed_stock_updated_from_is_a_400_envelope(api, value):
    response = api.get("/api/lite/products/stocks", {"stock_updated_from": value})

    assert response.status_code == 400
    body = response.json()
    assert body["success"] is False
    assert "stock_updated_from" in body["errors"][0]["message"]


@pytest.mark.parametrize("params", ["page=-1", "size=abc", "size=0"])
def test_bad_paging_is_a_400_envelope(api, params):
    response = api.get(f"/api/lite/products/stocks?{params}")

    assert response.status_code == 400
    assert response.json()["success"] is False


def test_size_is_capped_at_100000(api, monkeypatch):
    seen = {}

    def fake_stream(*, updated_from, offset, limit):
        seen["limit"] = limit
        yield b'{"recordsTotal":0,"success":true,"variants":[]}'

    monkeypatch.setattr(queries, "stream_stocks", fake_stream)

    read(api.get("/api/lite/products/stocks?size=500000"))
    assert seen["limit"] == 100_000
    read(api.get("/api/lite/products/stocks"))
    assert seen["limit"] == 1000


def test_stocks_query_count_does_not_grow_with_the_page(api, django_assert_max_num_queries, monkeypatch):
    monkeypatch.setattr(queries, "STOCKS_CHUNK", 50)
    warehouses = [WarehouseFactory(), WarehouseFactory()]
    for _ in range(40):
        variant = VariantFactory()
        for warehouse in warehouses:
            StockLevelFactory(variant=variant, warehouse=warehouse)

    # auth (token lookup + last use) + count + start + (PostgreSQL: warehouse codes) + variants + stock rows
    with django_assert_max_num_queries(7):
        body = read(api.get("/api/lite/products/stocks?size=1000"))

    assert len(body["variants"]) == 40
    assert all(len(v["stock"]) == 2 for v in body["variants"])


@pytest.mark.postgres
@pytest.mark.parametrize("block_bytes", [1, 200, 1 << 20], ids=["a block per variant", "a few", "one block"])
def test_postgres_copy_path_writes_byte_for_byte_what_the_orm_path_renders(monkeypatch, block_bytes):
    """The PostgreSQL path (COPY ... TO STDOUT, inventory/queries.py) against the portable ORM path: the same
    bytes, whatever the block boundaries, with ids and codes that need JSON escaping (a backslash, a quote,
    a control character, a newline: a COPY text format would double the backslash, a CSV quote the line)."""
    monkeypatch.setattr(queries, "PG_BLOCK_BYTES", block_bytes)
    warehouses = [WarehouseFactory(code='quote"code\\x'), WarehouseFactory(code="склад\x01")]
    odd_ids = ["v\\1", 'v"2', "v\n3", "v\x014", "вариант 5"]
    for index, public_id in enumerate(odd_ids):
        variant = VariantFactory(public_id=public_id)
        # The second warehouse's row first: the answer lists warehouses by id, not by when the row was written.
        for warehouse in reversed(warehouses[: 1 + index % 2]):
            StockLevelFactory(
                variant=variant,
                warehouse=warehouse,
                total=Decimal("10.250"),
                reserved=Decimal(index),
                defective=Decimal("0.001"),
                expired=Decimal("3"),
            )
    VariantFactory()
    since = timezone.now() - timedelta(hours=1)

    for updated_from, offset, limit in ((None, 0, 10), (None, 1, 3), (since, 1, 10), (None, 6, 10)):
        fast = b"".join(queries.stream_stocks(updated_from=updated_from, offset=offset, limit=limit))
        orm = [
            d
            for c in queries.iter_stock_variant_chunks(updated_from=updated_from, offset=offset, limit=limit)
            for d in c
        ]
        total = queries.count_stock_variants(updated_from=updated_from)
        assert fast == queries.dumps({"recordsTotal": total, "success": True, "variants": orm})
    assert len(json.loads(fast)["variants"]) == 0  # offset past the end: an empty list, still valid JSON
    every = json.loads(b"".join(queries.stream_stocks(updated_from=None, offset=0, limit=10)))["variants"]
    assert [v["id"] for v in every[:5]] == odd_ids
    assert [s["warehouseCode"] for s in every[1]["stock"]] == [w.code for w in warehouses]


@pytest.mark.postgres
def test_postgres_copy_path_never_answers_a_negative_available_stock():
    StockLevelFactory(total=Decimal("2"), reserved=Decimal("5"))

    [variant] = json.loads(b"".join(queries.stream_stocks(updated_from=None, offset=0, limit=10)))["variants"]

    assert variant["stock"][0]["stockAvailable"] == 0
    assert variant["stock"][0]["stockReserved"] == 5 and variant["stock"][0]["stockTotal"] == 2
