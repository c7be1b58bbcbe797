"""POST/PATCH /products/batch is written set-based (catalog/services/product_batch.py); the per-product
path (each product and variant in a savepoint) is its fallback when a unique constraint catches a
concurrent writer. Both must leave the same rows, answers, history and stock ledger."""

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog.models import AccountingAttribute, Barcode, HistoryEvent, Product, Variant
from catalog.services import products as product_services
from inventory.models import StockLevel, StockMovement
from tests.factories import (
    AttributeFactory,
    BarcodeFactory,
    CollectionFactory,
    EshopFactory,
    ProductFactory,
    WarehouseFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def dictionaries():
    AttributeFactory(code="color", type="string")
    AttributeFactory(code="volume", type="decimal")
    AccountingAttribute.objects.create(public_id="acc1", code="mark", title="Маркировка")
    return {
        "collections": [CollectionFactory(public_id="c1"), CollectionFactory(public_id="c2")],
        "eshop": EshopFactory(),
        "warehouses": [WarehouseFactory(is_default=True, code="main"), WarehouseFactory(code="far")],
    }


def rich_batch(prefix: str, eshop_id: str, generation: int) -> dict:
    """Products with every relation, one product-level error and one variant-level error."""
    g = generation
    return {
        "products": [
            {
                "id": f"{prefix}-1",
                "shortName": f"Первый {g}",
                "vat": "VAT_20",
                "collections": ["c1", "c2"] if g == 0 else ["c2"],
                "attributes": [{"code": "color", "stringValue": f"red{g}"}, {"code": "volume", "stringValue": "1,5"}],
                "accountingAttributes": [{"code": "mark", "stringValue": f"m{g}"}],
                "eshopSettings": [{"eshopId": eshop_id, "enabled": g == 0}],
                "additionalDescriptions": [{"title": f"Состав {g}", "description": "x"}, {"title": "Уход"}],
                "variantsToUpdate": [
                    {
                        "variantId": f"{prefix}-1a",
                        "article": f"A{g}",
                        "price": 100 + g,
                        "prices": [{"priceCode": "Цена до скидки", "value": 150}] if g == 0 else [],
                        "barcodes": [{"value": f"{prefix}-bc1"}, {"value": f"{prefix}-bc{2 + g}", "isDefault": True}],
                        "optionsUsed": [{"code": "size", "stringValue": "M" if g == 0 else "L"}],
                        "eshopSettings": [{"eshopId": eshop_id, "zeroStock": g == 1}],
                        "stock": [{"warehouseCode": "far", "stockTotal": 5 + g}, {"stockTotal": 2}],
                        "updateStockTotal": True,
                    },
                    {
                        "variantId": f"{prefix}-1b",
                        "weight": 120,
                        "optionsUsed": [{"code": "size", "stringValue": "S"}],
                        "stock": [{"warehouseCode": "far", "stockTotal": 3 * g}],
                        "updateStockTotal": True,
                    },
                    # Same options as the first variant: refused, the other variants are kept.
                    {
                        "variantId": f"{prefix}-1c",
                        "optionsUsed": [{"code": "size", "stringValue": "M" if g == 0 else "L"}],
                    },
                    {"variantId": f"{prefix}-1d", "prices": [{"priceCode": "нет такой", "value": 1}]},
                ],
            },
            {"id": f"{prefix}-2", "shortName": "Без вариантов", "brandName": f"Бренд {g}"},
            {"id": f"{prefix}-3", "collections": ["missing"]},
            {
                "id": f"{prefix}-4",
                "variantsToUpdate": [
                    {"variantId": f"{prefix}-4a", "barcodes": [{"value": f"{prefix}-bc1"}]},  # held by {prefix}-1a
                    {
                        "variantId": f"{prefix}-4b",
                        "stock": [{"warehouseCode": "nowhere", "stockTotal": 1}],
                        "updateStockTotal": True,
                    },
                ],
            },
        ]
    }


def normalized(value, prefix: str):
    return json.loads(json.dumps(value, default=str).replace(prefix, "X"))


def history_of(prefix: str) -> list:
    events = HistoryEvent.objects.filter(product_public_id__startswith=prefix).order_by("pk")
    return normalized([(e.product_public_id, e.source_action, e.snapshot) for e in events], prefix)


def ledger_of(prefix: str) -> list:
    rows = StockMovement.objects.filter(variant__public_id__startswith=prefix).order_by("pk")
    return normalized(
        [(m.variant.public_id, m.warehouse_code, m.delta_total, m.reason, m.source) for m in rows], prefix
    )


def post_both_ways(api, monkeypatch, method: str, payload_of) -> tuple:
    """The same request through the set-based path (ids SETB-...) and the per-product path (PERP-...)."""
    set_based = getattr(api, method)("/api/lite/products/batch", payload_of("SETB"), format="json").json()
    with monkeypatch.context() as patch:
        patch.setattr(product_services, "batchable", lambda items: False)
        per_product = getattr(api, method)("/api/lite/products/batch", payload_of("PERP"), format="json").json()
    return normalized(set_based["products"], "SETB"), normalized(per_product["products"], "PERP")


def test_set_based_and_per_product_paths_write_the_same(api, monkeypatch, dictionaries):
    eshop_id = dictionaries["eshop"].public_id

    for generation in (0, 1):
        set_based, per_product = post_both_ways(
            api, monkeypatch, "post", lambda p, g=generation: rich_batch(p, eshop_id, g)
        )
        assert set_based == per_product
        assert history_of("SETB") == history_of("PERP")
        assert ledger_of("SETB") == ledger_of("PERP")

    set_based, per_product = post_both_ways(
        api,
        monkeypatch,
        "patch",
        lambda p: {"products": [{"id": f"{p}-1", "brandName": "Новый"}, {"id": f"{p}-2", "collections": ["c1"]}]},
    )
    assert set_based == per_product
    assert history_of("SETB") == history_of("PERP")


def test_batch_state_after_create_and_update(api, dictionaries):
    eshop_id = dictionaries["eshop"].public_id
    created = api.post("/api/lite/products/batch", rich_batch("S", eshop_id, 0), format="json").json()
    updated = api.post("/api/lite/products/batch", rich_batch("S", eshop_id, 1), format="json").json()

    first, second, third, fourth = created["products"]
    assert first["success"] and second["success"] and fourth["success"]
    assert third == {
        "success": False,
        "id": "S-3",
        "errors": [{"code": 0, "message": "Коллекция с id «missing» не найдена"}],
    }
    assert [v["success"] for v in first["variantsResult"]] == [True, True, False, False]
    assert first["variantsResult"][2]["errors"][0]["message"] == "Вариант с таким набором опций уже существует: S-1a"
    assert first["variantsResult"][3]["errors"][0]["message"] == "Не найден тип цены с кодом «нет такой»"
    assert fourth["variantsResult"][0]["errors"][0]["message"] == (
        "Штрихкод S-bc1 уже используются в варианте [S-1a] Первый 0, ШК: S-bc1 "
    )
    assert fourth["variantsResult"][1]["errors"][0]["message"] == "Склад с кодом «nowhere» не найден"
    # The update: variants that failed to be created are unknown now (only a new product may name new ones).
    first, _second, _third, fourth = updated["products"]
    assert [v["success"] for v in first["variantsResult"]] == [True, True, False, False]
    assert first["variantsResult"][2]["errors"][0]["message"] == "Вариант с указанным id не найден"
    assert fourth["variantsResult"][0]["errors"][0]["message"] == "Вариант с указанным id не найден"

    product = Product.objects.get(public_id="S-1")
    assert product.short_name == "Первый 1" and [c.public_id for c in product.collections.all()] == ["c2"]
    assert {a.attribute.code: (a.string_value, a.decimal_value) for a in product.attribute_values.all()} == {
        "color": ("red1", None),
        "volume": (None, Decimal("1.5")),
    }
    variant = Variant.objects.get(public_id="S-1a")
    assert variant.article == "A1"
    assert {p.price_type.code: p.value for p in variant.prices.all()} == {"Розничная цена": Decimal("101")}
    assert [(b.value, b.is_default) for b in variant.barcodes.all()] == [("S-bc3", True), ("S-bc1", False)]
    assert not Barcode.objects.filter(value="S-bc2").exists()
    assert [o.string_value for o in variant.options.all()] == ["L"]
    assert [s.zero_stock for s in variant.eshop_settings.all()] == [True]
    # New variants have an empty row in every warehouse; the figures set are these:
    levels = {(lv.variant.public_id, lv.warehouse.code): lv.total for lv in StockLevel.objects.exclude(total=0)}
    # S-1a's second stock item has no code: the default warehouse, "main" (naming one twice is refused).
    assert levels == {("S-1a", "far"): 6, ("S-1a", "main"): 2, ("S-1b", "far"): 3}
    assert not Variant.objects.filter(public_id__in=["S-1c", "S-1d", "S-4a", "S-4b"]).exists()
    # S-2 and S-4 are new products whose variants all failed or were not given: each got its automatic variant.
    assert list(Variant.objects.filter(product__public_id="S-2").values_list("public_id", flat=True)) == ["S-2"]
    assert list(Variant.objects.filter(product__public_id="S-4").values_list("public_id", flat=True)) == ["S-4"]
    assert HistoryEvent.objects.filter(product_public_id="S-1").count() == 2
    assert not HistoryEvent.objects.filter(product_public_id="S-3").exists()


def test_a_barcode_of_an_existing_variant_fails_only_that_variant(api):
    WarehouseFactory(is_default=True)
    holder = BarcodeFactory(value="4600000000017", variant__product__short_name="Старый товар")
    payload = {
        "products": [
            {"id": f"N{i}", "variantsToUpdate": [{"variantId": f"N{i}", "barcodes": [{"value": f"46000000001{i}"}]}]}
            for i in range(3)
        ]
    }
    payload["products"][1]["variantsToUpdate"][0]["barcodes"][0]["value"] = "4600000000017"

    first, second, third = api.post("/api/lite/products/batch", payload, format="json").json()["products"]

    assert first["variantsResult"][0]["success"] and third["variantsResult"][0]["success"]
    assert second["success"] is True
    assert second["variantsResult"][0]["errors"][0]["message"] == (
        f"Штрихкод 4600000000017 уже используются в варианте [{holder.variant.public_id}] Старый товар, "
        "ШК: 4600000000017 "
    )
    assert Barcode.objects.get(value="4600000000017").variant == holder.variant
    assert list(Barcode.objects.filter(variant__public_id="N0").values_list("value", flat=True)) == ["460000000010"]


def test_duplicate_barcodes_inside_a_batch(api):
    WarehouseFactory(is_default=True)
    payload = {
        "products": [
            {"id": "D1", "variantsToUpdate": [{"variantId": "D1", "barcodes": [{"value": "dup"}, {"value": "dup"}]}]},
            {"id": "D2", "variantsToUpdate": [{"variantId": "D2", "barcodes": [{"value": "same"}]}]},
            {"id": "D3", "variantsToUpdate": [{"variantId": "D3", "barcodes": [{"value": "same"}]}]},
        ]
    }

    d1, d2, d3 = api.post("/api/lite/products/batch", payload, format="json").json()["products"]

    # one barcode twice in one variant: refused with the item (catalog/services/variant_lists.py)
    assert d1["errors"][0]["message"] == "variantsToUpdate[0]: barcodes: штрихкод «dup» указан в запросе несколько раз"
    assert d2["variantsResult"][0]["success"] is True
    assert d3["variantsResult"][0]["errors"][0]["message"] == (
        "Штрихкод same уже используются в варианте [D2] , ШК: same "
    )
    assert Barcode.objects.get(value="same").variant.public_id == "D2"
    assert not Barcode.objects.filter(value="dup").exists()


def test_a_barcode_given_up_earlier_in_the_batch_can_be_taken_later(api):
    """As in a sequential save: the first variant drops the barcode, a later one takes it."""
    WarehouseFactory(is_default=True)
    BarcodeFactory(value="moving", variant__public_id="OLD", variant__product__public_id="OLDP")
    taker = {"id": "NEW", "variantsToUpdate": [{"variantId": "NEW", "barcodes": [{"value": "moving"}]}]}
    giver = {"id": "OLDP", "variantsToUpdate": [{"variantId": "OLD", "barcodes": [{"value": "kept"}]}]}

    too_early = api.post("/api/lite/products/batch", {"products": [taker, giver]}, format="json").json()
    assert too_early["products"][0]["variantsResult"][0]["success"] is False
    assert Barcode.objects.get(value="kept").variant.public_id == "OLD"

    taker["id"] = taker["variantsToUpdate"][0]["variantId"] = "NEW2"
    giver["variantsToUpdate"][0]["barcodes"] = [{"value": "kept2"}]
    BarcodeFactory(value="moving2", variant=Variant.objects.get(public_id="OLD"))
    taker["variantsToUpdate"][0]["barcodes"] = [{"value": "moving2"}]
    in_order = api.post("/api/lite/products/batch", {"products": [giver, taker]}, format="json").json()
    assert all(v["success"] for p in in_order["products"] for v in p["variantsResult"])
    assert Barcode.objects.get(value="moving2").variant.public_id == "NEW2"


def test_every_changed_stock_gets_a_ledger_row(api):
    main = WarehouseFactory(is_default=True, code="main")

    def batch(totals):
        return {
            "products": [
                {
                    "id": f"L{i}",
                    "variantsToUpdate": [
                        {"variantId": f"L{i}-{v}", "stock": [{"stockTotal": totals[i][v]}], "updateStockTotal": True}
                        for v in range(2)
                    ],
                }
                for i in range(len(totals))
            ]
        }

    api.post("/api/lite/products/batch", batch([[1, 2], [3, 0]]), format="json")
    api.post("/api/lite/products/batch", batch([[1, 5], [4, 0]]), format="json")

    ledger = [
        (m.variant.public_id, m.warehouse_code, m.delta_total, m.reason)
        for m in StockMovement.objects.order_by("pk").select_related("variant")
    ]
    reason = "POST /products/batch"
    assert ledger == [
        ("L0-0", "main", 1, reason),
        ("L0-1", "main", 2, reason),
        ("L1-0", "main", 3, reason),
        ("L0-1", "main", 3, reason),
        ("L1-0", "main", 1, reason),
    ]
    totals = {lv.variant.public_id: lv.total for lv in StockLevel.objects.filter(warehouse=main)}
    assert totals == {"L0-0": 1, "L0-1": 5, "L1-0": 4, "L1-1": 0}


def bench_like_batch(prefix: str, count: int, generation: int) -> dict:
    return {
        "products": [
            {
                "id": f"{prefix}{i}",
                "shortName": f"Товар {i} {generation}",
                "variantsToUpdate": [
                    {
                        "variantId": f"{prefix}{i}-{v}",
                        "article": f"A{generation}",
                        "prices": [{"priceCode": "Розничная цена", "value": 100 + generation}],
                        "barcodes": [{"value": f"{prefix}{i}-{v}-{generation}", "isDefault": True}],
                        "stock": [{"warehouseCode": "main", "stockTotal": 5 + generation}],
                        "updateStockTotal": True,
                    }
                    for v in range(2)
                ],
            }
            for i in range(count)
        ]
    }


def queries_of(api, payload) -> int:
    with CaptureQueriesContext(connection) as queries:
        body = api.post("/api/lite/products/batch", payload, format="json").json()
    assert all(v["success"] for p in body["products"] for v in p["variantsResult"])
    return len(queries)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite splits bulk INSERTs at 999 parameters, so its query count grows with the batch",
)
def test_a_batch_costs_the_same_queries_for_50_and_100_products(api):
    WarehouseFactory(is_default=True, code="main")
    ProductFactory()  # the catalog is not empty
    queries_of(api, bench_like_batch("W", 1, 0))  # warm-up: per-process look-ups (price types cache, token)

    creates = [queries_of(api, bench_like_batch(prefix, count, 0)) for prefix, count in (("Q", 50), ("R", 100))]
    updates = [queries_of(api, bench_like_batch(prefix, count, 1)) for prefix, count in (("Q", 50), ("R", 100))]

    # 41: new variants open their empty stock rows in one INSERT; one query takes the name locks (kernel.locks);
    # new products, variants, prices and barcodes each draw their keys in one query, then go in by COPY, which
    # this count does not see (config.kernel.bulk.insert_rows)
    assert creates[0] == creates[1] <= 41
    assert updates[0] == updates[1] <= 46


