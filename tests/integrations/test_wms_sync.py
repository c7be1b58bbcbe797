from decimal import Decimal

import pytest
from django_celery_beat.models import PeriodicTask

from catalog.models import Variant
from integrations.wms import services
from integrations.wms.models import OutboxEntry, WmsCall
from integrations.wms.tasks import requeue_outbox_task
from inventory.models import StockLevel, StockMovement
from tests.factories import BarcodeFactory, ProductFactory, StockLevelFactory, WarehouseFactory

from . import wms_support

fake_wms = wms_support.fake_wms
ff_warehouse = wms_support.ff_warehouse

pytestmark = pytest.mark.django_db


def export(api, captured, products, warehouse_code="2970c244-20f4-bab8-4c29-b04504281120"):
    with captured(execute=True):
        return api.post(
            "/api/lite/products/export_ff", {"warehouseCode": warehouse_code, "products": products}, format="json"
        )


def product_with_barcodes(public_id="1042", variants=2):
    product = ProductFactory(public_id=public_id, short_name="Джинсы", variants=variants)
    for variant in product.variants.all():
        BarcodeFactory(variant=variant)
    return product


def test_export_ff_pushes_variants_with_barcodes_and_marks_them_synchronised(
    api, fake_wms, ff_warehouse, django_capture_on_commit_callbacks
):
    product = product_with_barcodes()

    response = export(api, django_capture_on_commit_callbacks, ["1042"])

    assert response.status_code == 200
    assert response.json() == {"success": True}
    shown = api.get("/api/lite/products?id=1042").json()["products"][0]["variants"]
    assert [(v["isFfSynchronised"], v["ffSyncError"]) for v in shown] == [(True, None), (True, None)]
    variants = list(product.variants.order_by("pk"))
    assert [(v.is_ff_synchronised, v.ff_sync_error) for v in Variant.objects.filter(product=product)] == [
        (True, None),
        (True, None),
    ]
    pushed = fake_wms.state.items
    assert set(pushed) == {v.public_id for v in variants}
    first = pushed[variants[0].public_id]
    assert first["barcodes"] == [variants[0].barcodes.get().value]
    assert first["productId"] == "1042" and first["name"] == "Джинсы"
    assert OutboxEntry.objects.get().status == OutboxEntry.Status.DONE
    assert WmsCall.objects.filter(operation="push_items", ok=True).count() == 1


def test_export_ff_marks_physical_sets_with_the_set_flags(
    api, fake_wms, ff_warehouse, django_capture_on_commit_callbacks
):
    product = product_with_barcodes(variants=1)
    Variant.objects.filter(product=product).update(is_physical_set=True, ff_physical_set_sync_error="старое")

    export(api, django_capture_on_commit_callbacks, ["1042"])

    variant = product.variants.get()
    assert (variant.is_ff_physical_set_synchronized, variant.ff_physical_set_sync_error) == (True, None)
    assert fake_wms.state.items[variant.public_id]["isSet"] is True


def test_push_survives_a_timeout_a_500_malformed_json_and_a_dropped_connection_without_doubling(
    api, fake_wms, ff_warehouse, django_capture_on_commit_callbacks
):
    product = product_with_barcodes(variants=1)
    fake_wms.state.control({"faults": ["slow", "error500", "malformed", "drop"]})

    export(api, django_capture_on_commit_callbacks, ["1042"])

    variant = product.variants.get()
    assert (variant.is_ff_synchronised, variant.ff_sync_error) == (True, None)
    entry = OutboxEntry.objects.get()
    assert (entry.status, entry.attempts) == (OutboxEntry.Status.DONE, 5)
    # The timed-out and the garbled calls were applied by the WMS; their retries were answered from the
    # idempotency store.
    assert fake_wms.state.stats["item_writes"] == {variant.public_id: 1}
    assert list(WmsCall.objects.order_by("pk").values_list("ok", "status")) == [
        (False, None),
        (False, 500),
        (False, 200),
        (False, None),
        (True, 200),
    ]


