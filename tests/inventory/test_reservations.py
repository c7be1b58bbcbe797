from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from catalog.models import Product
from inventory.models import Reservation, StockLevel, StockMovement
from inventory.tasks import expire_reservations_task
from tests.factories.catalog import VariantFactory
from tests.factories.inventory import StockLevelFactory, WarehouseFactory

pytestmark = pytest.mark.django_db


def figures(level):
    level.refresh_from_db()
    return level.total, level.reserved


@pytest.fixture
def stock():
    """Variant V1 with 10 in the default warehouse MAIN and 5 in SHOP."""
    variant = VariantFactory(public_id="V1")
    main = StockLevelFactory(variant=variant, warehouse=WarehouseFactory(code="MAIN", is_default=True), total=10)
    shop = StockLevelFactory(variant=variant, warehouse=WarehouseFactory(code="SHOP"), total=5)
    return main, shop


def reserve(api, order_id="A-1", items=None):
    items = items if items is not None else [{"variantId": "V1", "quantity": 3}]
    return api.post("/api/lite/reservations", {"orderId": order_id, "items": items}, format="json")


def test_reserve_answers_what_was_reserved_where(api, stock):
    main, shop = stock

    response = reserve(api)

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["success"] is True
    assert body["orderId"] == "A-1"
    assert body["status"] == "ACTIVE"
    assert body["expiresAt"]
    assert body["items"] == [{"variantId": "V1", "warehouseCode": "MAIN", "quantity": 3}]
    assert figures(main) == (10, 3)
    movement = StockMovement.objects.get()
    assert (movement.delta_reserved, movement.reference, movement.source) == (3, "A-1", "API")


def test_reserve_splits_across_warehouses_default_first(api, stock):
    main, shop = stock

    body = reserve(api, items=[{"variantId": "V1", "quantity": 12}]).json()

    assert body["items"] == [
        {"variantId": "V1", "warehouseCode": "MAIN", "quantity": 10},
        {"variantId": "V1", "warehouseCode": "SHOP", "quantity": 2},
    ]
    assert figures(main) == (10, 10)
    assert figures(shop) == (5, 2)


def test_reserve_from_the_named_warehouse(api, stock):
    main, shop = stock
    Product.objects.filter(variants__public_id="V1").update(is_catch_weight=True)  # 1.5 kg: sold by weight

    body = reserve(api, items=[{"variantId": "V1", "warehouseCode": "SHOP", "quantity": "1.5"}]).json()

    assert body["items"] == [{"variantId": "V1", "warehouseCode": "SHOP", "quantity": 1.5}]
    assert figures(shop) == (5, Decimal("1.5"))
    assert figures(main) == (10, 0)


def test_reserve_refuses_more_than_available_and_reserves_nothing(api, stock):
    main, shop = stock
    other = StockLevelFactory(variant=VariantFactory(public_id="V2"), warehouse=main.warehouse, total=4)

    response = reserve(api, items=[{"variantId": "V2", "quantity": 1}, {"variantId": "V1", "quantity": 16}])

    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == "Недостаточно остатка варианта V1: запрошено 16, доступно 15"
    assert figures(main) == (10, 0) and figures(shop) == (5, 0) and figures(other) == (4, 0)
    assert not Reservation.objects.exists()
    assert not StockMovement.objects.exists()


def test_reserve_counts_existing_reservations(api, stock):
    reserve(api, "A-1", [{"variantId": "V1", "warehouseCode": "SHOP", "quantity": 4}])

    response = reserve(api, "A-2", [{"variantId": "V1", "warehouseCode": "SHOP", "quantity": 2}])

    assert response.status_code == 400
    assert "на складе SHOP" in response.json()["errors"][0]["message"]


def test_retry_with_the_same_order_changes_nothing(api, stock):
    main, _ = stock
    first = reserve(api).json()

    again = reserve(api)

    assert again.status_code == 200
    assert again.json() == first
    assert figures(main) == (10, 3)
    assert Reservation.objects.count() == 1
    assert StockMovement.objects.count() == 1


def test_same_order_with_other_items_is_refused(api, stock):
    reserve(api)

    response = reserve(api, items=[{"variantId": "V1", "quantity": 4}])

    assert response.status_code == 400
    assert "другим составом" in response.json()["errors"][0]["message"]
    assert figures(stock[0]) == (10, 3)


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"items": [{"variantId": "V1", "quantity": 1}]}, "orderId"),
        ({"orderId": "A 1", "items": [{"variantId": "V1", "quantity": 1}]}, "orderId"),
        ({"orderId": "A-1", "items": []}, "items"),
        ({"orderId": "A-1", "items": [{"variantId": "V1"}]}, "quantity"),
        ({"orderId": "A-1", "items": [{"variantId": "V1", "quantity": "lots"}]}, "quantity"),
        ({"orderId": "A-1", "items": [{"variantId": "V1", "quantity": 0}]}, "больше нуля"),
        ({"orderId": "A-1", "items": [{"variantId": "V1", "quantity": -1}]}, "quantity"),
        ({"orderId": "A-1", "items": [{"variantId": "NOPE", "quantity": 1}]}, "NOPE не найден"),
        ({"orderId": "A-1", "items": [{"variantId": "V1", "warehouseCode": "X", "quantity": 1}]}, "X не найден"),
        ({"orderId": "A-1", "items": "V1"}, "items"),
    ],
)
def test_bad_reservation_is_rejected_and_changes_nothing(api, stock, payload, message):
    response = api.post("/api/lite/reservations", payload, format="json")

    assert response.status_code == 400
    assert response.json()["success"] is False
    assert message in response.json()["errors"][0]["message"]
    assert not Reservation.objects.exists()
    assert not StockLevel.objects.exclude(reserved=0).exists()


