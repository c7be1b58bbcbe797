"""IMSHOP reads (stock availability, pickup point info) and the pickup point write path."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Q

from catalog import channel_policy
from config.kernel.errors import NotFound, ValidationFailed
from config.kernel.sql import among_sql, fetch_prepared
from inventory.available import available_quantity
from inventory.models import StockLevel, Warehouse
from inventory.queries import warehouse_place

from .models import PickupPoint
from .shapes import (
    ImshopAvailabilityEntry,
    ImshopAvailabilityOut,
    ImshopDateInterval,
    ImshopPickupInfo,
    ImshopPickupItem,
    ImshopPickupOut,
    ImshopTimeInterval,
    ImshopWarehouse,
)

MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
          "ноября", "декабря")  # fmt: skip
WEEKDAYS = ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье")


# --- stock availability ------------------------------------------------------------------------------------


def warehouse_document(warehouse: Warehouse) -> ImshopWarehouse:
    return ImshopWarehouse(warehouseId=warehouse.code, **warehouse_place(warehouse))


def warehouses_for_city(city: str, warehouse_code: str | None = None) -> list:
    """The public stores of the city and the online warehouses that deliver to it (one query; online
    warehouses are few, so their delivery_cities list is matched in Python, the same on SQLite and PostgreSQL)."""
    city = city.strip()
    if not city:
        return []
    queryset = Warehouse.objects.filter(Q(city=city, public=True) | Q(online=True)).order_by("id")
    if warehouse_code:
        queryset = queryset.filter(code=warehouse_code)
    return [
        w for w in queryset
        if (w.public and w.city == city) or (w.online and city in (w.delivery_cities or []))
    ]  # fmt: skip


def stock_availability(
    *, city: str, configuration_ids: list[str], warehouse_code: str | None = None
) -> ImshopAvailabilityOut:
    """Two queries whatever the number of ids: the city's warehouses, then the stock rows with their prices.
    Only what the channel policy offers (catalog.channel_policy: sellable, priced in the warehouse's own price
    type else RETAIL) with positive available stock (total − reserved) is listed."""
    warehouses = warehouses_for_city(city, warehouse_code)
    if not warehouses or not configuration_ids:
        return ImshopAvailabilityOut(warehouses=[warehouse_document(w) for w in warehouses], availability=[])
    codes = {w.pk: w.code for w in warehouses}
    order = {variant_id: index for index, variant_id in enumerate(dict.fromkeys(configuration_ids))}
    availability: list[ImshopAvailabilityEntry] = []
    for variant_id, warehouse_pk, total, reserved, price in sorted(
        _offered_stock(order, codes), key=lambda row: (order[row[0]], row[1])
    ):
        availability.append(
            ImshopAvailabilityEntry(
                id=variant_id,
                warehouseId=codes[warehouse_pk],
                quantity=available_quantity(_decimal(total), _decimal(reserved)),
                price=_decimal(price),
            )
        )
    return ImshopAvailabilityOut(warehouses=[warehouse_document(w) for w in warehouses], availability=availability)


# One hand-written statement, prepared once per connection (the ORM's two queries spent more time being
# built and planned than run): the stock rows of the asked variants in the warehouses, with something
# available (total > reserved, as inventory.available.has_available), of sellable products, each with the
# channel's price in its warehouse (the warehouse's own price type, else RETAIL); unpriced rows left out.
OFFERED_STOCK_SQL = """
SELECT v.public_id, s.warehouse_id, s.total, s.reserved, {price}
FROM inventory_stocklevel s
JOIN inventory_warehouse w ON w.id = s.warehouse_id
JOIN catalog_variant v ON v.id = s.variant_id
JOIN catalog_product p ON p.id = v.product_id
WHERE {variants} AND {warehouses} AND {sellable} AND s.total > s.reserved
"""


def _offered_stock(variant_ids, warehouse_ids) -> list[tuple]:
    variants, variant_params = among_sql("v.public_id", variant_ids, "variants")
    warehouses, warehouse_params = among_sql("s.warehouse_id", warehouse_ids, "warehouses", "bigint")
    sql = OFFERED_STOCK_SQL.format(
        price=channel_policy.price_sql("v.id", "w.price_type_id"),
        variants=variants,
        warehouses=warehouses,
        sellable=channel_policy.sellable_sql("p"),
    )
    rows = fetch_prepared(
        "imshop_offered_stock", sql, {**variant_params, **warehouse_params, **channel_policy.price_sql_params()}
    )
    return [row for row in rows if row[4] is not None]


def _decimal(value) -> Decimal:
    """A number read by a raw query: PostgreSQL gives a Decimal, SQLite an int or a float."""
    return value if isinstance(value, Decimal) else Decimal(str(value))


# --- pickup points -----------------------------------------------------------------------------------------


def _coordinate(value) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def _spec_coordinate(value) -> str:
    """The pickup-point webhook's lat/lon: always a string, as the spec types them ("" when unknown)."""
    return _coordinate(value) or ""