def test_update_rows_writes_every_kind_of_field_exactly():
    """config.kernel.bulk.update_rows (UPDATE ... FROM jsonb_to_recordset on PostgreSQL) round-trips JSON,
    decimals, nulls, booleans, quotes and timestamps."""
    from django.utils import timezone

    from config.kernel.bulk import update_rows

    product = ProductFactory(subscription_info={"old": True}, warranty=3, is_novelty=None)
    variant = product.variants.get()
    product.subscription_info = {"plan": "gold", "months": [1, 2.5], "note": None}
    product.warranty, product.is_novelty = None, True
    product.short_name = "Имя 'с' \"кавычками\" и \\ слешем"
    product.updated_at = timezone.now()
    variant.weight, variant.discount_type, variant.ordering = Decimal("12.345"), None, Decimal("2.125")

    update_rows(Product, [product], ["subscription_info", "warranty", "is_novelty", "short_name", "updated_at"])
    update_rows(Variant, [variant], ["weight", "discount_type", "ordering"])

    fresh = Product.objects.get(pk=product.pk)
    assert fresh.subscription_info == {"plan": "gold", "months": [1, 2.5], "note": None}
    assert (fresh.warranty, fresh.is_novelty, fresh.short_name) == (None, True, product.short_name)
    assert fresh.updated_at == product.updated_at
    fresh_variant = Variant.objects.get(pk=variant.pk)
    assert (fresh_variant.weight, fresh_variant.discount_type) == (Decimal("12.345"), None)
    assert fresh_variant.ordering == Decimal("2.125")


