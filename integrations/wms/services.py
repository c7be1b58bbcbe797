"""Write paths of the WMS integration: record intents (outbox), carry them out, pull stock and categories.

The HTTP side is `client.WmsClient`; this module owns the database side. Celery tasks in tasks.py only
call these functions.
"""

import functools
import logging
import random
import uuid
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from catalog.models import Barcode, Product, Variant
from catalog.services.variants import set_warehouse_measurements
from config.kernel.actor import Actor, ChangeSource
from config.kernel.errors import NotFound, ValidationFailed
from config.kernel.queue import send
from inventory.locks import lock_stock_levels
from inventory.models import StockLevel, Warehouse
from inventory.services import fractional_piece_variants, set_stock_totals

from .client import CallRecord, WmsClient, WmsError, WmsPermanentError, WmsTransientError
from .models import OutboxEntry, SyncCursor, WarehouseCategory, WmsCall

logger = logging.getLogger(__name__)

MAX_PRODUCTS = 1000
MAX_BARCODES = 10000


# Plumbing ---------------------------------------------------------------------------------------------


def log_call(record: CallRecord) -> None:
    WmsCall.objects.create(
        operation=record.operation,
        method=record.method,
        path=record.path[:255],
        status=record.status,
        ok=record.ok,
        error=record.error,
        duration_ms=record.duration_ms,
        idempotency_key=record.idempotency_key[:100],
    )


def make_client() -> WmsClient:
    return WmsClient(settings.WMS_BASE_URL, settings.WMS_TOKEN, timeout=settings.WMS_TIMEOUT, on_call=log_call)


def backoff_delay(retries: int) -> float:
    """Exponential backoff with jitter: about base * 2**retries, capped, randomised in [half, full]."""
    delay = min(settings.WMS_RETRY_BACKOFF_MAX, settings.WMS_RETRY_BACKOFF * (2**retries))
    return random.uniform(delay / 2, delay)


def resolve_warehouse(code: str | None) -> Warehouse:
    """The warehouse named by code (it must be a FULFILLMENT one), or the FULFILLMENT warehouse."""
    if code:
        warehouse = Warehouse.objects.filter(code=code).first()
        if warehouse is None:
            raise NotFound(f"Склад с кодом «{code}» не найден")
        if warehouse.type != Warehouse.Type.FULFILLMENT:
            raise ValidationFailed(f"Склад «{warehouse.name}» не является складом фулфилмента (FULFILLMENT)")
        return warehouse
    warehouse = Warehouse.objects.filter(type=Warehouse.Type.FULFILLMENT).order_by("pk").first()
    if warehouse is None:
        raise NotFound("Склад фулфилмента (тип FULFILLMENT) не найден")
    return warehouse


def _queue(entries: list[OutboxEntry]) -> None:
    """Mark entries queued and hand them to Celery once the surrounding transaction commits."""
    ids = [e.pk for e in entries]
    OutboxEntry.objects.filter(pk__in=ids).update(queued_at=timezone.now())
    for entry_id in ids:
        transaction.on_commit(functools.partial(_send, entry_id))


def _send(entry_id: int) -> None:
    """Send the entry's task. With the broker (Redis) down the intent is already committed: the caller is not
    failed for it; the entry is marked never-queued, and the periodic re-queue (requeue_stale_entries) sends
    it once the broker is back (the fault test in bench/faults.py)."""
    from .tasks import process_outbox_entry_task

    def leave_for_requeue():
        OutboxEntry.objects.filter(pk=entry_id, status=OutboxEntry.Status.PENDING).update(queued_at=None)

    send(process_outbox_entry_task, entry_id, on_broker_down=leave_for_requeue)


# Recording intents ---------------------------------------------------------------------------------------


