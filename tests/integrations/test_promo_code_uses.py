"""A promo code use is recorded when the order's reservation is confirmed: once, not on release, within limits."""

from decimal import Decimal

import pytest

from integrations.imshop.models import PromoCodeUsage
from integrations.imshop.promotions.services import save_promotion
from inventory.models import Reservation
from inventory.services import ReservationItem, confirm_reservation, reserve_stock
from tests.factories.catalog import VariantFactory
from tests.factories.inventory import StockLevelFactory, WarehouseFactory


def sale10(max_uses=None, max_uses_per_customer=None):
    save_promotion(
        data={
            "public_id": "p1", "name": "Скидка", "kind": "PERCENT", "scope": "CART", "value": Decimal(10),
            "priority": 0, "combinable": True, "active": True, "promo_code_only": True,
            "promo_codes": [{"code": "sale10", "max_uses": max_uses, "max_uses_per_customer": max_uses_per_customer}],
        }
    )  # fmt: skip


@pytest.fixture
def stock(db):
    StockLevelFactory(variant=VariantFactory(public_id="V1"), warehouse=WarehouseFactory(is_default=True), total=100)


def reserve(api, order_id, **extra):
    body = {"orderId": order_id, "items": [{"variantId": "V1", "quantity": 1}], **extra}
    return api.post("/api/lite/reservations", body, format="json")


def uses():
    return list(PromoCodeUsage.objects.values_list("promo_code__code", "customer", "order_ref"))


@pytest.mark.django_db
def test_confirming_records_one_use_and_a_retry_none(api, stock):
    sale10()
    assert reserve(api, "A-1", promoCode="sale10", externalUserId="u1").status_code == 200
    assert uses() == []

    assert api.post("/api/lite/reservations/confirm", {"orderId": "A-1"}, format="json").status_code == 200
    assert api.post("/api/lite/reservations/confirm", {"orderId": "A-1"}, format="json").status_code == 200

    assert uses() == [("SALE10", "u1", "A-1")]


@pytest.mark.django_db
def test_releasing_records_nothing_and_the_loyalty_card_is_the_customer_without_a_user(api, stock):
    sale10()
    reserve(api, "A-1", promoCode="SALE10", loyaltyCard="card-7")
    reserve(api, "A-2", promoCode="SALE10", loyaltyCard="card-7")

    api.post("/api/lite/reservations/release", {"orderId": "A-1"}, format="json")
    api.post("/api/lite/reservations/confirm", {"orderId": "A-2"}, format="json")

    assert uses() == [("SALE10", "card-7", "A-2")]


@pytest.mark.django_db
def test_a_customer_over_the_limit_cannot_confirm_and_the_reservation_stays_active(api, stock):
    sale10(max_uses_per_customer=1)
    reserve(api, "A-1", promoCode="SALE10", externalUserId="u1")
    reserve(api, "A-2", promoCode="SALE10", externalUserId="u1")
    api.post("/api/lite/reservations/confirm", {"orderId": "A-1"}, format="json")

    response = api.post("/api/lite/reservations/confirm", {"orderId": "A-2"}, format="json")

    assert response.status_code == 400
    assert Reservation.objects.get(order_id="A-2").status == Reservation.Status.ACTIVE
    assert uses() == [("SALE10", "u1", "A-1")]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_confirmations_never_exceed_the_limit():
    from tests.inventory.test_concurrency import run_in_parallel

    sale10(max_uses=3)
    StockLevelFactory(variant=VariantFactory(public_id="V1"), warehouse=WarehouseFactory(is_default=True), total=100)
    orders = [f"O-{n}" for n in range(12)]
    for order_id in orders:
        reserve_stock(
            order_id=order_id, items=[ReservationItem("V1", None, Decimal(1))], promo_code="SALE10", customer=order_id
        )

    results, errors = run_in_parallel(lambda index: confirm_reservation(order_id=orders[index]), count=len(orders))

    assert PromoCodeUsage.objects.count() == 3
    assert sum(result is not None for result in results) == 3
    assert all(e is None or "использован" in str(e) for e in errors)
    assert Reservation.objects.filter(status=Reservation.Status.CONFIRMED).count() == 3
