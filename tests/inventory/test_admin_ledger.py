"""Issue 20, flow 5 and the titles: why a variant's stock changed (the ledger, linked from the variant and its
stock rows, searched by article and barcode, with the balance after each line), and stock rows, movements and
lots named by product, article and warehouse."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inventory.models import Lot, Reservation, StockLevel, StockMovement
from inventory.services import ReservationItem, correct_stock, reserve_stock, set_stock_totals
from tests.factories import BarcodeFactory, ProductFactory, StockLevelFactory, VariantFactory, WarehouseFactory

pytestmark = pytest.mark.django_db
LEDGER = "/admin/inventory/stockmovement/"


@pytest.fixture
def sneaker():
    product = ProductFactory(short_name="Кеды «Ветер»", variants=0, is_catch_weight=True)  # 7.5 is a weight
    variant = VariantFactory(product=product, public_id="1001", article="KED-41")
    BarcodeFactory(variant=variant, value="4600000000417")
    return variant


def stock_history(variant, warehouse, totals):
    for total in totals:
        set_stock_totals(entries=[(variant.pk, warehouse.pk, Decimal(total))], source="API", reason="")


def balances(response) -> list[Decimal]:
    return [row.balance_after for row in response.context["cl"].result_list]


def test_the_ledger_shows_the_balance_after_each_line(staff, sneaker):
    main, shop = WarehouseFactory(name="Основной"), WarehouseFactory(name="Магазин")
    stock_history(sneaker, main, ["10", "7", "7.5"])
    stock_history(sneaker, shop, ["4"])

    response = staff.get(LEDGER, {"variant__id__exact": sneaker.pk, "warehouse__id__exact": main.pk})

    assert balances(response) == [Decimal("7.5"), 7, 10]  # newest first
    assert "<b>7,5</b>" in response.content.decode()


def test_the_balance_is_right_when_the_stock_predates_the_ledger(staff, sneaker):
    warehouse = WarehouseFactory()
    StockLevelFactory(variant=sneaker, warehouse=warehouse, total=Decimal("20"))  # loaded before any ledger line
    correct_stock(variant_id=sneaker.pk, warehouse_id=warehouse.pk, reason="Инвентаризация", total=Decimal("18"))

    response = staff.get(LEDGER, {"variant__id__exact": sneaker.pk})

    assert balances(response) == [18]


@pytest.mark.parametrize("query", ["KED-41", "ked-41", "4600000000417", "1001"], ids=["article", "ci", "barcode", "id"])
def test_the_ledger_finds_a_variants_lines_by_article_barcode_or_id(staff, sneaker, query):
    warehouse = WarehouseFactory()
    stock_history(sneaker, warehouse, ["3"])
    stock_history(VariantFactory(article="OTHER"), warehouse, ["5"])

    response = staff.get(LEDGER, {"q": query})

    assert [row.variant_id for row in response.context["cl"].result_list] == [sneaker.pk]


def test_the_variant_page_and_its_stock_rows_link_to_their_ledger_lines(staff, sneaker):
    warehouse = WarehouseFactory(name="Основной")
    stock_history(sneaker, warehouse, ["3"])

    page = staff.get(f"/admin/catalog/variant/{sneaker.pk}/change/").content.decode()

    assert f'href="{LEDGER}?variant__id__exact={sneaker.pk}" id="stock-history-link"' in page
    assert f'href="{LEDGER}?variant__id__exact={sneaker.pk}&amp;warehouse__id__exact={warehouse.pk}"' in page
    ledger = staff.get(LEDGER, {"variant__id__exact": sneaker.pk})
    assert "Движения остатков: Кеды «Ветер», KED-41 [1001]" in ledger.content.decode()


def test_a_user_who_may_not_see_the_ledger_gets_no_link_to_it(client, sneaker):
    from django.contrib.auth.models import Permission

    user = User.objects.create_user("viewer", password="x", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=["view_variant", "change_variant"]))
    client.force_login(user)

    page = client.get(f"/admin/catalog/variant/{sneaker.pk}/change/").content.decode()

    assert "stock-history-link" not in page


def test_stock_rows_movements_and_lots_are_named_by_product_article_and_warehouse(sneaker):
    warehouse = WarehouseFactory(name="Основной")
    stock_history(sneaker, warehouse, ["10"])
    lot = Lot.objects.create(variant=sneaker, warehouse=warehouse, number="L-7", quantity=Decimal("10"))

    assert str(StockLevel.objects.get()) == "Кеды «Ветер», KED-41 [1001] — Основной"
    assert str(StockMovement.objects.get()) == "Кеды «Ветер», KED-41 [1001] — Основной: +10"
    assert str(lot) == "L-7: Кеды «Ветер», KED-41 [1001] — Основной"
    assert str(VariantFactory(public_id="2002", article="2002")) == "2002"  # not "2002 [2002]"


def test_the_stock_row_page_is_titled_by_variant_and_warehouse(staff, sneaker):
    level = StockLevelFactory(variant=sneaker, warehouse=WarehouseFactory(name="Основной"), total=Decimal("1.5"))

    page = staff.get(f"/admin/inventory/stocklevel/{level.pk}/change/").content.decode()

    assert "Кеды «Ветер», KED-41 [1001] — Основной" in page
    assert 'value="1,5"' in page  # the input, as the read-only figures: Russian decimal comma, no 1.500


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", [LEDGER, "/admin/inventory/stocklevel/", "/admin/inventory/lot/"])
def test_the_inventory_lists_name_rows_without_a_query_per_row(staff, url):
    warehouse = WarehouseFactory()

    def add_rows(count):
        for _ in range(count):
            variant = VariantFactory()
            stock_history(variant, warehouse, ["4"])
            Lot.objects.create(variant=variant, warehouse=warehouse, number=f"L{variant.pk}", quantity=4)

    add_rows(2)
    few = _queries(staff, url)
    add_rows(20)

    assert _queries(staff, url) == few


def test_a_reservations_lines_show_the_quantity_as_written(staff, sneaker):
    warehouse = WarehouseFactory()
    stock_history(sneaker, warehouse, ["5"])
    reserve_stock(order_id="ORDER-1", items=[ReservationItem(sneaker.public_id, warehouse.code, Decimal(2))])

    page = staff.get(f"/admin/inventory/reservation/{Reservation.objects.get().pk}/change/").content.decode()

    assert re.search(r"field-quantity_qty\">\s*<p>2</p>", page), re.findall(r"field-quantity_qty.{0,80}", page, re.S)
    assert "2,000" not in page
