"""Read paths of the inventory: plain dicts in the API's shapes, loaded for a whole page at once."""

from collections.abc import Iterator
from datetime import date, datetime

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from config.kernel.encoding import dumps, stream_object
from config.kernel.errors import NotFound

from .models import Lot, Reservation, StockLevel, UniqueNumber, Warehouse, variant_model

STOCKS_CHUNK = 2000


# --- warehouses -------------------------------------------------------------------------------------------


def warehouse_document(warehouse: Warehouse, price_codes: dict[int, str] | None = None) -> dict:
    price_code = None
    if warehouse.price_type_id:
        price_code = (price_codes or {}).get(warehouse.price_type_id) or warehouse.price_type.code
    return {
        "warehouseCode": warehouse.code,
        "name": warehouse.name,
        "type": warehouse.type,
        "isDefault": warehouse.is_default,
        "address": warehouse.address,
        "city": warehouse.city,
        "lat": warehouse.lat,
        "lon": warehouse.lon,
        "online": warehouse.online,
        "public": warehouse.public,
        "subway": warehouse.subway,
        "mall": warehouse.mall,
        "deliveryCities": list(warehouse.delivery_cities or []),
        "priceCode": price_code,
    }


def warehouses():
    """Every warehouse in list order; the API narrows it with its FilterSet."""
    return Warehouse.objects.select_related("price_type").order_by("pk")


def warehouse_documents(queryset) -> list[dict]:
    return [warehouse_document(w) for w in queryset]


# --- /products/stocks -------------------------------------------------------------------------------------


def _stock_variants(updated_from: datetime | None):
    queryset = variant_model().objects.order_by("pk")
    if updated_from is not None:
        queryset = queryset.filter(pk__in=StockLevel.objects.filter(updated_at__gte=updated_from).values("variant_id"))
    return queryset


def count_stock_variants(*, updated_from: datetime | None) -> int:
    return _stock_variants(updated_from).count()


def stock_entry(code, total, reserved, defective, defective_reserved, expired) -> dict:
    return {
        "stockAvailable": total - reserved,
        "stockDefective": defective,
        "stockDefectiveReserved": defective_reserved,
        "stockExpired": expired,
        "stockReserved": reserved,
        "stockTotal": total,
        "warehouseCode": code,
    }


def iter_stock_variant_chunks(*, updated_from: datetime | None, offset: int, limit: int) -> Iterator[list[dict]]:
    """The page's variants with their stock, in chunks of STOCKS_CHUNK: keyset reads by primary key, so
    memory stays flat whatever the page size. Two queries per chunk (variants, then their stock rows)."""
    variants = _stock_variants(updated_from)
    start = variants.values_list("pk", flat=True)[offset : offset + 1]
    start = next(iter(start), None)
    if start is None:
        return
    lower = {"pk__gte": start}
    remaining = limit
    while remaining > 0:
        wanted = min(STOCKS_CHUNK, remaining)
        chunk = list(variants.filter(**lower).values_list("pk", "public_id")[:wanted])
        if not chunk:
            return
        first, last = chunk[0][0], chunk[-1][0]
        docs = {pk: {"id": public_id, "stock": []} for pk, public_id in chunk}
        levels = (
            StockLevel.objects.filter(variant_id__gte=first, variant_id__lte=last)
            .order_by("variant_id", "warehouse_id")
            .values_list(
                "variant_id", "warehouse__code", "total", "reserved", "defective", "defective_reserved", "expired"
            )
        )
        for variant_id, *figures in levels:
            doc = docs.get(variant_id)
            if doc is not None:
                doc["stock"].append(stock_entry(*figures))
        yield list(docs.values())
        if len(chunk) < wanted:
            return
        remaining -= len(chunk)
        lower = {"pk__gt": last}


# On PostgreSQL the hot path leaves Python out of the per-row work: the database writes each chunk as JSON
# text (trim_scale() turns 10.000 into 10, as the API does everywhere; to_json() escapes the ids and codes),
# and Python passes the text on. One query per chunk, keyset by primary key, so memory stays flat.
PG_CHUNK_SQL = """
WITH page AS (
    SELECT v.id, v.public_id FROM catalog_variant v
    WHERE v.id {op} %s {updated_filter}
    ORDER BY v.id LIMIT %s
)
SELECT count(*), max(page.id), string_agg(
    '{{"id":' || to_json(page.public_id)::text || ',"stock":[' || coalesce(stock.entries, '') || ']}}',
    ',' ORDER BY page.id)
FROM page LEFT JOIN LATERAL (
    SELECT string_agg(
        '{{"stockAvailable":' || trim_scale(s.total - s.reserved)::text
        || ',"stockDefective":' || trim_scale(s.defective)::text
        || ',"stockDefectiveReserved":' || trim_scale(s.defective_reserved)::text
        || ',"stockExpired":' || trim_scale(s.expired)::text
        || ',"stockReserved":' || trim_scale(s.reserved)::text
        || ',"stockTotal":' || trim_scale(s.total)::text
        || ',"warehouseCode":' || to_json(w.code)::text || '}}',
        ',' ORDER BY s.warehouse_id) AS entries
    FROM inventory_stocklevel s JOIN inventory_warehouse w ON w.id = s.warehouse_id
    WHERE s.variant_id = page.id
) stock ON true
"""
PG_UPDATED_FILTER = "AND EXISTS (SELECT 1 FROM inventory_stocklevel u WHERE u.variant_id = v.id AND u.updated_at >= %s)"


