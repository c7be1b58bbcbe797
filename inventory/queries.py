"""Read paths of the inventory: plain dicts in the API's shapes, loaded for a whole page at once."""

from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone
from psycopg import sql

from config.kernel.encoding import dumps, stream_object
from config.kernel.errors import NotFound

from .available import available_quantity, available_sql
from .models import Lot, Reservation, StockLevel, UniqueNumber, Warehouse, variant_model
from .shapes import (
    LotItemOut,
    LotOut,
    ReservationDocument,
    ReservationLineOut,
    StockOut,
    UniqueNumberOut,
    VariantStockOut,
    WarehouseOut,
    WarehousePlace,
)

STOCKS_CHUNK = 2000


# --- warehouses -------------------------------------------------------------------------------------------


def warehouse_place(warehouse: Warehouse) -> WarehousePlace:
    """Where a warehouse is and whom it serves: the part of its document every channel answers alike
    (the Cactus warehouse list here, IMSHOP's stores in integrations.imshop)."""
    return WarehousePlace(
        name=warehouse.name,
        address=warehouse.address,
        city=warehouse.city,
        lat=warehouse.lat,
        lon=warehouse.lon,
        online=warehouse.online,
        public=warehouse.public,
        subway=warehouse.subway,
        mall=warehouse.mall,
    )


def warehouse_document(warehouse: Warehouse, price_codes: dict[int, str] | None = None) -> WarehouseOut:
    price_code = None
    if warehouse.price_type_id:
        price_code = (price_codes or {}).get(warehouse.price_type_id) or getattr(warehouse.price_type, "code", None)
    return WarehouseOut(
        warehouseCode=warehouse.code,
        type=warehouse.type,
        isDefault=warehouse.is_default,
        **warehouse_place(warehouse),
        deliveryCities=list(warehouse.delivery_cities or []),
        priceCode=price_code,
    )


def warehouses():
    """Every warehouse in list order; the API narrows it with its FilterSet."""
    return Warehouse.objects.select_related("price_type").order_by("pk")


def warehouse_documents(queryset) -> list[WarehouseOut]:
    return [warehouse_document(w) for w in queryset]


# --- /products/stocks -------------------------------------------------------------------------------------


def _stock_variants(updated_from: datetime | None):
    queryset = variant_model().objects.order_by("pk")
    if updated_from is not None:
        queryset = queryset.filter(pk__in=StockLevel.objects.filter(updated_at__gte=updated_from).values("variant_id"))
    return queryset


def count_stock_variants(*, updated_from: datetime | None) -> int:
    return _stock_variants(updated_from).count()


def stock_entry(
    code: str, total: Decimal, reserved: Decimal, defective: Decimal, defective_reserved: Decimal, expired: Decimal
) -> StockOut:
    return StockOut(
        stockAvailable=available_quantity(total, reserved),
        stockDefective=defective,
        stockDefectiveReserved=defective_reserved,
        stockExpired=expired,
        stockReserved=reserved,
        stockTotal=total,
        warehouseCode=code,
    )


def iter_stock_variant_chunks(
    *, updated_from: datetime | None, offset: int, limit: int
) -> Iterator[list[VariantStockOut]]:
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
        docs = {pk: VariantStockOut(id=public_id, stock=[]) for pk, public_id in chunk}
        levels = (
            StockLevel.objects.filter(variant_id__gte=first, variant_id__lte=last)
            .order_by("variant_id", "warehouse_id")
            .values_list(
                "variant_id", "warehouse__code", "total", "reserved", "defective", "defective_reserved", "expired"
            )
        )
        for variant_id, code, total, reserved, defective, defective_reserved, expired in levels:
            doc = docs.get(variant_id)
            if doc is not None:
                doc["stock"].append(stock_entry(code, total, reserved, defective, defective_reserved, expired))
        yield list(docs.values())
        if len(chunk) < wanted:
            return
        remaining -= len(chunk)
        lower = {"pk__gt": last}


