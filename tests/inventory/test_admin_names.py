"""Issue 20: what a shop manager sees in the inventory admin reads as people talk about it: titles name the
variant (product and article), the warehouse by name and the quantity as written; a reservation shows its
status in Russian and what it holds as a table; lists cost the same queries for 3 rows as for 9."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from inventory.models import Lot, Reservation, ReservationLine, StockLevel, StockMovement, UniqueNumber, Warehouse
from inventory.services import ReservationItem, reserve_stock, set_stock_totals
from tests.factories import ProductFactory, VariantFactory, WarehouseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def warehouse():
    return WarehouseFactory(code="9a84e96f-3e8c-8f74-3b7a-50a1d3c2a130", name="Склад Москва")


def _stocked_variant(warehouse, n: int = 0, total: int = 10):
    product = ProductFactory(short_name=f"Кеды «Ветер» {n}", variants=0)
    variant = VariantFactory(product=product, article=f"KED-{n}")
    set_stock_totals(entries=[(variant.pk, warehouse.pk, Decimal(total))], source="API", reason="Поставка")
    return variant


def _order(warehouse, order_id: str, variants, quantity=Decimal(2)):
    items = [ReservationItem(v.public_id, warehouse.code, quantity) for v in variants]
    reservation, _created = reserve_stock(order_id=order_id, items=items)
    return reservation


def test_a_warehouse_is_named_by_its_name_and_code():
    assert str(Warehouse(name="Склад Москва", code="MSK")) == "Склад Москва (MSK)"
    assert str(Warehouse(name="", code="MSK")) == "MSK"


def test_reservations_their_lines_and_unique_numbers_are_titled_by_variant_warehouse_and_quantity(warehouse):
    variant = _stocked_variant(warehouse)
    reservation = _order(warehouse, "ORD-1", [variant])
    number = UniqueNumber.objects.create(variant=variant, number="0104600000000417")
    line = ReservationLine.objects.select_related("variant__product", "warehouse").get(reservation=reservation)

    with translation.override("ru"):
        assert str(reservation) == "Заказ ORD-1 (Активен)"
    assert str(line) == f"Кеды «Ветер» 0, KED-0 [{variant.public_id}] — Склад Москва × 2"
    assert str(UniqueNumber.objects.select_related("variant__product").get(pk=number.pk)) == (
        f"0104600000000417 — Кеды «Ветер» 0, KED-0 [{variant.public_id}]"
    )


def test_the_reservation_page_shows_the_status_label_the_requested_items_and_named_lines(staff, warehouse):
    variant = _stocked_variant(warehouse)
    reservation = _order(warehouse, "ORD-7", [variant])

    page = staff.get(f"/admin/inventory/reservation/{reservation.pk}/change/").content.decode()

    assert "Заказ ORD-7 (Активен)" in page and "(ACTIVE)" not in page
    table = re.search(r'<table class="requested-items">.*?</table>', page, re.S).group(0)
    assert "Кеды «Ветер» 0, KED-0" in table and "Склад Москва" in table and ">2<" in table
    assert '[["' not in page  # not the raw JSON
    lines = page[page.index('id="lines-group"') :]
    assert "Кеды «Ветер» 0, KED-0" in lines and "Склад Москва" in lines
    assert "ReservationLine object" not in page and "@" not in lines and "2,000" not in page
    assert warehouse.code not in re.sub(r'title="[^"]*"', "", lines)  # the UUID only in the tooltip
    assert 'name="_save"' not in page and 'name="_continue"' not in page  # nothing there to save


def test_a_reservation_without_requested_items_shows_a_dash_not_a_500(staff, warehouse):
    reservation = Reservation.objects.create(order_id="OLD-1", requested=[["x"], "garbage"])

    response = staff.get(f"/admin/inventory/reservation/{reservation.pk}/change/")

    assert response.status_code == 200
    assert "Заказ OLD-1" in response.content.decode()


def test_the_over_reserved_column_is_blank_for_normal_rows_and_says_how_many_are_missing(staff, warehouse):
    normal = _stocked_variant(warehouse, 1)
    over = _stocked_variant(warehouse, 2, total=5)
    _order(warehouse, "ORD-2", [over], quantity=Decimal(5))
    StockLevel.objects.filter(variant=over).update(total=Decimal(3))  # the warehouse counted fewer

    page = staff.get("/admin/inventory/stocklevel/").content.decode()

    cells = dict(
        re.findall(
            r'href="/admin/catalog/variant/(\d+)/change/".*?class="field-over_reserved_flag">(.*?)</td>', page, re.S
        )
    )
    assert cells[str(normal.pk)].strip() in ("", "&nbsp;")
    assert "не хватает 2" in cells[str(over.pk)]
    assert "icon-no" not in page and "False" not in page


@pytest.mark.parametrize(
    "url",
    [
        "/admin/inventory/stocklevel/",
        "/admin/inventory/stockmovement/",
        "/admin/inventory/reservation/",
        "/admin/inventory/lot/",
        "/admin/inventory/uniquenumber/",
    ],
)
def test_inventory_lists_cost_the_same_queries_for_three_rows_as_for_nine(staff, warehouse, url):
    def add_rows(start: int):
        for n in range(start, start + 3):
            variant = _stocked_variant(warehouse, n)
            _order(warehouse, f"ORD-{n}", [variant])
            Lot.objects.create(variant=variant, warehouse=warehouse, number=f"LOT-{n}", quantity=Decimal(4))
            UniqueNumber.objects.create(variant=variant, number=f"0104600000{n:06d}")

    add_rows(0)
    with CaptureQueriesContext(connection) as few:
        assert staff.get(url).status_code == 200
    add_rows(3)
    add_rows(6)
    with CaptureQueriesContext(connection) as many:
        page = staff.get(url).content.decode()

    assert len(many) == len(few)
    assert "Кеды «Ветер» 8" in page or url.endswith("/reservation/")


def test_the_warehouse_filter_names_warehouses_without_their_long_codes(staff, warehouse):
    WarehouseFactory(code="a8064680-6f8c-830c-1ea1-0ab8a032e244", name="ТЦ Авиапарк")
    _stocked_variant(warehouse)

    for url in ("/admin/inventory/stocklevel/", "/admin/inventory/stockmovement/", "/admin/inventory/lot/"):
        page = staff.get(url).content.decode()
        filters = page.split('id="changelist-filter"')[1]
        assert "Склад Москва</a>" in filters and "ТЦ Авиапарк</a>" in filters, url
        assert warehouse.code not in filters, url


def test_ledger_lines_lots_and_prices_show_numbers_without_trailing_zeros(staff, warehouse):
    variant = _stocked_variant(warehouse, total=40)
    Lot.objects.create(variant=variant, warehouse=warehouse, number="LOT-1", quantity=Decimal("12.000"))
    line = StockMovement.objects.get(variant=variant)

    pages = [
        staff.get(f"/admin/inventory/stockmovement/{line.pk}/change/").content.decode(),  # view-only
        staff.get("/admin/inventory/stockmovement/").content.decode(),
        staff.get("/admin/inventory/lot/").content.decode(),
    ]

    assert re.search(r'<div class="readonly">\+?40</div>', pages[0])
    assert re.search(r'class="field-quantity_qty">12</td>', pages[2])
    for page in pages:
        assert "40,000" not in page and "12,000" not in page and "0,000" not in page
        assert "E-" not in page and ".000000" not in page


def test_unique_numbers_list_shows_one_state_and_one_document_column(staff, warehouse):
    variant = _stocked_variant(warehouse)
    UniqueNumber.objects.create(variant=variant, number="N-FREE")
    UniqueNumber.objects.create(variant=variant, number="N-RES", is_reserved=True, purchase_order="PO-7")
    UniqueNumber.objects.create(variant=variant, number="N-USED", is_reserved=True, is_used=True, physical_set="SET-2")

    page = staff.get("/admin/inventory/uniquenumber/").content.decode()

    states = dict(re.findall(r'>(N-[A-Z]+)</a>.*?class="field-state">([^<]*)</td>', page, re.S))
    assert states == {"N-FREE": "свободен", "N-RES": "в резерве", "N-USED": "использован"}
    assert "поставка: PO-7" in page and "комплектация: SET-2" in page
    assert "Кеды «Ветер» 0, KED-0" in page


def test_the_warehouse_add_page_fits_a_uuid_code_and_the_change_page_shows_it_whole(staff, warehouse):
    add_page = staff.get("/admin/inventory/warehouse/add/").content.decode()
    code_input = re.search(r'<input[^>]*name="code"[^>]*>', add_page).group(0)
    assert 'style="width: 30em; max-width: 100%"' in code_input

    # Once created the code is read-only (it identifies the warehouse to the API and imports): shown in full.
    change_page = staff.get(f"/admin/inventory/warehouse/{warehouse.pk}/change/").content.decode()
    assert warehouse.code in change_page
    assert not re.search(r'<input[^>]*name="code"', change_page)