@pytest.mark.parametrize("count", [1, 60], ids=["one row: INSERT", "60 rows: COPY on PostgreSQL"])
def test_insert_rows_writes_every_kind_of_field_exactly(count):
    """config.kernel.bulk.insert_rows gives keys in the rows' order and stores JSON, decimals, nulls, booleans,
    quotes, auto_now stamps and the product's key of a variant exactly as bulk_create does."""
    from config.kernel.bulk import insert_rows

    before = timezone.now()
    products = [
        Product(
            public_id=f"ins-{i}",
            short_name="Имя 'с' \"кавычками\", \\ слешем\tи табуляцией",
            subscription_info={"plan": "gold", "months": [1, 2.5], "note": None},
            warranty=None if i % 2 else 3,
            is_novelty=None if i % 3 else True,
        )
        for i in range(count)
    ]
    insert_rows(Product, products)
    variants = [
        Variant(product=p, public_id=f"{p.public_id}-v", weight=Decimal("12.345"), ordering=Decimal("2.125"))
        for p in products
    ]
    insert_rows(Variant, variants)

    keys = [p.pk for p in products]
    assert keys == sorted(keys) and len(set(keys)) == count
    for product, variant in zip(products, variants, strict=True):
        fresh = Product.objects.get(pk=product.pk)
        assert (fresh.public_id, fresh.short_name, fresh.subscription_info) == (
            product.public_id,
            "Имя 'с' \"кавычками\", \\ слешем\tи табуляцией",
            {"plan": "gold", "months": [1, 2.5], "note": None},
        )
        assert (fresh.warranty, fresh.is_novelty) == (product.warranty, product.is_novelty)
        assert before <= fresh.created_at == product.created_at and fresh.updated_at >= before
        stored = Variant.objects.select_related("product").get(public_id=variant.public_id)
        assert (stored.pk, stored.product.public_id) == (variant.pk, product.public_id)
        assert (stored.weight, stored.ordering) == (Decimal("12.345"), Decimal("2.125"))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_insert_rows_reports_a_taken_unique_value_as_integrity_error():
    """The batch's race handling (products.save_products) catches Django's IntegrityError: the COPY path
    must raise it, not psycopg's own error."""
    from django.db import IntegrityError, transaction

    from config.kernel.bulk import insert_rows

    ProductFactory(public_id="taken")
    rows = [Product(public_id=f"new-{i}") for i in range(59)] + [Product(public_id="taken")]
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows(Product, rows)
    assert not Product.objects.filter(public_id__startswith="new-").exists()