# On PostgreSQL the database writes the answer's bytes: one `COPY (SELECT ...) TO STDOUT` over the whole page
# gives one line of JSON text per variant (trim_scale() turns 10.000 into 10, as the API prints numbers
# everywhere; to_json() escapes the ids and codes), streamed as PostgreSQL sends it, so memory stays flat and
# Python only joins lines into blocks. CSV with \x02 as the delimiter and \x01 as the quote leaves every line as
# it is: JSON text never holds a raw control character (to_json writes them as \u00XX), so no field is
# quoted or escaped, unlike COPY's text format, which would double every backslash.
# The entries reach string_agg already in (variant, warehouse) order from the sorted subquery (a subquery with
# ORDER BY is planned on its own, and an aggregate takes its rows in the order they come): an ordered aggregate
# (`string_agg(... ORDER BY ...)`) sorted each variant's handful of rows apart and took 1.9 x the time of a
# COPY of the plain rows; this takes 1.15 x. The tests check the warehouse order against the ORM path.
# stockAvailable is never negative (inventory.available): a reservation beyond the total must not tell a client that
# less than nothing is left.
PG_COPY_SQL = """
COPY (
    SELECT '{{"id":' || to_json(min(row.public_id))::text || ',"stock":[' || coalesce(string_agg(row.entry, ','), '')
        || ']}}'
    FROM (
        SELECT page.id, page.public_id,
            '{{"stockAvailable":' || trim_scale({available})::text
            || ',"stockDefective":' || trim_scale(s.defective)::text
            || ',"stockDefectiveReserved":' || trim_scale(s.defective_reserved)::text
            || ',"stockExpired":' || trim_scale(s.expired)::text
            || ',"stockReserved":' || trim_scale(s.reserved)::text
            || ',"stockTotal":' || trim_scale(s.total)::text
            || ',"warehouseCode":' || w.code_json || '}}' AS entry
        FROM (
            SELECT v.id, v.public_id FROM catalog_variant v
            WHERE v.id >= {start} {updated_filter}
            ORDER BY v.id LIMIT {limit}
        ) page
        LEFT JOIN inventory_stocklevel s ON s.variant_id = page.id
        LEFT JOIN (SELECT id, to_json(code)::text AS code_json FROM inventory_warehouse) w ON w.id = s.warehouse_id
        ORDER BY page.id, s.warehouse_id
    ) row
    GROUP BY row.id
    ORDER BY row.id
) TO STDOUT (FORMAT csv, DELIMITER E'\\x02', QUOTE E'\\x01')
""".replace("{available}", available_sql("s"))
PG_UPDATED_FILTER = (
    "AND EXISTS (SELECT 1 FROM inventory_stocklevel u WHERE u.variant_id = v.id AND u.updated_at >= {updated_from})"
)
PG_BLOCK_BYTES = 256 * 1024  # what is handed to the server at a time


def iter_stock_json_blocks_pg(*, updated_from: datetime | None, offset: int, limit: int) -> Iterator[bytes]:
    """Like iter_stock_variant_chunks, but as JSON bytes: the variants, comma-joined, in blocks of about
    PG_BLOCK_BYTES, straight from PostgreSQL's COPY (one query after the page's first id)."""
    start = _stock_variants(updated_from).values_list("pk", flat=True)[offset : offset + 1]
    start = next(iter(start), None)
    if start is None or limit <= 0:
        return
    # COPY takes no bound parameters: the values go in as literals, quoted by psycopg.
    updated_filter = sql.SQL(PG_UPDATED_FILTER if updated_from else "").format(updated_from=sql.Literal(updated_from))
    statement = sql.SQL(PG_COPY_SQL).format(
        start=sql.Literal(start), limit=sql.Literal(limit), updated_filter=updated_filter
    )
    lines: list[bytes] = []
    size = 0
    with connection.cursor() as cursor, cursor.copy(statement.as_string(cursor.connection)) as copy:
        for line in copy:  # one variant per line, "...\n"
            lines.append(bytes(line))
            size += len(line)
            if size >= PG_BLOCK_BYTES:
                yield b"".join(lines)[:-1].replace(b"\n", b",")
                lines, size = [], 0
    if lines:
        yield b"".join(lines)[:-1].replace(b"\n", b",")