def test_a_wms_answering_garbage_shows_the_error_and_a_retry_from_the_admin_succeeds(
    settings, api, admin_client, fake_wms, ff_warehouse, django_capture_on_commit_callbacks
):
    settings.WMS_MAX_RETRIES = 1
    product = product_with_barcodes(variants=1)
    variant = product.variants.get()
    fake_wms.state.control({"mode": "malformed"})

    export(api, django_capture_on_commit_callbacks, ["1042"])

    variant.refresh_from_db()
    assert variant.is_ff_synchronised is False
    assert "не JSON" in variant.ff_sync_error
    listing = admin_client.get("/admin/wms/variantsyncstate/?is_ff_synchronised__exact=0&has_error=yes")
    assert variant.public_id in listing.content.decode()

    fake_wms.state.control({"mode": "ok"})
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/wms/variantsyncstate/", {"action": "retry_push", "_selected_action": [variant.pk]}
        )

    assert response.status_code == 302
    variant.refresh_from_db()
    assert (variant.is_ff_synchronised, variant.ff_sync_error) == (True, None)


def test_push_that_keeps_failing_gives_up_after_the_retry_limit_and_shows_the_error(
    settings, api, fake_wms, ff_warehouse, django_capture_on_commit_callbacks
):
    settings.WMS_MAX_RETRIES = 2
    product = product_with_barcodes(variants=1)
    fake_wms.state.control({"mode": "error500"})

    export(api, django_capture_on_commit_callbacks, ["1042"])

    variant = product.variants.get()
    assert variant.is_ff_synchronised is False
    assert variant.ff_sync_error.startswith("WMS недоступен (3 попыток): WMS ответил HTTP 500")
    entry = OutboxEntry.objects.get()
    assert (entry.status, entry.attempts) == (OutboxEntry.Status.FAILED, 3)
    assert WmsCall.objects.filter(status=500).count() == 3
    shown = api.get("/api/lite/products?id=1042").json()["products"][0]["variants"][0]
    assert shown["isFfSynchronised"] is False
    assert shown["ffSyncError"] == variant.ff_sync_error


def test_item_refused_by_the_wms_shows_its_reason_and_the_others_are_synchronised(
    api, fake_wms, ff_warehouse, django_capture_on_commit_callbacks
):
    product = product_with_barcodes(variants=2)
    taken, ok = product.variants.order_by("pk")
    fake_wms.state.items["OTHER"] = {"sku": "OTHER", "barcodes": [taken.barcodes.get().value]}

    export(api, django_capture_on_commit_callbacks, ["1042"])

    taken.refresh_from_db()
    ok.refresh_from_db()
    assert taken.is_ff_synchronised is False
    assert taken.ff_sync_error == f"WMS: barcode {taken.barcodes.get().value} belongs to sku OTHER"
    assert (ok.is_ff_synchronised, ok.ff_sync_error) == (True, None)


def test_running_the_same_sync_twice_changes_nothing_the_second_time(fake_wms, ff_warehouse, settings):
    settings.WMS_PUSH_BATCH_SIZE = 1
    product = product_with_barcodes(variants=3)
    entry = OutboxEntry.objects.create(
        operation=OutboxEntry.Operation.PUSH, payload={"variant_ids": [v.pk for v in product.variants.all()]}
    )

    services.process_entry(entry_id=entry.pk)
    calls = WmsCall.objects.count()
    services.process_entry(entry_id=entry.pk)

    assert WmsCall.objects.count() == calls == 3
    assert sorted(fake_wms.state.stats["item_writes"].values()) == [1, 1, 1]


def test_interrupted_push_resumes_after_the_confirmed_batches(fake_wms, ff_warehouse, settings):
    settings.WMS_PUSH_BATCH_SIZE = 1
    product = product_with_barcodes(variants=3)
    entry = OutboxEntry.objects.create(
        operation=OutboxEntry.Operation.PUSH, payload={"variant_ids": [v.pk for v in product.variants.all()]}
    )

    original = services._mark_variants
    calls = {"n": 0}

    def die_after_first_batch(pks, *, error):
        calls["n"] += 1
        if calls["n"] == 2:
            raise SystemExit("worker killed")
        original(pks, error=error)

    services._mark_variants = die_after_first_batch
    try:
        with pytest.raises(SystemExit):
            services.process_entry(entry_id=entry.pk)
    finally:
        services._mark_variants = original
    entry.refresh_from_db()
    assert (entry.status, entry.chunks_done) == (OutboxEntry.Status.PENDING, 1)

    services.process_entry(entry_id=entry.pk)

    entry.refresh_from_db()
    assert entry.status == OutboxEntry.Status.DONE
    assert Variant.objects.filter(product=product, is_ff_synchronised=True).count() == 3
    # The second batch reached the WMS before the "crash"; repeating it was replayed, not applied again.
    assert sorted(fake_wms.state.stats["item_writes"].values()) == [1, 1, 1]


