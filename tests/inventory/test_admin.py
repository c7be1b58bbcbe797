import re
from decimal import Decimal

import pytest
from django.contrib.admin.sites import site
from django.contrib.auth.models import User

from catalog.models import Variant
from inventory.admin import LowStockListFilter, StockLevelInline, VariantLowStockFilter
from inventory.models import Reservation, StockLevel, StockMovement, Warehouse
from inventory.services import ReservationItem, reserve_stock
from tests.factories.catalog import VariantFactory
from tests.factories.inventory import StockLevelFactory, WarehouseFactory

pytestmark = pytest.mark.django_db


def test_stock_correction_form_goes_through_the_service_with_a_reason(staff):
    level = StockLevelFactory(total=5, reserved=1)

    response = staff.post(
        f"/admin/inventory/stocklevel/{level.pk}/change/",
        {"total": "9", "defective": "0", "defective_reserved": "0", "expired": "2", "reason": "Инвентаризация"},
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    level.refresh_from_db()
    assert (level.total, level.reserved, level.expired) == (9, 1, 2)
    movement = StockMovement.objects.get()
    assert (movement.delta_total, movement.source, movement.user_login, movement.reason) == (
        4,
        "USER",
        "manager",
        "Инвентаризация",
    )


def test_stock_correction_without_reason_or_below_reserve_changes_nothing(staff):
    level = StockLevelFactory(total=5, reserved=3)

    no_reason = staff.post(
        f"/admin/inventory/stocklevel/{level.pk}/change/",
        {"total": "9", "defective": "0", "defective_reserved": "0", "expired": "0"},
    )
    below = staff.post(
        f"/admin/inventory/stocklevel/{level.pk}/change/",
        {"total": "1", "defective": "0", "defective_reserved": "0", "expired": "0", "reason": "x"},
    )

    assert no_reason.status_code == below.status_code == 200  # the form again, with errors
    level.refresh_from_db()
    assert level.total == 5
    assert not StockMovement.objects.exists()


def test_adding_stock_in_the_admin_is_a_correction(staff):
    variant, warehouse = VariantFactory(), WarehouseFactory()

    response = staff.post(
        "/admin/inventory/stocklevel/add/",
        {
            "variant": variant.pk,
            "warehouse": warehouse.pk,
            "total": "3",
            "defective": "0",
            "defective_reserved": "0",
            "expired": "0",
            "reason": "Приход",
        },
    )

    assert response.status_code == 302
    assert StockLevel.objects.get().total == 3
    assert StockMovement.objects.get().reason == "Приход"


def test_adding_stock_for_a_row_that_exists_corrects_that_row(staff):
    # a new variant has an empty row in every warehouse: "Добавить остаток" fills it, not a "already exists" error
    level = StockLevelFactory(total=0)
    form = {"variant": level.variant_id, "warehouse": level.warehouse_id, "total": "4", "reason": "Приход"}
    form.update(defective="0", defective_reserved="0", expired="0")

    response = staff.post("/admin/inventory/stocklevel/add/", form)

    assert response.status_code == 302
    assert StockLevel.objects.get().total == 4
    assert StockMovement.objects.get().delta_total == 4


def test_low_stock_filter_lists_rows_at_or_below_the_threshold(staff, settings):
    settings.LOW_STOCK_THRESHOLD = 5
    low = StockLevelFactory(total=6, reserved=2)
    StockLevelFactory(total=50)

    response = staff.get("/admin/inventory/stocklevel/?low_stock=low")

    assert list(response.context["cl"].queryset) == [low]
    variants = VariantLowStockFilter(None, {"low_stock": ["yes"]}, Variant, None).queryset(None, Variant.objects.all())
    assert list(variants) == [low.variant]
    assert LowStockListFilter.parameter_name == "low_stock"


def test_admin_pages_open(staff):
    level = StockLevelFactory(total=Decimal("2"))
    reserve_stock(order_id="A-1", items=[ReservationItem(level.variant.public_id, None, Decimal("1"))])
    for url in [
        "/admin/inventory/warehouse/",
        f"/admin/inventory/warehouse/{level.warehouse_id}/change/",
        "/admin/inventory/stocklevel/",
        "/admin/inventory/stockmovement/?source__exact=API",
        f"/admin/inventory/stockmovement/?q={level.variant.public_id}",
        "/admin/inventory/reservation/",
        f"/admin/inventory/reservation/{Reservation.objects.get().pk}/change/",
        "/admin/inventory/lot/",
        "/admin/inventory/uniquenumber/",
    ]:
        assert staff.get(url).status_code == 200, url


def test_ledger_is_read_only(staff):
    admin = site._registry[StockMovement]
    request = type("Request", (), {"user": User.objects.get()})()
    assert not admin.has_add_permission(request)
    assert not admin.has_change_permission(request)
    assert not admin.has_delete_permission(request)


def test_reservation_release_action_goes_through_the_service(staff):
    level = StockLevelFactory(total=Decimal("2"))
    reservation, _ = reserve_stock(order_id="A-1", items=[ReservationItem(level.variant.public_id, None, Decimal("2"))])

    staff.post("/admin/inventory/reservation/", {"action": "release", "_selected_action": [reservation.pk]})

    reservation.refresh_from_db()
    level.refresh_from_db()
    assert reservation.status == "RELEASED"
    assert level.reserved == 0
    assert StockMovement.objects.filter(source="USER", reference="A-1").exists()


def test_deleting_a_stocked_warehouse_in_the_admin_is_refused(staff):
    level = StockLevelFactory(total=1)

    staff.post(
        "/admin/inventory/warehouse/",
        {"action": "delete_selected", "_selected_action": [level.warehouse_id], "post": "yes"},
    )

    assert Warehouse.objects.filter(pk=level.warehouse_id).exists()


def test_stock_level_inline_shows_read_only_figures():
    assert StockLevelInline.model is StockLevel
    assert set(StockLevelInline.readonly_fields) >= {"total_qty", "reserved_qty", "available_qty"}
    inline = StockLevelInline(Variant, site)
    assert inline.has_add_permission(None) is False


def test_stock_figures_read_as_a_manager_writes_them(staff):
    # "7,000" reads as seven thousand in Russian: whole quantities are shown whole, fractions without zeros.
    level = StockLevelFactory(total=Decimal("7"), reserved=Decimal("1.5"))

    variant_page = staff.get(f"/admin/catalog/variant/{level.variant_id}/change/").content.decode()
    stock_list = staff.get("/admin/inventory/stocklevel/").content.decode()

    for page in (variant_page, stock_list):
        assert re.search(r'class="field-total_qty">\s*(<p>)?7(</p>)?\s*</td>', page)
        assert re.search(r'class="field-available_qty">\s*(<p>)?5,5(</p>)?\s*</td>', page)
        assert "7,000" not in page