def stream_stocks(*, updated_from: datetime | None, offset: int, limit: int) -> Iterator[bytes]:
    """`{"recordsTotal": N, "success": true, "variants": [...]}` as a byte stream, chunk by chunk."""
    head = {"recordsTotal": count_stock_variants(updated_from=updated_from), "success": True}
    if connection.vendor == "postgresql":
        chunks = iter_stock_json_blocks_pg(updated_from=updated_from, offset=offset, limit=limit)
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


def lot_stock_documents(*, warehouse_code: str, variant_ids: list[str]) -> list[LotItemOut]:
    """`items` of /products/batch/accounting/stocks: per variant, its lots in the warehouse."""
    warehouse = Warehouse.objects.filter(code=warehouse_code).first()
    if warehouse is None:
        raise NotFound(f"Склад с кодом «{warehouse_code}» не найден")
    lots = Lot.objects.filter(warehouse=warehouse).select_related("variant__product").order_by("variant_id", "number")
    if variant_ids:
        lots = lots.filter(variant__public_id__in=variant_ids)
    today = timezone.localdate()
    items: dict[int, LotItemOut] = {}
    for lot in lots:
        product = lot.variant.product
        item = items.setdefault(lot.variant_id, LotItemOut(batchAccountingStocks=[], variantId=lot.variant.public_id))
        item["batchAccountingStocks"].append(
            LotOut(
                available=lot.quantity,
                batchAccountingNumber=lot.number,
                expirationDays=_days_left(lot.expiration_date, today),
                expirationDaysLimit=(product.expiration_months_limit or 0) * 30,
                productionDate=lot.production_date.isoformat() if lot.production_date else None,
                expirationDate=lot.expiration_date.isoformat() if lot.expiration_date else None,
                manufacturer=lot.manufacturer,
                manufacturerRequisites=lot.manufacturer_requisites,
                useBatchAccounting=product.use_batch_accounting,
                useExpiration=product.expiration_mode == product.ExpirationMode.USE_EXPIRATION,
            )
        )
    return list(items.values())


# --- reservations -------------------------------------------------------------------------------------------


def reservation_document(reservation: Reservation) -> ReservationDocument:
    lines = reservation.lines.select_related("variant", "warehouse").order_by("pk")
    return ReservationDocument(
        orderId=reservation.order_id,
        status=reservation.status,
        expiresAt=reservation.expires_at.isoformat(timespec="seconds") if reservation.expires_at else None,
        items=[
            ReservationLineOut(
                variantId=line.variant.public_id, warehouseCode=line.warehouse.code, quantity=line.quantity
            )
            for line in lines
        ],
    )


def find_reservation(order_id: str) -> Reservation:
    reservation = Reservation.objects.filter(order_id=order_id).first()
    if reservation is None:
        raise NotFound(f"Резерв заказа {order_id} не найден")
    return reservation


# --- unique numbers -----------------------------------------------------------------------------------------


def unique_numbers() -> QuerySet:
    """The unique numbers a list filters (GET /products/unique_numbers/list)."""
    return UniqueNumber.objects.all()


def unique_numbers_page(queryset: QuerySet, *, offset: int, size: int) -> tuple[int, list[UniqueNumberOut]]:
    queryset = queryset.order_by("pk")
    rows = queryset[offset : offset + size]
    return queryset.count(), [
        UniqueNumberOut(
            disabled=n.disabled,
            isReserved=n.is_reserved,
            physicalSet=n.physical_set,
            purchaseOrder=n.purchase_order,
            uniqueNumber=n.number,
            type=n.type,
        )
        for n in rows
    ]