def test_unnamed_products_and_variants_get_generated_ids(api):
    WarehouseFactory(is_default=True)
    Variant.objects.all().delete()
    payload = {
        "products": [
            {"shortName": "Без id", "variantsToUpdate": [{"article": "one"}, {"article": "two"}]},
            {"shortName": "Тоже без id"},
        ]
    }

    first, second = api.post("/api/lite/products/batch", payload, format="json").json()["products"]

    assert first["success"] and second["success"] and first["id"] != second["id"]
    generated = [v["variantId"] for v in first["variantsResult"]]
    assert all(v["success"] for v in first["variantsResult"]) and len(set(generated)) == 2
    assert sorted(Variant.objects.filter(product__public_id=first["id"]).values_list("article", flat=True)) == [
        "one",
        "two",
    ]
    # The product without variants got its automatic variant, named after the product unless (as here,
    # ids come from separate counters) a variant generated a moment earlier holds that id.
    [auto] = Variant.objects.filter(product__public_id=second["id"]).values_list("public_id", flat=True)
    assert auto == (second["id"] if second["id"] not in generated else str(max(int(g) for g in generated) + 1))
    again = api.post(
        "/api/lite/products/batch",
        {"products": [{"id": first["id"], "variantsToUpdate": [{"article": "x"}]}]},
        format="json",
    ).json()["products"][0]
    assert again["variantsResult"][0]["errors"][0]["message"] == "Не указан variantId"