def export_products(*, warehouse_code: str | None, product_ids: list[str], source: str = "API") -> OutboxEntry:
    """Record the intent to push the products' variants (with barcodes) to the WMS and queue it.

    The outbox entry is written in the caller's transaction; the Celery task is sent only on commit.
    """
    if not product_ids:
        raise ValidationFailed("Не указаны продукты (products)")
    if len(product_ids) > MAX_PRODUCTS:
        raise ValidationFailed(f"Слишком много продуктов в запросе: {len(product_ids)}, максимум {MAX_PRODUCTS}")
    warehouse = resolve_warehouse(warehouse_code)
    wanted = list(dict.fromkeys(product_ids))
    found = dict(Product.objects.filter(public_id__in=wanted).values_list("public_id", "pk"))
    missing = [p for p in wanted if p not in found]
    if missing:
        raise NotFound(f"Продукты не найдены: {', '.join(missing[:20])}")
    variant_ids = list(
        Variant.objects.filter(product_id__in=found.values()).order_by("pk").values_list("pk", flat=True)
    )
    if not variant_ids:
        raise ValidationFailed("У указанных продуктов нет вариантов")
    return queue_variants_push(variant_ids=variant_ids, warehouse=warehouse, source=source)


def queue_variants_push(
    *, variant_ids: list[int], warehouse: Warehouse | None = None, source: str, queue: bool = True
) -> OutboxEntry:
    """Record and queue a push of these variants (also the admin's "retry" action). With queue=False the
    entry is only recorded (push_variants_now carries it out in the caller's process)."""
    with transaction.atomic():
        entry = OutboxEntry.objects.create(
            operation=OutboxEntry.Operation.PUSH,
            warehouse=warehouse,
            payload={"variant_ids": sorted(set(variant_ids))},
            source=source,
        )
        if queue:
            _queue([entry])
    return entry


def push_variants_now(*, variant_ids: list[int], source: str) -> tuple[OutboxEntry, str | None]:
    """Push these variants with one attempt in this process (the admin when no Celery worker runs): no
    in-place retries to keep a page waiting. Returns the entry as it ended and the transient error, if the
    WMS could not be reached; the entry then stays PENDING in the outbox with that error, to retry later."""
    entry = queue_variants_push(variant_ids=variant_ids, source=source, queue=False)
    transient = None
    try:
        process_entry(entry_id=entry.pk)
    except WmsTransientError as exc:
        transient = exc.message
    entry.refresh_from_db()
    return entry, transient


def delete_barcodes(
    *, warehouse_code: str | None, barcodes: list[str], product_ids: list[str], source: str = "API"
) -> OutboxEntry:
    """Record and queue the removal of barcodes in the WMS: the given barcodes, or (when none are given)
    every barcode of the given products' variants."""
    warehouse = resolve_warehouse(warehouse_code)
    barcodes = [b for b in dict.fromkeys(barcodes) if b]
    if barcodes:
        if len(barcodes) > MAX_BARCODES:
            raise ValidationFailed(f"Слишком много штрихкодов в запросе: {len(barcodes)}, максимум {MAX_BARCODES}")
        payload = {"barcodes": barcodes}
    else:
        if not product_ids:
            raise ValidationFailed("Укажите штрихкоды (barcodes) или продукты (products)")
        if len(product_ids) > MAX_PRODUCTS:
            raise ValidationFailed(f"Слишком много продуктов в запросе: {len(product_ids)}, максимум {MAX_PRODUCTS}")
        wanted = list(dict.fromkeys(product_ids))
        found = set(Product.objects.filter(public_id__in=wanted).values_list("public_id", flat=True))
        missing = [p for p in wanted if p not in found]
        if missing:
            raise NotFound(f"Продукты не найдены: {', '.join(missing[:20])}")
        skus = list(
            Variant.objects.filter(product__public_id__in=wanted).order_by("pk").values_list("public_id", flat=True)
        )
        payload = {"skus": skus}
    with transaction.atomic():
        entry = OutboxEntry.objects.create(
            operation=OutboxEntry.Operation.DELETE_BARCODES, warehouse=warehouse, payload=payload, source=source
        )
        _queue([entry])
    return entry