def test_export_ff_rejects_unknown_products_and_records_nothing(api, fake_wms, ff_warehouse):
    ProductFactory(public_id="1042")

    response = api.post("/api/lite/products/export_ff", {"products": ["1042", "nope"]}, format="json")

    assert response.status_code == 404
    assert response.json() == {"success": False, "errors": [{"code": 0, "message": "Продукты не найдены: nope"}]}
    assert not OutboxEntry.objects.exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"warehouseCode": "unknown", "products": ["1042"]}, "Склад с кодом «unknown» не найден"),
        ({"products": []}, "products: Этот список не может быть пустым."),
        ({"products": "1042"}, "products: Ожидается список, получен тип «str»."),
    ],
)
def test_export_ff_rejects_bad_input_with_the_envelope(api, ff_warehouse, body, message):
    ProductFactory(public_id="1042")

    response = api.post("/api/lite/products/export_ff", body, format="json")

    assert response.json() == {"success": False, "errors": [{"code": 0, "message": message}]}
    assert not OutboxEntry.objects.exists()


def test_export_ff_refuses_a_warehouse_that_is_not_fulfillment(api, ff_warehouse):
    ProductFactory(public_id="1042")
    store = WarehouseFactory(type="STORE", name="Магазин")

    response = api.post(
        "/api/lite/products/export_ff", {"warehouseCode": store.code, "products": ["1042"]}, format="json"
    )

    assert response.status_code == 400
    assert "не является складом фулфилмента" in response.json()["errors"][0]["message"]


def test_export_ff_requires_a_token(anon):
    assert anon.post("/api/lite/products/export_ff", {"products": ["1"]}, format="json").status_code == 401


def test_delete_barcodes_ff_prefers_barcodes_over_products(
    api, fake_wms, ff_warehouse, django_capture_on_commit_callbacks
):
    product = product_with_barcodes(variants=2)
    first, second = product.variants.order_by("pk")
    services.process_entry(entry_id=services.export_products(warehouse_code=None, product_ids=["1042"]).pk)
    first_code = first.barcodes.get().value

    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            "/api/lite/products/delete_barcodes_ff",
            {"warehouseCode": ff_warehouse.code, "barcodes": [first_code], "products": ["1042"]},
            format="json",
        )

    assert response.json() == {"success": True}
    assert fake_wms.state.items[first.public_id]["barcodes"] == []
    assert fake_wms.state.items[second.public_id]["barcodes"] == [second.barcodes.get().value]


def test_delete_barcodes_ff_by_products_removes_all_their_barcodes(
    api, fake_wms, ff_warehouse, django_capture_on_commit_callbacks
):
    product = product_with_barcodes(variants=2)
    services.process_entry(entry_id=services.export_products(warehouse_code=None, product_ids=["1042"]).pk)

    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            "/api/lite/products/delete_barcodes_ff", {"barcodes": [], "products": ["1042"]}, format="json"
        )

    assert response.json() == {"success": True}
    assert [fake_wms.state.items[v.public_id]["barcodes"] for v in product.variants.all()] == [[], []]
    assert OutboxEntry.objects.filter(operation="DELETE_BARCODES", status="DONE").count() == 1