def test_release_gives_stock_back_and_is_idempotent(api, stock):
    main, _ = stock
    reserve(api)

    first = api.post("/api/lite/reservations/release", {"orderId": "A-1"}, format="json")
    again = api.post("/api/lite/reservations/release", {"orderId": "A-1"}, format="json")

    assert first.status_code == again.status_code == 200
    assert first.json()["status"] == again.json()["status"] == "RELEASED"
    assert figures(main) == (10, 0)
    assert StockMovement.objects.filter(reference="A-1").count() == 2


def test_confirm_ships_total_and_reserved_both_drop(api, stock):
    main, _ = stock
    reserve(api)

    response = api.post("/api/lite/reservations/confirm", {"orderId": "A-1"}, format="json")
    again = api.post("/api/lite/reservations/confirm", {"orderId": "A-1"}, format="json")

    assert response.json()["status"] == again.json()["status"] == "CONFIRMED"
    assert figures(main) == (7, 0)
    shipped = StockMovement.objects.filter(reason="Отгрузка заказа").get()
    assert (shipped.delta_total, shipped.delta_reserved) == (-3, -3)


def test_shipped_order_cannot_be_released_nor_released_one_confirmed(api, stock):
    reserve(api, "A-1")
    reserve(api, "A-2", [{"variantId": "V1", "quantity": 1}])
    api.post("/api/lite/reservations/confirm", {"orderId": "A-1"}, format="json")
    api.post("/api/lite/reservations/release", {"orderId": "A-2"}, format="json")

    release = api.post("/api/lite/reservations/release", {"orderId": "A-1"}, format="json")
    confirm = api.post("/api/lite/reservations/confirm", {"orderId": "A-2"}, format="json")

    assert release.status_code == confirm.status_code == 400
    assert figures(stock[0]) == (7, 0)


def test_release_unknown_order_is_404(api):
    response = api.post("/api/lite/reservations/release", {"orderId": "nope"}, format="json")

    assert response.status_code == 404
    assert response.json()["success"] is False


def test_get_reservation_by_order_id(api, stock):
    reserve(api)

    body = api.get("/api/lite/reservations?orderId=A-1").json()

    assert body["items"] == [{"variantId": "V1", "warehouseCode": "MAIN", "quantity": 3}]
    assert api.get("/api/lite/reservations").status_code == 400


def test_reserved_stock_shows_in_the_stocks_answer(api, stock):
    reserve(api)
    import json

    body = json.loads(b"".join(api.get("/api/lite/products/stocks").streaming_content))

    main = body["variants"][0]["stock"][0]
    assert (main["stockTotal"], main["stockReserved"], main["stockAvailable"]) == (10, 3, 7)


def test_expiry_task_releases_only_overdue_reservations(api, stock, settings):
    main, _ = stock
    reserve(api, "OLD", [{"variantId": "V1", "quantity": 2}])
    reserve(api, "NEW", [{"variantId": "V1", "quantity": 1}])
    Reservation.objects.filter(order_id="OLD").update(expires_at=timezone.now() - timedelta(minutes=1))

    expired = expire_reservations_task.delay().get()

    assert expired == 1
    assert dict(Reservation.objects.values_list("order_id", "status")) == {"OLD": "EXPIRED", "NEW": "ACTIVE"}
    assert figures(main) == (10, 1)
    assert StockMovement.objects.filter(reference="OLD", source="SYSTEM").count() == 1
    assert expire_reservations_task.delay().get() == 0


def test_expired_reservation_cannot_be_confirmed_and_retry_keeps_it(api, stock):
    reserve(api)
    Reservation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    expire_reservations_task.delay()

    assert api.post("/api/lite/reservations/confirm", {"orderId": "A-1"}, format="json").status_code == 400
    assert reserve(api).json()["status"] == "EXPIRED"
    assert figures(stock[0]) == (10, 0)


def test_ttl_comes_from_settings(api, stock, settings):
    settings.RESERVATION_TTL_MINUTES = 5
    before = timezone.now()

    reserve(api)

    expires = Reservation.objects.get().expires_at
    assert timedelta(minutes=4) < expires - before < timedelta(minutes=6)


def test_expiry_is_in_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["inventory-expire-reservations"]
    assert entry["task"] == "inventory.tasks.expire_reservations_task"


def test_reserve_query_count_is_flat(api, django_assert_max_num_queries):
    warehouse = WarehouseFactory(is_default=True)
    items = []
    for index in range(10):
        StockLevelFactory(variant=VariantFactory(public_id=f"Q{index}"), warehouse=warehouse, total=5)
        items.append({"variantId": f"Q{index}", "quantity": 1})

    # constant work plus one F() UPDATE per locked stock row
    with django_assert_max_num_queries(25):
        response = reserve(api, "BULK", items)

    assert response.status_code == 200
    assert len(response.json()["items"]) == 10


def test_a_variant_with_past_reservations_can_still_be_deleted(api, stock):
    reserve(api)
    api.post("/api/lite/reservations/release", {"orderId": "A-1"}, format="json")
    variant = stock[0].variant

    variant.product.delete()

    assert not Reservation.objects.get().lines.exists()