def retry_entries(*, entry_ids: list[int]) -> int:
    """Put unfinished or failed entries back to work (admin action)."""
    with transaction.atomic():
        entries = list(OutboxEntry.objects.filter(pk__in=entry_ids).exclude(status=OutboxEntry.Status.DONE))
        for entry in entries:
            # A failed entry gets a fresh idempotency key: the WMS must really try again (its data may
            # have been mended), not replay the answer it gave before. A pending one keeps its key.
            key = uuid.uuid4() if entry.status == OutboxEntry.Status.FAILED else entry.key
            OutboxEntry.objects.filter(pk=entry.pk).update(
                status=OutboxEntry.Status.PENDING, attempts=0, last_error="", key=key
            )
        _queue(entries)
    return len(entries)


def requeue_stale_entries() -> int:
    """Re-queue PENDING entries no worker has touched for WMS_OUTBOX_STALE_SECONDS (lost messages,
    killed workers). Doing an entry twice is harmless: its calls carry the same idempotency keys."""
    stale = timezone.now() - timedelta(seconds=settings.WMS_OUTBOX_STALE_SECONDS)
    with transaction.atomic():
        entries = list(
            OutboxEntry.objects.filter(status=OutboxEntry.Status.PENDING, queued_at__lt=stale).order_by("pk")[:500]
        )
        entries += list(OutboxEntry.objects.filter(status=OutboxEntry.Status.PENDING, queued_at__isnull=True)[:500])
        _queue(entries)
    return len(entries)


AUTO_PUSH_CURSOR = "auto_push"
AUTO_PUSH_OVERLAP = timedelta(minutes=2)


def queue_changed_variants() -> int:
    """WMS_AUTO_PUSH: queue a push of the variants whose product or variant changed since the last run.

    No signals and no hook in the catalog: the catalog's `updated_at` stamps are the durable record of
    the change. The window overlaps the previous one (transactions that committed late are not missed);
    pushing a variant twice is harmless. The cursor moves in the same transaction as the outbox entry.
    """
    if not settings.WMS_AUTO_PUSH:
        return 0
    warehouse = Warehouse.objects.filter(type=Warehouse.Type.FULFILLMENT).order_by("pk").first()
    if warehouse is None:
        return 0
    now = timezone.now()
    with transaction.atomic():
        cursor, created = SyncCursor.objects.select_for_update().get_or_create(
            name=AUTO_PUSH_CURSOR, defaults={"value": now}
        )
        if created:  # the first run only starts the clock; existing goods are exported explicitly
            return 0
        since = cursor.value - AUTO_PUSH_OVERLAP
        # Two index range scans instead of an OR across the join (a full scan on a big catalog).
        changed_products = Product.objects.filter(updated_at__gte=since).values("pk")
        variant_ids = sorted(
            set(Variant.objects.filter(updated_at__gte=since).values_list("pk", flat=True))
            | set(Variant.objects.filter(product__in=changed_products).values_list("pk", flat=True))
        )
        cursor.value = now
        cursor.save(update_fields=["value"])
        if variant_ids:
            queue_variants_push(variant_ids=variant_ids, warehouse=warehouse, source="auto")
    return len(variant_ids)


def prune_call_log() -> int:
    """Forget WMS calls older than WMS_CALL_LOG_DAYS."""
    cutoff = timezone.now() - timedelta(days=settings.WMS_CALL_LOG_DAYS)
    return WmsCall.objects.filter(created_at__lt=cutoff).delete()[0]


# Carrying intents out -----------------------------------------------------------------------------------


def process_entry(*, entry_id: int) -> None:
    """Carry out one outbox entry. Raises WmsTransientError for the caller (the task) to retry;
    a permanent failure is recorded on the entry and its variants. A DONE entry is left alone."""
    entry = OutboxEntry.objects.filter(pk=entry_id).first()
    if entry is None or entry.status == OutboxEntry.Status.DONE:
        return
    OutboxEntry.objects.filter(pk=entry.pk).update(attempts=entry.attempts + 1, queued_at=timezone.now())
    try:
        with make_client() as client:
            if entry.operation == OutboxEntry.Operation.PUSH:
                _push_variants(client, entry)
            else:
                client.delete_barcodes(
                    barcodes=entry.payload.get("barcodes", []),
                    skus=entry.payload.get("skus", []),
                    idempotency_key=f"{entry.key}-0",
                )
    except WmsTransientError as exc:
        OutboxEntry.objects.filter(pk=entry.pk).update(last_error=exc.message)
        raise
    except WmsPermanentError as exc:
        # The batches before the refused one were confirmed; it and the ones after it show the error.
        give_up_entry(entry_id=entry.pk, error=exc.message)
        return
    OutboxEntry.objects.filter(pk=entry.pk).update(
        status=OutboxEntry.Status.DONE, done_at=timezone.now(), last_error=""
    )