def test_delete_barcodes_ff_needs_barcodes_or_products(api, ff_warehouse):
    response = api.post("/api/lite/products/delete_barcodes_ff", {"barcodes": []}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == "Укажите штрихкоды (barcodes) или продукты (products)"
    assert not OutboxEntry.objects.exists()


def test_outbox_requeues_pending_entries_nobody_touched(
    fake_wms, ff_warehouse, settings, django_capture_on_commit_callbacks
):
    settings.WMS_OUTBOX_STALE_SECONDS = 0
    product = product_with_barcodes(variants=1)
    # The request committed its intent, but the Celery message was lost (no on_commit callbacks ran).
    services.export_products(warehouse_code=None, product_ids=["1042"])
    assert product.variants.get().is_ff_synchronised is False

    with django_capture_on_commit_callbacks(execute=True):
        assert services.requeue_stale_entries() == 1

    assert product.variants.get().is_ff_synchronised is True
    assert OutboxEntry.objects.get().status == OutboxEntry.Status.DONE


def test_export_with_the_broker_down_answers_and_the_outbox_sends_it_later(
    api, fake_wms, ff_warehouse, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from integrations.wms.tasks import process_outbox_entry_task

    product = product_with_barcodes(variants=1)
    real_delay = process_outbox_entry_task.delay

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(process_outbox_entry_task, "delay", broker_down)
    response = export(api, django_capture_on_commit_callbacks, ["1042"])

    # The intent is committed and the caller told so; the entry waits for the re-queue, not for 10 minutes.
    assert response.status_code == 200
    entry = OutboxEntry.objects.get()
    assert entry.status == OutboxEntry.Status.PENDING and entry.queued_at is None
    assert product.variants.get().is_ff_synchronised is False

    monkeypatch.setattr(process_outbox_entry_task, "delay", real_delay)  # the broker is back
    with django_capture_on_commit_callbacks(execute=True):
        assert services.requeue_stale_entries() == 1

    assert OutboxEntry.objects.get().status == OutboxEntry.Status.DONE
    assert product.variants.get().is_ff_synchronised is True


def test_outbox_retry_action_requeues_failed_entries_with_a_fresh_key(
    admin_client, fake_wms, ff_warehouse, django_capture_on_commit_callbacks
):
    product_with_barcodes(variants=1)
    entry = services.export_products(warehouse_code=None, product_ids=["1042"])
    services.give_up_entry(entry_id=entry.pk, error="WMS недоступен")
    old_key = entry.key

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post("/admin/wms/outboxentry/", {"action": "retry", "_selected_action": [entry.pk]})

    entry.refresh_from_db()
    assert entry.status == OutboxEntry.Status.DONE
    assert entry.key != old_key


def test_stock_pull_applies_wms_quantities_and_keeps_reservations(fake_wms, ff_warehouse):
    more = StockLevelFactory(warehouse=ff_warehouse, total=Decimal("10"), reserved=Decimal("3"))
    short = StockLevelFactory(warehouse=ff_warehouse, total=Decimal("10"), reserved=Decimal("4"))
    unknown_to_wms = StockLevelFactory(warehouse=ff_warehouse, total=Decimal("5"))
    new = ProductFactory().variants.get()
    other_warehouse = StockLevelFactory(variant=more.variant, total=Decimal("8"))
    fake_wms.state.control(
        {"stock": {more.variant.public_id: 25, short.variant.public_id: 1, new.public_id: 2, "ALIEN": 9}}
    )

    services.pull_stock()

    levels = {row.variant_id: (row.total, row.reserved) for row in StockLevel.objects.filter(warehouse=ff_warehouse)}
    assert levels[more.variant_id] == (Decimal("25"), Decimal("3"))
    # the warehouse's count is the truth, also below the reserve: the row is over-reserved, not corrected
    assert levels[short.variant_id] == (Decimal("1"), Decimal("4"))
    assert "Резерв больше остатка (4 > 1)" in StockMovement.objects.get(variant_id=short.variant_id).reason
    assert levels[unknown_to_wms.variant_id] == (Decimal("5"), Decimal("0"))
    assert levels[new.pk] == (Decimal("2"), Decimal("0"))
    other_warehouse.refresh_from_db()
    assert other_warehouse.total == Decimal("8")
    assert set(StockMovement.objects.values_list("source", flat=True)) == {"WMS"}
    assert StockMovement.objects.count() == 3

    services.pull_stock()
    assert StockMovement.objects.count() == 3


def test_stock_revise_lists_more_and_less_items_in_the_spec_shape(api, fake_wms, ff_warehouse):
    more = StockLevelFactory(warehouse=ff_warehouse, total=Decimal("96"), reserved=Decimal("0"))
    BarcodeFactory(variant=more.variant, value="6412600817669")
    less = StockLevelFactory(warehouse=ff_warehouse, total=Decimal("44"), reserved=Decimal("32"))
    Variant.objects.filter(pk=less.variant_id).update(ext_id="ext12313123", article="121234134")
    short = StockLevelFactory(warehouse=ff_warehouse, total=Decimal("3"), reserved=Decimal("2"))
    Variant.objects.filter(pk=short.variant_id).update(article="")
    same = StockLevelFactory(warehouse=ff_warehouse, total=Decimal("5"))
    fake_wms.state.control(
        {
            "stock": {
                more.variant.public_id: 95,
                less.variant.public_id: 46,
                short.variant.public_id: 0,
                same.variant.public_id: 5,
            }
        }
    )

    response = api.get(f"/api/lite/products/stock_revise?warehouse_id={ff_warehouse.code}")

    body = response.json()
    v = more.variant
    assert body["success"] is True
    assert body["moreItems"] == [
        {
            "item": {
                "variantId": v.public_id,
                "productId": v.product.public_id,
                "name": v.product.short_name,
                "article": v.article,
                "barcode": "6412600817669",
            },
            "available": 96,
            "reserved": 0,
            "external": 95,
            "diff": 1,
            "afterCorrection": 95,
            "reviseError": False,
        },
        {
            "item": {
                "variantId": short.variant.public_id,
                "productId": short.variant.product.public_id,
                "name": short.variant.product.short_name,
                "barcode": "",
            },
            "available": 3,
            "reserved": 2,
            "external": 0,
            "diff": 3,
            "afterCorrection": 0,  # the WMS's count, even below the reserve
            "reviseError": False,
        },
    ]
    assert body["lessItems"] == [
        {
            "item": {
                "variantId": less.variant.public_id,
                "variantExtId": "ext12313123",
                "productId": less.variant.product.public_id,
                "name": less.variant.product.short_name,
                "article": "121234134",
                "barcode": "",
            },
            "available": 44,
            "reserved": 32,
            "external": 46,
            "diff": 2,
            "afterCorrection": 46,
            "reviseError": False,
        }
    ]


def test_stock_revise_defaults_to_the_fulfillment_warehouse_and_flags_items_the_wms_lacks(
    api, fake_wms, ff_warehouse, django_assert_max_num_queries
):
    WarehouseFactory(type="STORE")
    levels = [StockLevelFactory(warehouse=ff_warehouse, total=Decimal("7")) for _ in range(5)]

    with django_assert_max_num_queries(12):
        response = api.get("/api/lite/products/stock_revise")

    more = response.json()["moreItems"]
    assert [(i["item"]["variantId"], i["external"], i["reviseError"], i["afterCorrection"]) for i in more] == [
        (level.variant.public_id, 0, True, 7) for level in levels
    ]


def test_stock_revise_of_an_unknown_warehouse_is_an_envelope_error(api, ff_warehouse):
    response = api.get("/api/lite/products/stock_revise?warehouse_id=nope")

    assert response.status_code == 404
    assert response.json() == {"success": False, "errors": [{"code": 0, "message": "Склад с кодом «nope» не найден"}]}


def test_stock_revise_reports_an_unreachable_wms_in_the_envelope(api, fake_wms, ff_warehouse):
    fake_wms.state.control({"mode": "error500"})

    response = api.get("/api/lite/products/stock_revise")

    assert response.status_code == 400
    assert response.json()["errors"][0]["message"].startswith("Не удалось получить остатки WMS: WMS ответил HTTP 500")


def test_beat_schedules_for_the_wms_exist_and_are_editable_rows():
    tasks = set(PeriodicTask.objects.filter(task__startswith="integrations.wms.").values_list("task", flat=True))
    assert tasks == {
        "integrations.wms.tasks.auto_push_changed_task",
        "integrations.wms.tasks.pull_stock_task",
        "integrations.wms.tasks.requeue_outbox_task",
        "integrations.wms.tasks.sync_categories_task",
    }


def test_auto_push_queues_variants_of_changed_products_when_enabled(
    settings, api, fake_wms, ff_warehouse, django_capture_on_commit_callbacks
):
    settings.WMS_AUTO_PUSH = True
    assert services.queue_changed_variants() == 0  # the first run starts the clock
    product = product_with_barcodes(variants=2)
    product.short_name = "Новое имя"
    product.save()

    with django_capture_on_commit_callbacks(execute=True):
        queued = services.queue_changed_variants()

    assert queued == 2
    assert {item["name"] for item in fake_wms.state.items.values()} == {"Новое имя"}
    assert Variant.objects.filter(product=product, is_ff_synchronised=True).count() == 2


def test_auto_push_does_nothing_when_disabled(settings, fake_wms, ff_warehouse):
    settings.WMS_AUTO_PUSH = False
    product_with_barcodes(variants=1)

    assert services.queue_changed_variants() == 0
    assert not OutboxEntry.objects.exists()


def test_outbox_task_prunes_the_call_log_after_its_retention(settings, fake_wms):
    from datetime import timedelta

    from django.utils import timezone

    settings.WMS_CALL_LOG_DAYS = 30
    old = WmsCall.objects.create(operation="get_stock", method="GET", path="/stock", status=200, ok=True)
    WmsCall.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    recent = WmsCall.objects.create(operation="get_stock", method="GET", path="/stock", status=200, ok=True)

    requeue_outbox_task.delay()

    assert list(WmsCall.objects.values_list("pk", flat=True)) == [recent.pk]


def test_admin_pages_show_sync_state_outbox_and_call_log(admin_client, fake_wms, ff_warehouse):
    product = product_with_barcodes(variants=1)
    fake_wms.state.control({"mode": "error500"})
    entry = services.export_products(warehouse_code=None, product_ids=["1042"])
    with pytest.raises(services.WmsTransientError):
        services.process_entry(entry_id=entry.pk)

    pages = {
        url: admin_client.get(url)
        for url in [
            "/admin/wms/variantsyncstate/",
            f"/admin/wms/variantsyncstate/{product.variants.get().pk}/change/",
            "/admin/wms/outboxentry/?status__exact=PENDING",
            "/admin/wms/wmscall/",
            "/admin/wms/warehousecategory/",
            "/admin/django_celery_beat/periodictask/",
        ]
    }

    assert {url: r.status_code for url, r in pages.items()} == dict.fromkeys(pages, 200)
    assert "WMS ответил HTTP 500" in pages["/admin/wms/wmscall/"].content.decode()
    assert "WMS ответил HTTP 500" in pages["/admin/wms/outboxentry/?status__exact=PENDING"].content.decode()
    assert "WMS: остатки из WMS" in pages["/admin/django_celery_beat/periodictask/"].content.decode()


def test_push_refused_as_a_whole_fails_at_once_without_retries(
    settings, api, fake_wms, ff_warehouse, django_capture_on_commit_callbacks
):
    settings.WMS_TOKEN = "wrong-token"
    product = product_with_barcodes(variants=2)

    export(api, django_capture_on_commit_callbacks, ["1042"])

    entry = OutboxEntry.objects.get()
    assert (entry.status, entry.attempts) == (OutboxEntry.Status.FAILED, 1)
    assert set(Variant.objects.filter(product=product).values_list("is_ff_synchronised", "ff_sync_error")) == {
        (False, "WMS отклонил запрос (HTTP 401): bad token")
    }


def test_stock_pull_fills_weight_fact_and_dimensions_fact_from_the_warehouses_measurements(api, fake_wms, ff_warehouse):
    # given two variants the WMS holds, one of which its staff measured on receipt
    measured = StockLevelFactory(warehouse=ff_warehouse, total=Decimal("1"))
    plain = StockLevelFactory(warehouse=ff_warehouse, total=Decimal("1"))
    Variant.objects.filter(pk=plain.variant_id).update(weight_fact=Decimal("42"))
    sku = measured.variant.public_id
    fake_wms.state.control(
        {
            "stock": {sku: 1, plain.variant.public_id: 1},
            "measured": {sku: {"weight": 512.5, "height": 10, "width": 21, "depth": 3}},
        }
    )
    updated_at = Variant.objects.get(pk=measured.variant_id).updated_at

    # when the stock is pulled
    services.pull_stock()

    # then the private document shows the warehouse's figures; an item without measurements keeps its own
    doc = api.get(f"/api/lite/products?id={measured.variant.product.public_id}").json()["products"][0]
    assert doc["variants"][0]["weightFact"] == 512.5
    assert doc["variants"][0]["dimensionsFact"] == {"height": 10, "width": 21, "depth": 3}
    assert Variant.objects.get(pk=plain.variant_id).weight_fact == Decimal("42")
    # with one WMS history event for the changed product, and no reason to push the item back
    events = api.get(f"/api/lite/products/history?productId={doc['id']}").json()["events"]
    assert [(e["changeSource"], e["eventParameters"]["from"]) for e in events] == [("WMS", "WMS: остатки и замеры")]
    assert Variant.objects.get(pk=measured.variant_id).updated_at == updated_at

    # a second pull with the same figures writes nothing
    services.pull_stock()
    assert len(api.get(f"/api/lite/products/history?productId={doc['id']}").json()["events"]) == 1


@pytest.mark.parametrize("measured", [[1], {"weight": -1}, {"weight": "heavy"}, {"depth": True}])
def test_a_stock_answer_with_bad_measurements_is_refused(fake_wms, ff_warehouse, measured):
    from integrations.wms.client import WmsPermanentError

    variant = StockLevelFactory(warehouse=ff_warehouse).variant
    fake_wms.state.control({"stock": {variant.public_id: 1}})
    fake_wms.state.measured[variant.public_id] = measured

    with pytest.raises(WmsPermanentError):
        services.pull_stock()
    assert Variant.objects.get(pk=variant.pk).weight_fact is None