def iter_stock_json_chunks_pg(*, updated_from: datetime | None, offset: int, limit: int) -> Iterator[str]:
    """Like iter_stock_variant_chunks, but each chunk comes as ready JSON text (the variants, comma-joined)."""
    start = _stock_variants(updated_from).values_list("pk", flat=True)[offset : offset + 1]
    start = next(iter(start), None)
    if start is None:
        return
    sql = PG_CHUNK_SQL.replace("{updated_filter}", PG_UPDATED_FILTER if updated_from else "")
    op, bound, remaining = ">=", start, limit
    while remaining > 0:
        wanted = min(STOCKS_CHUNK, remaining)
        with connection.cursor() as cursor:
            cursor.execute(sql.format(op=op), [bound, *([updated_from] if updated_from else []), wanted])
            count, last, text = cursor.fetchone()
        if not count:
            return
        yield text
        if count < wanted:
            return
        op, bound, remaining = ">", last, remaining - count


def stream_stocks(*, updated_from: datetime | None, offset: int, limit: int) -> Iterator[bytes]:
    """`{"recordsTotal": N, "success": true, "variants": [...]}` as a byte stream, chunk by chunk."""
    head = {"recordsTotal": count_stock_variants(updated_from=updated_from), "success": True}
    if connection.vendor == "postgresql":
        chunks = (
            text.encode() for text in iter_stock_json_chunks_pg(updated_from=updated_from, offset=offset, limit=limit)
        )
    else:
        chunks = (
            dumps(docs)[1:-1]
            for docs in iter_stock_variant_chunks(updated_from=updated_from, offset=offset, limit=limit)
        )
    yield from stream_object(head, "variants", chunks)


# --- lots ---------------------------------------------------------------------------------------------------


def _days_left(expiration: date | None, today: date) -> int:
    if expiration is None:
        return 0
    return max((expiration - today).days, 0)


def lot_stock_documents(*, warehouse_code: str, variant_ids: list[str]) -> list[dict]:
    """`items` of /products/batch/accounting/stocks: per variant, its lots in the warehouse."""
    warehouse = Warehouse.objects.filter(code=warehouse_code).first()
    if warehouse is None:
        raise NotFound(f"Склад с кодом «{warehouse_code}» не найден")
    lots = Lot.objects.filter(warehouse=warehouse).select_related("variant__product").order_by("variant_id", "number")
    if variant_ids:
        lots = lots.filter(variant__public_id__in=variant_ids)
    today = timezone.localdate()
    items: dict[int, dict] = {}
    for lot in lots:
        product = lot.variant.product
        item = items.setdefault(lot.variant_id, {"batchAccountingStocks": [], "variantId": lot.variant.public_id})
        item["batchAccountingStocks"].append(
            {
                "available": lot.quantity,
                "batchAccountingNumber": lot.number,
                "expirationDays": _days_left(lot.expiration_date, today),
                "expirationDaysLimit": (product.expiration_months_limit or 0) * 30,
                "productionDate": lot.production_date.isoformat() if lot.production_date else None,
                "expirationDate": lot.expiration_date.isoformat() if lot.expiration_date else None,
                "manufacturer": lot.manufacturer,
                "manufacturerRequisites": lot.manufacturer_requisites,
                "useBatchAccounting": product.use_batch_accounting,
                "useExpiration": product.expiration_mode == product.ExpirationMode.USE_EXPIRATION,
            }
        )
    return list(items.values())


# --- reservations -------------------------------------------------------------------------------------------


def reservation_document(reservation: Reservation) -> dict:
    lines = reservation.lines.select_related("variant", "warehouse").order_by("pk")
    return {
        "orderId": reservation.order_id,
        "status": reservation.status,
        "expiresAt": reservation.expires_at.isoformat(timespec="seconds") if reservation.expires_at else None,
        "items": [
            {"variantId": line.variant.public_id, "warehouseCode": line.warehouse.code, "quantity": line.quantity}
            for line in lines
        ],
    }


def find_reservation(order_id: str) -> Reservation:
    reservation = Reservation.objects.filter(order_id=order_id).first()
    if reservation is None:
        raise NotFound(f"Резерв заказа {order_id} не найден")
    return reservation


# --- unique numbers -----------------------------------------------------------------------------------------


def unique_numbers() -> QuerySet:
    """The unique numbers a list filters (GET /products/unique_numbers/list)."""
    return UniqueNumber.objects.all()


def unique_numbers_page(queryset: QuerySet, *, offset: int, size: int) -> tuple[int, list]:
    queryset = queryset.order_by("pk")
    rows = queryset[offset : offset + size]
    return queryset.count(), [
        {
            "disabled": n.disabled,
            "isReserved": n.is_reserved,
            "physicalSet": n.physical_set,
            "purchaseOrder": n.purchase_order,
            "uniqueNumber": n.number,
            "type": n.type,
        }
        for n in rows
    ]
