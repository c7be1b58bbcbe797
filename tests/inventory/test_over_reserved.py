"""A stockTotal below what is reserved (the warehouse counted fewer goods): the figure is accepted, no answer
shows a negative stockAvailable, the admin and the dashboard flag the row, the ledger says so."""

import json
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from inventory.models import StockLevel, StockMovement
from inventory.services import OVER_RESERVED_NOTE
from tests.factories import ProductFactory
from tests.factories.inventory import StockLevelFactory, WarehouseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def over_reserved(api):
    """Variant ov-1 with 5 reserved at the default warehouse, whose total the client then sets to 2."""
    warehouse = WarehouseFactory(is_default=True, code="MAIN")
    product = ProductFactory(public_id="ov", variants=0)
    api.post("/api/lite/products/variants", {"productId": "ov", "variantId": "ov-1"}, format="json")
    # A new variant may already have its (empty) row at the default warehouse: 5 in stock, all 5 reserved.
    level, _ = StockLevel.objects.update_or_create(
        variant=product.variants.get(), warehouse=warehouse, defaults={"total": Decimal(5), "reserved": Decimal(5)}
    )
    body = {"productId": "ov", "variantId": "ov-1", "stock": [{"stockTotal": 2}], "updateStockTotal": True}
    response = api.patch("/api/lite/products/variants", body, format="json")
    assert response.status_code == 200, response.content
    level.refresh_from_db()
    return level


def test_the_warehouses_figure_is_accepted_and_the_ledger_says_the_row_is_over_reserved(over_reserved):
    assert (over_reserved.total, over_reserved.reserved) == (Decimal(2), Decimal(5))
    assert over_reserved.over_reserved and over_reserved.available == 0
    movement = StockMovement.objects.get(variant_id=over_reserved.variant_id)
    assert movement.delta_total == -3
    assert movement.reason.startswith(f"{OVER_RESERVED_NOTE} (5 > 2)")


def test_no_answer_shows_a_negative_stock_available(api, anon, over_reserved):
    private = api.get("/api/lite/products?id=ov").json()["products"][0]["variants"][0]["stock"][0]
    public = anon.get("/api/lite/pub/products?id=ov").json()["products"][0]["variants"][0]["stock"][0]
    stocks = json.loads(b"".join(api.get("/api/lite/products/stocks").streaming_content))
    [exported] = [v["stock"][0] for v in stocks["variants"] if v["id"] == "ov-1"]

    for answer in (private, public, exported):
        assert (answer["stockTotal"], answer["stockAvailable"], answer["stockReserved"]) == (2, 0, 5)


def test_a_new_reservation_is_refused_while_the_row_is_over_reserved(api, over_reserved):
    body = {"orderId": "o-over", "items": [{"variantId": "ov-1", "quantity": 1}]}

    response = api.post("/api/lite/reservations", body, format="json")

    assert response.status_code in (400, 409)
    assert StockLevel.objects.get(pk=over_reserved.pk).reserved == 5


@pytest.fixture
def staff(client):
    client.force_login(get_user_model().objects.create_superuser("boss", "b@shop.ru", "pass"))
    return client


def test_the_admin_lists_and_filters_over_reserved_rows_and_the_dashboard_counts_them(staff, over_reserved):
    fine = StockLevelFactory(warehouse=over_reserved.warehouse, total=Decimal(9), reserved=Decimal(1))

    listing = staff.get("/admin/inventory/stocklevel/", {"low_stock": "over"}).content.decode()
    everything = staff.get("/admin/inventory/stocklevel/").content.decode()
    dashboard = staff.get("/admin/").content.decode()

    assert f"/admin/inventory/stocklevel/{over_reserved.pk}/change/" in listing
    assert f"/admin/inventory/stocklevel/{fine.pk}/change/" not in listing
    assert "column-over_reserved_flag" in everything
    url = f"/admin/inventory/stocklevel/?warehouse__id__exact={over_reserved.warehouse_id}&amp;low_stock=over"
    assert f'href="{url}" class="warn">1</a>' in dashboard