def pickup_point_document(point: PickupPoint) -> dict:
    """The admin/API shape of a pickup point (camelCase, as IMSHOP names the same fields)."""
    return {
        "locationId": point.location_id,
        "title": point.title,
        "address": point.address,
        "lat": _coordinate(point.lat),
        "lon": _coordinate(point.lon),
        "locationDescription": point.location_description,
        "timetable": point.timetable,
        "images": list(point.images or []),
        "price": point.price,
        "priceDescription": point.price_description,
        "deliveryTerm": point.delivery_term,
        "warehouseId": point.warehouse.code if point.warehouse else None,
        "workDays": list(point.work_days or []),
        "leadDays": point.lead_days,
        "daysAhead": point.days_ahead,
        "timeSlots": list(point.time_slots or []),
        "active": point.active,
    }


def delivery_intervals(point: PickupPoint, today: datetime.date) -> list[ImshopDateInterval]:
    """Dates from today + lead_days over the next days_ahead calendar days, on the point's work days, each with
    the point's time slots."""
    slots = [_time_interval(s) for s in point.time_slots or []]
    work_days = set(point.work_days or [])
    dates = []
    for offset in range(point.lead_days, point.lead_days + point.days_ahead):
        day = today + datetime.timedelta(days=offset)
        if day.isoweekday() not in work_days:
            continue
        dates.append(
            ImshopDateInterval(
                id=day.isoformat(),
                title=f"{day.day} {MONTHS[day.month - 1]}",
                subTitle=WEEKDAYS[day.weekday()],
                timeIntervals=[ImshopTimeInterval(**s) for s in slots],  # a copy per day
            )
        )
    return dates


def _time_interval(slot: dict) -> ImshopTimeInterval:
    interval = ImshopTimeInterval(id=f"{slot['from']}-{slot['to']}", title=f"{slot['from']}–{slot['to']}")
    if slot.get("price") is not None:
        interval["price"] = Decimal(str(slot["price"]))
    return interval


def pickup_info(*, location_id: str, items: list[tuple[str, Decimal]], today: datetime.date) -> ImshopPickupOut:
    """`items` is [(variant id, requested quantity)]. Each item may be taken up to the smaller of the requested
    quantity and the serving warehouse's available stock (none without a serving warehouse). Constant queries."""
    point = PickupPoint.objects.select_related("warehouse").filter(location_id=location_id, active=True).first()
    if point is None:
        raise NotFound(f"Пункт выдачи «{location_id}» не найден")
    # Every field of the spec's list is present with the spec's type: a point without a price says 0 (its
    # priceDescription tells the buyer more), one without coordinates sends empty strings.
    info = ImshopPickupInfo(
        price=point.price if point.price is not None else Decimal(0),
        address=point.address,
        priceDescription=point.price_description,
        lat=_spec_coordinate(point.lat),
        lon=_spec_coordinate(point.lon),
        locationDescription=point.location_description,
        title=point.title,
        locationId=point.location_id,
        deliveryTerm=point.delivery_term,
        timetable=point.timetable,
        images=list(point.images or []),
    )
    if items:
        info["items"] = _pickup_items(point, items)
    intervals = delivery_intervals(point, today)
    if intervals:
        info["dateIntervals"] = intervals
    return ImshopPickupOut(pickupInfo=info)


def _pickup_items(point: PickupPoint, items: list[tuple[str, Decimal]]) -> list[ImshopPickupItem]:
    """Quantity and price by the channel policy (catalog.channel_policy): what is not offered (not sellable or
    without a price of the warehouse's price type nor RETAIL) may be taken 0 times and has no price."""
    ids = {variant_id for variant_id, _ in items}
    available = {}
    if point.warehouse_id:
        available = {
            variant_id: available_quantity(total, reserved)
            for variant_id, total, reserved in StockLevel.objects.filter(
                variant__public_id__in=ids, warehouse_id=point.warehouse_id
            )
            .filter(channel_policy.sellable_q("variant__"))
            .values_list("variant__public_id", "total", "reserved")
        }
    types = channel_policy.price_types(point.warehouse.price_type_id if point.warehouse else None)
    prices = channel_policy.channel_prices(ids, types)
    answer: list[ImshopPickupItem] = []
    for variant_id, requested in items:
        offered = prices.get(variant_id)
        quantity = max(min(requested, available.get(variant_id, Decimal(0))), Decimal(0)) if offered else Decimal(0)
        entry = ImshopPickupItem(id=variant_id, quantity=quantity)
        if offered is not None:
            price, old = offered
            entry["price"] = price
            if old is not None and old > price:
                entry["preDiscountPrice"] = old
        answer.append(entry)
    return answer


PICKUP_FIELDS = (
    "title", "address", "lat", "lon", "location_description", "timetable", "images", "price", "price_description",
    "delivery_term", "work_days", "lead_days", "days_ahead", "time_slots", "active",
)  # fmt: skip


def save_pickup_point(*, data: dict) -> tuple[PickupPoint, bool]:
    """Create or update a pickup point by its locationId; fields absent from `data` keep their values."""
    with transaction.atomic():
        point = PickupPoint.objects.select_for_update().filter(location_id=data["location_id"]).first()
        created = point is None
        if point is None:
            point = PickupPoint(location_id=data["location_id"])
        for name in PICKUP_FIELDS:
            if name in data:
                setattr(point, name, data[name])
        if "warehouse_code" in data:
            code = data["warehouse_code"]
            point.warehouse = None
            if code:
                point.warehouse = Warehouse.objects.filter(code=code).first()
                if point.warehouse is None:
                    raise ValidationFailed(f"Склад «{code}» не найден")
        point.save()
    return point, created
