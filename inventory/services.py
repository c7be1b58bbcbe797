"""Stock write paths. Every change of a stock level goes through here and lands in the ledger.

Also the write paths of warehouses, reservations, lots and unique item numbers. Services raise
`config.kernel.errors.ValidationFailed` / `NotFound` with a message for a person; they never build responses.
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from config.kernel.bulk import insert_values, update_rows
from config.kernel.catalog_version import catalog_changed
from config.kernel.errors import NotFound, ValidationFailed
from config.kernel.sql import among

from .locks import lock_free_unique_number, lock_reservation, lock_stock_levels
from .models import (
    Lot,
    Reservation,
    ReservationLine,
    StockLevel,
    StockMovement,
    UniqueNumber,
    Warehouse,
    price_type_model,
    variant_model,
)
from .signals import reservation_confirmed

ZERO = Decimal("0")
FIGURES = ("total", "reserved", "defective", "defective_reserved", "expired")
OVER_RESERVED_NOTE = "Резерв больше остатка"
logger = logging.getLogger(__name__)
MAX_RESERVATION_ITEMS = 1000
MAX_UNIQUE_NUMBERS_PER_UPLOAD = 100_000
MAX_ERRORS_SHOWN = 20


def default_warehouse() -> Warehouse | None:
    return Warehouse.objects.filter(is_default=True).first() or Warehouse.objects.order_by("pk").first()


# --- whole pieces ---------------------------------------------------------------------------------------------
# Stock of a piece item (Product.is_catch_weight false) is counted in whole pieces; only goods sold by weight
# have a fractional figure (kg). A 10.5 for a piece item is a mistake of the sender: it is refused at every
# stock write (set_stock_totals, correct_stock, reserve_stock, apply_stock_deltas), and the WMS pull skips
# such a line (fractional_piece_variants) instead of failing the whole sync.


def is_whole(quantity) -> bool:
    quantity = Decimal(quantity)
    return quantity == quantity.to_integral_value()


def fraction_refused(variant_label: str, quantity) -> str:
    return (
        f"Вариант {variant_label} продаётся поштучно: количество должно быть целым, получено "
        f"{Decimal(quantity).normalize():f}"
    )


def fractional_piece_variants(quantities: list[tuple[int, Decimal]]) -> dict[int, str]:
    """The variants (pk -> public id) among (variant pk, quantity) pairs given a fraction although sold by
    the piece. No query unless some quantity has a fraction."""
    fractional = {variant_id for variant_id, quantity in quantities if not is_whole(quantity)}
    if not fractional:
        return {}
    return dict(
        variant_model().objects.filter(pk__in=fractional, product__is_catch_weight=False).values_list("pk", "public_id")
    )


def check_whole_pieces(quantities: list[tuple[int, Decimal]]) -> None:
    """Refuse a fractional stock figure or quantity of a variant sold by the piece (see above)."""
    pieces = fractional_piece_variants(quantities)
    for variant_id, quantity in quantities:
        if variant_id in pieces and not is_whole(quantity):
            raise ValidationFailed(fraction_refused(pieces[variant_id], quantity))


# --- the stock ledger -------------------------------------------------------------------------------------


@dataclass
class StockDelta:
    """A change of the figures of one stock level (variant, warehouse)."""

    variant_id: int
    warehouse_id: int
    total: Decimal = ZERO
    reserved: Decimal = ZERO
    defective: Decimal = ZERO
    defective_reserved: Decimal = ZERO
    expired: Decimal = ZERO
    figures: dict = field(init=False, repr=False)

    def __post_init__(self):
        self.figures = {name: Decimal(getattr(self, name)) for name in FIGURES}

    @property
    def is_zero(self) -> bool:
        return not any(self.figures.values())


def _apply_locked(
    rows: dict[tuple[int, int], StockLevel], deltas: list[StockDelta], *, source, user_login, reason, reference=""
) -> int:
    """Apply deltas to stock rows the caller has locked: bulk updates plus one ledger line per change."""
    now = timezone.now()
    movements, changed = [], {}
    for delta in deltas:
        if delta.is_zero:
            continue
        row = rows[(delta.variant_id, delta.warehouse_id)]
        for name, value in delta.figures.items():
            setattr(row, name, getattr(row, name) + value)
        row.updated_at = now
        changed[row.pk] = row
        line_reason = reason
        if row.over_reserved:
            # The warehouse's figure is accepted below the reserve: the ledger says so on the line.
            line_reason = f"{OVER_RESERVED_NOTE} ({row.reserved.normalize():f} > {row.total.normalize():f}): {reason}"
            logger.warning(
                "Stock over-reserved: variant %s, warehouse %s, reserved %s > total %s (%s)",
                row.variant_id,
                row.warehouse_id,
                row.reserved,
                row.total,
                reason,
            )
        movements.append(
            (delta.variant_id, delta.warehouse_id, *delta.figures.values(), line_reason[:255], reference[:255])
        )
    if changed:
        # The caller holds the rows' locks, so writing the new figures equals adding the deltas, in one
        # statement instead of one per row (a 2000-variant batch); only the figures some delta moves.
        moved = [name for name in FIGURES if any(delta.figures[name] for delta in deltas)]
        update_rows(StockLevel, list(changed.values()), [*moved, "updated_at"])
        catalog_changed()  # stockTotal / stockAvailable are public
    if movements:
        codes = dict(Warehouse.objects.filter(pk__in={m[1] for m in movements}).values_list("pk", "code"))
        insert_values(
            StockMovement,
            ["variant_id", "warehouse_id", *(f"delta_{name}" for name in FIGURES), "reason", "reference"]
            + ["warehouse_code", "source", "user_login", "created_at"],
            [(*m, codes.get(m[1], ""), str(source), user_login or "", now) for m in movements],
        )
    return len(movements)


def _insert_missing_rows(pairs: list[tuple[int, int]]) -> None:
    """Empty stock rows for the (variant_id, warehouse_id) pairs that have none, in pair order.

    On PostgreSQL one INSERT ... SELECT FROM unnest(two arrays): no model instance per row (a 1000-product batch
    opens 2000 variants x the warehouses; bulk_create spent 0.4 s of its 1.8 s building and binding them)."""
    if not pairs:
        return
    if connection.vendor != "postgresql":
        StockLevel.objects.bulk_create(
            [StockLevel(variant_id=v, warehouse_id=w) for v, w in pairs], ignore_conflicts=True
        )
        return
    figures = ", ".join(FIGURES)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {StockLevel._meta.db_table} (variant_id, warehouse_id, {figures}, updated_at) "
            f"SELECT p.variant_id, p.warehouse_id, {', '.join('0' for _ in FIGURES)}, %s "
            "FROM unnest(%s::bigint[], %s::bigint[]) WITH ORDINALITY AS p(variant_id, warehouse_id, n) "
            "ORDER BY p.n ON CONFLICT DO NOTHING",
            [timezone.now(), [v for v, _ in pairs], [w for _, w in pairs]],
        )


def _lock_rows(pairs: set[tuple[int, int]], *, create: bool) -> dict[tuple[int, int], StockLevel]:
    if create:
        _insert_missing_rows(sorted(pairs))
    # The pairs' variants in the pairs' warehouses: a superset of the pairs only when one call names several
    # warehouses, never every warehouse's row of each variant (new variants have one in each).
    variant_ids, warehouse_ids = {v for v, _ in pairs}, {w for _, w in pairs}
    rows = lock_stock_levels(
        StockLevel.objects.filter(among("variant_id", variant_ids), warehouse_id__in=warehouse_ids)
    )
    return {(row.variant_id, row.warehouse_id): row for row in rows}


def apply_stock_deltas(
    *, deltas: list[StockDelta], source: str, user_login: str = "", reason: str, reference: str = ""
):
    """Add deltas to stock levels (creating missing rows), locking every affected row in primary-key order.

    Refuses (and changes nothing) when a figure would become negative or the reserve exceed the total.
    Runs in one transaction; writes one ledger line per changed row.
    """
    if not deltas:
        return 0
    check_whole_pieces([(d.variant_id, value) for d in deltas for value in d.figures.values()])
    with transaction.atomic():
        rows = _lock_rows({(d.variant_id, d.warehouse_id) for d in deltas}, create=True)
        for delta in deltas:
            row = rows[(delta.variant_id, delta.warehouse_id)]
            after = {name: getattr(row, name) + value for name, value in delta.figures.items()}
            if any(value < 0 for value in after.values()):
                raise ValidationFailed("Остаток не может стать отрицательным")
            if delta.figures["reserved"] > 0 and after["reserved"] > after["total"]:
                raise ValidationFailed("Резерв не может превышать остаток")
        return _apply_locked(rows, deltas, source=source, user_login=user_login, reason=reason, reference=reference)


def open_stock_rows(variant_ids: list[int]) -> None:
    """A new variant gets an empty stock row in every warehouse, as Cactus answers a new product's stock
    (the POST /products/batch example: one zero row per warehouse). Nothing moves, so no ledger line."""
    if not variant_ids:
        return
    warehouse_ids = list(Warehouse.objects.order_by("pk").values_list("pk", flat=True))
    _insert_missing_rows([(v, w) for v in variant_ids for w in warehouse_ids])


def set_stock_totals(*, entries: list[tuple[int, int, Decimal]], source: str, user_login: str = "", reason: str):
    """Set stockTotal of (variant_id, warehouse_id) pairs, keeping reservations.

    A total below the reserve is accepted (it is the warehouse's count, the truth): the row becomes
    over-reserved (StockLevel.over_reserved), stockAvailable answers 0, and its ledger line says so.

    Creates missing stock rows, locks the affected rows in primary-key order, and writes one ledger
    line per real change. Runs in one transaction.
    """
    if not entries:
        return
    wanted = {(variant_id, warehouse_id): Decimal(total) for variant_id, warehouse_id, total in entries}
    check_whole_pieces([(variant_id, total) for (variant_id, _), total in wanted.items()])
    # No savepoint of its own: nothing here is caught and retried, and batch writers call this per variant.
    with transaction.atomic(savepoint=False):
        rows = _lock_rows(set(wanted), create=True)
        deltas = [
            StockDelta(variant_id=v, warehouse_id=w, total=total - rows[(v, w)].total)
            for (v, w), total in wanted.items()
        ]
        _apply_locked(rows, deltas, source=source, user_login=user_login, reason=reason)


def correct_stock(
    *,
    variant_id: int,
    warehouse_id: int,
    reason: str,
    source: str = StockMovement.Source.USER,
    user_login: str = "",
    total: Decimal | None = None,
    defective: Decimal | None = None,
    defective_reserved: Decimal | None = None,
    expired: Decimal | None = None,
) -> StockLevel:
    """A manager's stock correction: set the given figures (absolute values) with a mandatory reason.

    The reserve is never edited by hand (it belongs to reservations), and the total cannot drop below it.
    Locks the stock row; one transaction; one ledger line.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed("Укажите причину корректировки остатка")
    given = {"total": total, "defective": defective, "defective_reserved": defective_reserved, "expired": expired}
    wanted = {name: Decimal(value) for name, value in given.items() if value is not None}
    if any(value < 0 for value in wanted.values()):
        raise ValidationFailed("Остаток не может быть отрицательным")
    check_whole_pieces([(variant_id, value) for value in wanted.values()])
    with transaction.atomic():
        rows = _lock_rows({(variant_id, warehouse_id)}, create=True)
        row = rows[(variant_id, warehouse_id)]
        if "total" in wanted and wanted["total"] < row.reserved:
            raise ValidationFailed(f"Остаток не может быть меньше резерва ({row.reserved.normalize():f})")
        delta = StockDelta(
            variant_id=variant_id,
            warehouse_id=warehouse_id,
            **{name: value - getattr(row, name) for name, value in wanted.items()},
        )
        _apply_locked(rows, [delta], source=source, user_login=user_login, reason=reason)
        return row


# --- warehouses -------------------------------------------------------------------------------------------


def save_warehouse(*, data: dict) -> tuple[Warehouse, bool]:
    """Create or update a warehouse by its code. `data` uses model field names; `price_type_code` names
    the warehouse's own price type ("" clears it). Making one warehouse the default unsets the others."""
    data = dict(data)
    code = data.pop("code")
    if "price_type_code" in data:
        price_code = data.pop("price_type_code")
        if price_code:
            price_type = price_type_model().objects.filter(code=price_code).first()
            if price_type is None:
                raise ValidationFailed(f"Тип цены с кодом «{price_code}» не найден")
            data["price_type"] = price_type
        else:
            data["price_type"] = None
    with transaction.atomic():
        warehouse, created = Warehouse.objects.select_for_update().get_or_create(code=code, defaults=data)
        if not created and data:
            for name, value in data.items():
                setattr(warehouse, name, value)
            warehouse.save()
        if warehouse.is_default:
            Warehouse.objects.filter(is_default=True).exclude(pk=warehouse.pk).update(is_default=False)
    return warehouse, created


def delete_warehouse(*, code: str):
    """Delete a warehouse that holds no stock (no figure, reserve or lot left). Its empty stock rows go with
    it; ledger lines stay and keep its code."""
    with transaction.atomic():
        warehouse = Warehouse.objects.select_for_update().filter(code=code).first()
        if warehouse is None:
            raise NotFound(f"Склад с кодом «{code}» не найден")
        levels = lock_stock_levels(StockLevel.objects.filter(warehouse=warehouse))
        if any(any(getattr(level, name) for name in FIGURES) for level in levels):
            raise ValidationFailed(f"Склад «{code}» нельзя удалить: на нём есть остатки")
        if Lot.objects.filter(warehouse=warehouse).exclude(quantity=0).exists():
            raise ValidationFailed(f"Склад «{code}» нельзя удалить: на нём есть партии с остатком")
        StockLevel.objects.filter(warehouse=warehouse).delete()
        Lot.objects.filter(warehouse=warehouse).delete()
        catalog_changed()  # the public listing lists every warehouse's stock row, empty ones too
        try:
            with transaction.atomic():
                warehouse.delete()
        except ProtectedError:
            raise ValidationFailed(f"Склад «{code}» нельзя удалить: он упоминается в резервах заказов") from None


# --- reservations -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReservationItem:
    variant_id: str
    warehouse_code: str | None
    quantity: Decimal


def _requested_key(items: list[ReservationItem]) -> list:
    merged: dict[tuple[str, str], Decimal] = {}
    for item in items:
        key = (item.variant_id, item.warehouse_code or "")
        merged[key] = merged.get(key, ZERO) + item.quantity
    return [[v, w, format(q.normalize(), "f")] for (v, w), q in sorted(merged.items())]


def reserve_stock(
    *,
    order_id: str,
    items: list[ReservationItem],
    source: str = "API",
    user_login: str = "",
    promo_code: str = "",
    customer: str = "",
) -> tuple[Reservation, bool]:
    """Reserve every item of an order, or nothing. Idempotent by order id: a retry with the same items
    returns the existing reservation (whatever its status) and changes nothing; different items are refused.

    An item without a warehouse takes stock from the default warehouse first, then from the others in
    primary-key order (it may be split). Stock rows are locked in primary-key order, so parallel orders
    never oversell and never deadlock. Returns (reservation, created).
    """
    if not items:
        raise ValidationFailed("Список товаров пуст")
    if len(items) > MAX_RESERVATION_ITEMS:
        raise ValidationFailed(f"Не больше {MAX_RESERVATION_ITEMS} позиций в одном резерве")
    for item in items:
        if item.quantity <= 0:
            raise ValidationFailed(f"Количество варианта {item.variant_id} должно быть больше нуля")
    requested = _requested_key(items)
    with transaction.atomic():
        existing = lock_reservation(order_id)
        if existing is not None:
            return _same_reservation(existing, requested), False
        variants = dict(
            variant_model().objects.filter(public_id__in={i.variant_id for i in items}).values_list("public_id", "pk")
        )
        unknown = sorted({i.variant_id for i in items} - set(variants))
        if unknown:
            raise ValidationFailed(f"Вариант с id {', '.join(unknown)} не найден")
        codes = {i.warehouse_code for i in items if i.warehouse_code}
        warehouses = dict(Warehouse.objects.filter(code__in=codes).values_list("code", "pk"))
        if codes - set(warehouses):
            raise ValidationFailed(f"Склад с кодом {', '.join(sorted(codes - set(warehouses)))} не найден")
        check_whole_pieces([(variants[i.variant_id], i.quantity) for i in items])
        try:
            with transaction.atomic():
                reservation = Reservation.objects.create(
                    order_id=order_id,
                    requested=requested,
                    source=source,
                    user_login=user_login or "",
                    promo_code=(promo_code or "").strip(),
                    customer=customer or "",
                    expires_at=timezone.now() + timedelta(minutes=settings.RESERVATION_TTL_MINUTES),
                )
        except IntegrityError:
            # A parallel request for the same order got there first; answer with what it did.
            existing = lock_reservation(order_id)
            if existing is None:  # it was created and removed again in between: nothing to answer with
                raise
            return _same_reservation(existing, requested), False

        rows = _lock_rows_of_variants(set(variants.values()))
        default = default_warehouse()
        default_pk = default.pk if default else None
        left = {key: row.available for key, row in rows.items()}
        allocated: dict[tuple[int, int], Decimal] = {}
        for item in items:
            variant_pk = variants[item.variant_id]
            if item.warehouse_code:
                candidates = [(variant_pk, warehouses[item.warehouse_code])]
            else:
                candidates = sorted(
                    (key for key in rows if key[0] == variant_pk), key=lambda k: (k[1] != default_pk, k[1])
                )
            need = item.quantity
            for key in candidates:
                take = min(need, max(left.get(key, ZERO), ZERO))
                if take > 0:
                    left[key] -= take
                    allocated[key] = allocated.get(key, ZERO) + take
                    need -= take
                if need == 0:
                    break
            if need > 0:
                where = f" на складе {item.warehouse_code}" if item.warehouse_code else ""
                raise ValidationFailed(
                    f"Недостаточно остатка варианта {item.variant_id}{where}: запрошено "
                    f"{item.quantity.normalize():f}, доступно {(item.quantity - need).normalize():f}"
                )
        ReservationLine.objects.bulk_create(
            [
                ReservationLine(reservation=reservation, variant_id=v, warehouse_id=w, quantity=q)
                for (v, w), q in sorted(allocated.items())
            ]
        )
        deltas = [StockDelta(variant_id=v, warehouse_id=w, reserved=q) for (v, w), q in sorted(allocated.items())]
        _apply_locked(rows, deltas, source=source, user_login=user_login, reason="Резерв заказа", reference=order_id)
    return reservation, True


def _same_reservation(reservation: Reservation, requested: list) -> Reservation:
    if reservation.requested != requested:
        raise ValidationFailed(f"Заказ {reservation.order_id} уже зарезервирован с другим составом")
    return reservation


def _lock_rows_of_variants(variant_ids: set[int]) -> dict[tuple[int, int], StockLevel]:
    rows = lock_stock_levels(StockLevel.objects.filter(variant_id__in=variant_ids))
    return {(row.variant_id, row.warehouse_id): row for row in rows}


def _finish_reservation(
    *, order_id: str, status: str, source: str, user_login: str, only_expired_before=None
) -> Reservation:
    with transaction.atomic():
        reservation = lock_reservation(order_id)
        if reservation is None:
            raise NotFound(f"Резерв заказа {order_id} не найден")
        if reservation.status == status or (
            status == Reservation.Status.RELEASED and reservation.status == Reservation.Status.EXPIRED
        ):
            return reservation  # a retry
        if reservation.status != Reservation.Status.ACTIVE:
            if only_expired_before is not None:
                return reservation
            raise ValidationFailed(
                f"Резерв заказа {order_id} уже {reservation.get_status_display().lower()}, действие невозможно"
            )
        if only_expired_before is not None and not (
            reservation.expires_at and reservation.expires_at < only_expired_before
        ):
            return reservation
        lines = list(reservation.lines.all())
        rows = _lock_rows_of_variants({line.variant_id for line in lines})
        deltas = []
        for line in lines:
            row = rows.get((line.variant_id, line.warehouse_id))
            if row is None:
                continue
            reserved = -min(line.quantity, row.reserved)
            total = -min(line.quantity, row.total) if status == Reservation.Status.CONFIRMED else ZERO
            deltas.append(
                StockDelta(variant_id=line.variant_id, warehouse_id=line.warehouse_id, reserved=reserved, total=total)
            )
        reasons: dict[str, str] = {
            Reservation.Status.CONFIRMED: "Отгрузка заказа",
            Reservation.Status.RELEASED: "Снятие резерва заказа",
            Reservation.Status.EXPIRED: "Истёк срок резерва заказа",
        }
        reason = reasons[status]
        _apply_locked(rows, deltas, source=source, user_login=user_login, reason=reason, reference=order_id)
        reservation.status = status
        reservation.save(update_fields=["status", "updated_at"])
        if status == Reservation.Status.CONFIRMED:
            reservation_confirmed.send(sender=Reservation, reservation=reservation)
        return reservation


def release_reservation(*, order_id: str, source: str = "API", user_login: str = "") -> Reservation:
    """Give the reserved stock of an order back. Idempotent; a shipped order cannot be released.
    Locks the reservation, then its stock rows in primary-key order."""
    return _finish_reservation(
        order_id=order_id, status=Reservation.Status.RELEASED, source=source, user_login=user_login
    )


def confirm_reservation(*, order_id: str, source: str = "API", user_login: str = "") -> Reservation:
    """Ship an order: total and reserved both drop by the reserved quantities. Idempotent; a released or
    expired reservation cannot be confirmed. Locks the reservation, then its stock rows in pk order."""
    return _finish_reservation(
        order_id=order_id, status=Reservation.Status.CONFIRMED, source=source, user_login=user_login
    )


def expire_reservations(*, now=None, limit: int = 1000) -> int:
    """Release active reservations whose time is up; each in its own transaction. Returns how many."""
    now = now or timezone.now()
    order_ids = list(
        Reservation.objects.filter(status=Reservation.Status.ACTIVE, expires_at__lt=now)
        .order_by("expires_at", "pk")
        .values_list("order_id", flat=True)[:limit]
    )
    expired = 0
    for order_id in order_ids:
        reservation = _finish_reservation(
            order_id=order_id,
            status=Reservation.Status.EXPIRED,
            source=StockMovement.Source.SYSTEM,
            user_login="",
            only_expired_before=now,
        )
        expired += reservation.status == Reservation.Status.EXPIRED
    return expired


# --- lots -------------------------------------------------------------------------------------------------


def save_lots(*, entries: list[dict]) -> int:
    """Create or update lots by (variant_id, warehouse_id, number); each entry uses model field names."""
    with transaction.atomic():
        for entry in entries:
            entry = dict(entry)
            key = {name: entry.pop(name) for name in ("variant_id", "warehouse_id", "number")}
            Lot.objects.update_or_create(**key, defaults=entry)
    return len(entries)


# --- unique item numbers ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class UniqueNumberRow:
    variant_id: str
    number: str
    type: str
    where: str  # "строка 3" / "items[0].uniqueNumbers[1]", for error messages


def load_unique_numbers(*, rows: list[UniqueNumberRow]) -> int:
    """Store unique item numbers, all or none: an unknown variant, an unknown type, an empty or duplicate
    number (in the upload or already stored) rejects the whole upload with every problem listed."""
    if not rows:
        raise ValidationFailed("Не передано ни одного уникального номера")
    if len(rows) > MAX_UNIQUE_NUMBERS_PER_UPLOAD:
        raise ValidationFailed(f"Не больше {MAX_UNIQUE_NUMBERS_PER_UPLOAD} номеров за одну загрузку")
    errors = []
    types = set(UniqueNumber.Type.values)
    seen: set[str] = set()
    with_nul = [row for row in rows if "\x00" in row.variant_id + row.number + row.type]
    for row in with_nul:  # PostgreSQL can neither store nor compare NUL: reported, never looked up
        errors.append(f"{row.where}: недопустимый символ NUL")
    rows = [row for row in rows if "\x00" not in row.variant_id + row.number + row.type]
    for row in rows:
        if not row.variant_id:
            errors.append(f"{row.where}: не указан id варианта")
        if not row.number.strip(" \t\r\n"):
            errors.append(f"{row.where}: не указан уникальный номер")
        elif len(row.number) > 1000:
            errors.append(f"{row.where}: уникальный номер длиннее 1000 символов")
        elif row.number in seen:
            errors.append(f"{row.where}: номер {row.number} повторяется в загрузке")
        seen.add(row.number)
        if row.type not in types:
            errors.append(f"{row.where}: неизвестный тип «{row.type}», допустимы: {', '.join(sorted(types))}")
    variants = {}
    taken: set[str] = set()
    for start in range(0, len(rows), 5000):
        chunk = rows[start : start + 5000]
        variants.update(
            variant_model().objects.filter(public_id__in={r.variant_id for r in chunk}).values_list("public_id", "pk")
        )
        taken.update(UniqueNumber.objects.filter(number__in={r.number for r in chunk}).values_list("number", flat=True))
    for row in rows:
        if row.variant_id and row.variant_id not in variants:
            errors.append(f"{row.where}: вариант с id {row.variant_id} не найден")
        if row.number in taken:
            errors.append(f"{row.where}: номер {row.number} уже загружен")
    _raise_if(errors)
    try:
        with transaction.atomic():
            UniqueNumber.objects.bulk_create(
                [UniqueNumber(variant_id=variants[r.variant_id], number=r.number, type=r.type) for r in rows],
                batch_size=2000,
            )
    except IntegrityError:
        raise ValidationFailed("Часть номеров уже загружена параллельным запросом; ничего не сохранено") from None
    return len(rows)


def _raise_if(errors: list[str]):
    if errors:
        shown = errors[:MAX_ERRORS_SHOWN]
        if len(errors) > MAX_ERRORS_SHOWN:
            shown.append(f"и ещё ошибок: {len(errors) - MAX_ERRORS_SHOWN}")
        raise ValidationFailed("Загрузка отклонена, ничего не сохранено. " + "; ".join(shown))


def _variant_pk(public_id: str) -> int:
    pk = variant_model().objects.filter(public_id=public_id).values_list("pk", flat=True).first()
    if pk is None:
        raise NotFound(f"Вариант с id {public_id} не найден")
    return pk


def take_unique_number(*, variant_id: str, type: str, doc_id: str = "", doc_type: str = "") -> UniqueNumber:
    """Reserve and return one free number of the variant and type. Parallel callers never get the same
    number: the row is locked with SKIP LOCKED (PostgreSQL), so each takes the next free one."""
    if type not in UniqueNumber.Type.values:
        raise ValidationFailed(f"Неизвестный тип уникального номера «{type}»")
    if doc_type and doc_type not in UniqueNumber.DocType.values:
        raise ValidationFailed(f"Неизвестный тип документа «{doc_type}», допустимы: PURCHASE_ORDER, PHYSICAL_SET_ORDER")
    variant_pk = _variant_pk(variant_id)
    with transaction.atomic():
        number = lock_free_unique_number(
            UniqueNumber.objects.filter(
                variant_id=variant_pk, type=type, is_reserved=False, is_used=False, disabled=False
            )
        )
        if number is None:
            raise ValidationFailed(f"Нет свободных уникальных номеров типа {type} для варианта {variant_id}")
        number.is_reserved = True
        number.reserved_at = timezone.now()
        if doc_type == UniqueNumber.DocType.PHYSICAL_SET_ORDER:
            number.physical_set = doc_id
        elif doc_id:
            number.purchase_order = doc_id
        number.save(update_fields=["is_reserved", "reserved_at", "physical_set", "purchase_order"])
        return number


def mark_unique_number_used(*, variant_id: str, number: str) -> UniqueNumber:
    """Flag a number as used. Idempotent."""
    variant_pk = _variant_pk(variant_id)
    with transaction.atomic():
        row = UniqueNumber.objects.select_for_update().filter(number=number).first()
        if row is None:
            raise NotFound(f"Уникальный номер {number} не найден")
        if row.variant_id != variant_pk:
            raise ValidationFailed(f"Уникальный номер {number} принадлежит другому варианту")
        if not row.is_used:
            row.is_used = True
            row.used_at = timezone.now()
            row.save(update_fields=["is_used", "used_at"])
        return row


__all__ = [
    "StockDelta",
    "apply_stock_deltas",
    "check_whole_pieces",
    "confirm_reservation",
    "correct_stock",
    "default_warehouse",
    "delete_warehouse",
    "expire_reservations",
    "fraction_refused",
    "fractional_piece_variants",
    "is_whole",
    "load_unique_numbers",
    "mark_unique_number_used",
    "release_reservation",
    "reserve_stock",
    "save_lots",
    "save_warehouse",
    "set_stock_totals",
    "take_unique_number",
]