def give_up_entry(*, entry_id: int, error: str) -> None:
    """Mark the entry FAILED and show the error on every variant it was about to push."""
    entry = OutboxEntry.objects.filter(pk=entry_id).first()
    if entry is None:
        return
    OutboxEntry.objects.filter(pk=entry.pk).update(status=OutboxEntry.Status.FAILED, last_error=error)
    if entry.operation == OutboxEntry.Operation.PUSH:
        size = max(1, settings.WMS_PUSH_BATCH_SIZE)
        _mark_variants(entry.payload.get("variant_ids", [])[entry.chunks_done * size :], error=error)


def _push_variants(client: WmsClient, entry: OutboxEntry) -> None:
    variant_ids = entry.payload.get("variant_ids", [])
    size = max(1, settings.WMS_PUSH_BATCH_SIZE)
    for index in range(entry.chunks_done * size, len(variant_ids), size):
        chunk = variant_ids[index : index + size]
        variants = list(
            Variant.objects.filter(pk__in=chunk)
            .select_related("product")
            .prefetch_related(Prefetch("barcodes", queryset=Barcode.objects.order_by("-is_default", "pk")))
            .order_by("pk")
        )
        if not variants:
            continue
        # The key names the entry and the chunk: repeating the chunk (a retry, a re-queue, a restarted
        # worker) is answered by the WMS from its idempotency store instead of being applied again.
        results = client.push_items([wms_item(v) for v in variants], idempotency_key=f"{entry.key}-{index // size}")
        by_sku = {v.public_id: v.pk for v in variants}
        ok: list[int] = []
        failed: dict[str, list[int]] = {}
        for result in results:
            pk = by_sku.get(result["sku"])
            if pk is None:
                continue
            if result.get("status") == "ok":
                ok.append(pk)
            else:
                failed.setdefault(str(result.get("error") or "WMS отклонил товар"), []).append(pk)
        answered = set(ok) | {pk for pks in failed.values() for pk in pks}
        missing = [v.pk for v in variants if v.pk not in answered]
        if missing:
            failed.setdefault("WMS не ответил по этому товару", []).extend(missing)
        with transaction.atomic():
            _mark_variants(ok, error=None)
            for error, pks in failed.items():
                _mark_variants(pks, error=f"WMS: {error}")
            OutboxEntry.objects.filter(pk=entry.pk).update(chunks_done=index // size + 1)


def wms_item(variant: Variant) -> dict:
    product = variant.product
    return {
        "sku": variant.public_id,
        "productId": product.public_id,
        "name": product.short_name or variant.article or variant.public_id,
        "article": variant.article or "",
        "barcodes": [b.value for b in variant.barcodes.all()],
        "weight": _number(variant.weight),
        "height": _number(variant.height),
        "width": _number(variant.width),
        "depth": _number(variant.depth),
        "isSet": variant.is_physical_set or product.type == Product.Type.PHYSICAL_SET,
        "category": product.warehouse_category_code or None,
    }


def _number(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _mark_variants(pks: list[int], *, error: str | None) -> None:
    """Sync flags: synchronised with no error, or not synchronised with the error (sets get the set flags)."""
    if not pks:
        return
    Variant.objects.filter(pk__in=pks).update(is_ff_synchronised=error is None, ff_sync_error=error)
    Variant.objects.filter(pk__in=pks, is_physical_set=True).update(
        is_ff_physical_set_synchronized=error is None, ff_physical_set_sync_error=error
    )


# Pulling from the WMS ------------------------------------------------------------------------------------


def pull_stock(*, warehouse_code: str | None = None) -> int:
    """Apply the WMS's stock to the fulfillment warehouse through the inventory service (ledger source
    WMS). The WMS's count is accepted as it is; reservations are kept, and a row whose count fell below
    its reserve becomes over-reserved (stockAvailable 0, flagged in the admin and in the ledger). Returns
    the rows sent.

    Locks the stock rows of the affected variants (pk order, the same rows set_stock_totals locks) before
    reading the reservations, so a reservation made meanwhile cannot be oversold by the new totals.
    """
    warehouse = resolve_warehouse(warehouse_code)
    with make_client() as client:
        items = client.get_stock_items()
    external = {sku: item.quantity for sku, item in items.items()}
    with transaction.atomic():
        variant_ids = set(StockLevel.objects.filter(warehouse=warehouse).values_list("variant_id", flat=True))
        variant_ids |= set(Variant.objects.filter(public_id__in=list(external)).values_list("pk", flat=True))
        lock_stock_levels(StockLevel.objects.filter(variant_id__in=variant_ids))
        entries = [
            (variant_pk, warehouse.pk, after)
            for variant_pk, _ours, _reserved, quantity, after in compare_stock(warehouse, external)
            if quantity is not None
        ]
        entries = _without_fractional_pieces(entries, warehouse)
        set_stock_totals(entries=entries, source="WMS", reason="Остатки из WMS")
        # The same answer carries the warehouse's measurements of the items it has measured (weightFact,
        # dimensionsFact): the only way they are written.
        set_warehouse_measurements(
            measurements={sku: item.measured for sku, item in items.items() if item.measured is not None},
            actor=Actor(source=ChangeSource.WMS, login="wms", action="WMS: остатки и замеры"),
        )
    return len(entries)


def _without_fractional_pieces(entries: list[tuple], warehouse: Warehouse) -> list[tuple]:
    """The WMS's lines without those giving a piece item a fractional count (set_stock_totals refuses them,
    inventory.services.check_whole_pieces): one bad line is skipped and logged, the rest of the sync goes on."""
    pieces = fractional_piece_variants([(variant_pk, total) for variant_pk, _, total in entries])
    for variant_pk, _, total in entries:
        if variant_pk in pieces:
            logger.warning(
                "WMS: пропущен остаток %s варианта %s на складе %s: вариант продаётся поштучно",
                total,
                pieces[variant_pk],
                warehouse.code,
            )
    return [entry for entry in entries if entry[0] not in pieces]


def compare_stock(warehouse: Warehouse, external: dict):
    """(variant_pk, our total, reserved, WMS quantity or None, total after correction) for every variant
    that we or the WMS hold at this warehouse."""
    levels = {
        row["variant_id"]: (row["total"], row["reserved"])
        for row in StockLevel.objects.filter(warehouse=warehouse).values("variant_id", "total", "reserved")
    }
    skus = dict(Variant.objects.filter(public_id__in=list(external)).values_list("pk", "public_id"))
    sku_of = dict(Variant.objects.filter(pk__in=list(levels)).values_list("pk", "public_id"))
    sku_of.update(skus)
    for variant_pk in sorted(set(levels) | set(skus)):
        total, reserved = levels.get(variant_pk, (Decimal(0), Decimal(0)))
        quantity = external.get(sku_of[variant_pk])
        if quantity is None:
            yield variant_pk, total, reserved, None, total
        else:
            quantity = Decimal(str(quantity))
            # The warehouse's count is the truth, also below our reserve (the row is then over-reserved).
            yield variant_pk, total, reserved, quantity, quantity


def sync_categories() -> int:
    """Replace the warehouse categories by the WMS's list (codes it no longer has are removed)."""
    with make_client() as client:
        categories = client.get_categories()
    with transaction.atomic():
        codes = [c["code"] for c in categories]
        WarehouseCategory.objects.exclude(code__in=codes).delete()
        existing = {c.code: c for c in WarehouseCategory.objects.filter(code__in=codes)}
        for item in categories:
            category = existing.get(item["code"])
            if category is None:
                WarehouseCategory.objects.create(code=item["code"], title=item["title"])
            elif category.title != item["title"]:
                category.title = item["title"]
                category.save(update_fields=["title", "updated_at"])
    return len(categories)


__all__ = ["WmsError", "WmsTransientError", "WmsPermanentError"]
