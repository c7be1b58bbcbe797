import datetime
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from integrations.imshop.models import PickupPoint
from integrations.imshop.services import delivery_intervals
from tests.factories import StockLevelFactory, VariantFactory, VariantPriceFactory, WarehouseFactory, price_type

KEY = "imshop-test-key"
URL = "/webhooks/imshop/pickup-point"
SPEC_ADDRESS = {
    "location": {
        "city": "Москва", "cityFiasId": "0c5b2444-70a0-4932-980c-b4dc0d3f02b5", "cityKladrId": "7700000000000",
        "cityWithType": "г Москва", "lat": "55.75396", "lon": "37.620393", "postalCode": "101000", "region": "Москва",
        "street": None, "house": None, "valueCity": "Москва", "valueCityFull": "Москва",
    }
}  # fmt: skip


@pytest.fixture
def imshop(settings, db):
    settings.IMSHOP_API_KEY = KEY
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {KEY}")
    return client


@pytest.fixture
def msk123(db):
    warehouse = WarehouseFactory(code="msk-store")
    first = VariantFactory(public_id="31633501")
    VariantPriceFactory(variant=first, value=Decimal(80))
    StockLevelFactory(variant=first, warehouse=warehouse, total=Decimal(5))
    second = VariantFactory(public_id="518710011")
    StockLevelFactory(variant=second, warehouse=warehouse, total=Decimal(2), reserved=Decimal(2))
    VariantPriceFactory(variant=second, value=Decimal(150))
    VariantPriceFactory(variant=second, price_type=price_type("OLD"), value=Decimal(200))
    return PickupPoint.objects.create(
        location_id="MSK123",
        title="Пункт выдачи заказов №123",
        address="ул. Пушкина, дом 1",
        lat=Decimal("55.654295"),
        lon=Decimal("37.578029"),
        location_description="Обойти здание, за поворотом направо.",
        timetable="пн-пт: 9:00–19:00, сб: 10:00–15:00",
        images=["https://image.com/image1.jpg", "https://image.com/image2.jpg", "https://image.com/image3.jpg"],
        price=Decimal(100),
        price_description="от 100 до 500 рублей",
        delivery_term="от 3-х дней",
        warehouse=warehouse,
    )


def test_spec_request_answers_the_spec_pickup_info(imshop, msk123):
    # The spec's request asks for MSK582 / item 29891 while its answer shows MSK123 and two other items:
    # the request here names the point and items of the answer.
    request = {
        "address": SPEC_ADDRESS,
        "items": [{"id": "31633501", "quantity": 1}, {"id": "518710011", "quantity": 1}],
        "locationId": "MSK123",
        "deliveryId": "d_123",
    }

    response = imshop.post(URL, request, format="json")

    assert response.status_code == 200
    assert response.json() == {
        "pickupInfo": {
            "price": 100,
            "address": "ул. Пушкина, дом 1",
            "priceDescription": "от 100 до 500 рублей",
            "lat": "55.654295",
            "lon": "37.578029",
            "locationDescription": "Обойти здание, за поворотом направо.",
            "title": "Пункт выдачи заказов №123",
            "locationId": "MSK123",
            "deliveryTerm": "от 3-х дней",
            "timetable": "пн-пт: 9:00–19:00, сб: 10:00–15:00",
            "images": ["https://image.com/image1.jpg", "https://image.com/image2.jpg", "https://image.com/image3.jpg"],
            "items": [
                {"id": "31633501", "price": 80, "quantity": 1},
                {"id": "518710011", "price": 150, "preDiscountPrice": 200, "quantity": 0},
            ],
        }
    }


def test_item_quantity_never_exceeds_requested_or_available(imshop, msk123):
    items = [{"id": "31633501", "quantity": 7}, {"id": "31633501", "quantity": 2}, {"id": "unknown", "quantity": 3}]

    body = imshop.post(URL, {"locationId": "MSK123", "items": items}, format="json").json()

    assert body["pickupInfo"]["items"] == [
        {"id": "31633501", "price": 80, "quantity": 5},
        {"id": "31633501", "price": 80, "quantity": 2},
        {"id": "unknown", "quantity": 0},
    ]


def test_point_without_serving_warehouse_offers_nothing_from_stock(imshop, msk123):
    PickupPoint.objects.filter(pk=msk123.pk).update(warehouse=None)

    body = imshop.post(URL, {"locationId": "MSK123", "items": [{"id": "31633501", "quantity": 1}]}, format="json")

    assert body.json()["pickupInfo"]["items"] == [{"id": "31633501", "price": 80, "quantity": 0}]


def test_date_intervals_follow_the_schedule():
    point = PickupPoint(
        work_days=[1, 2, 3, 4, 5],
        lead_days=1,
        days_ahead=5,
        time_slots=[{"from": "10:00", "to": "14:00"}, {"from": "18:00", "to": "22:00", "price": 300}],
    )
    friday = datetime.date(2026, 11, 20)

    intervals = delivery_intervals(point, friday)

    slots = [{"id": "10:00-14:00", "title": "10:00–14:00"}, {"id": "18:00-22:00", "title": "18:00–22:00", "price": 300}]
    assert intervals == [  # Saturday and Sunday are skipped; the window is Sat 21 .. Wed 25
        {"id": "2026-11-23", "title": "23 ноября", "subTitle": "понедельник", "timeIntervals": slots},
        {"id": "2026-11-24", "title": "24 ноября", "subTitle": "вторник", "timeIntervals": slots},
        {"id": "2026-11-25", "title": "25 ноября", "subTitle": "среда", "timeIntervals": slots},
    ]


def test_webhook_answers_date_intervals_of_a_point_with_a_schedule(imshop, msk123):
    PickupPoint.objects.filter(pk=msk123.pk).update(
        work_days=[1, 2, 3, 4, 5, 6, 7], lead_days=0, days_ahead=3, time_slots=[{"from": "09:00", "to": "21:00"}]
    )

    info = imshop.post(URL, {"locationId": "MSK123"}, format="json").json()["pickupInfo"]

    assert len(info["dateIntervals"]) == 3
    assert info["dateIntervals"][0]["timeIntervals"] == [{"id": "09:00-21:00", "title": "09:00–21:00"}]
    assert "items" not in info


def test_unknown_or_inactive_point_is_404(imshop, msk123):
    PickupPoint.objects.filter(pk=msk123.pk).update(active=False)

    response = imshop.post(URL, {"locationId": "MSK123"}, format="json")

    assert response.status_code == 404
    assert response.json() == {"success": False, "errors": [{"code": 0, "message": "Пункт выдачи «MSK123» не найден"}]}


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"locationId": "MSK123", "items": [{"id": "31633501", "quantity": "1"}]},
        {"locationId": "MSK123", "items": [{"id": "31633501", "quantity": -1}]},
        {"locationId": "MSK123", "items": {"id": "31633501"}},
    ],
)
def test_malformed_pickup_request_is_400(imshop, msk123, body):
    response = imshop.post(URL, body, format="json")

    assert response.status_code == 400 and response.json()["success"] is False


def test_pickup_wrong_key_is_401(settings, msk123):
    settings.IMSHOP_API_KEY = KEY

    response = APIClient().post(URL, {"locationId": "MSK123"}, format="json", HTTP_AUTHORIZATION="Bearer x")

    assert response.status_code == 401


def test_pickup_info_costs_constant_queries(imshop, msk123, django_assert_num_queries):
    items = [{"id": f"v{n}", "quantity": 1} for n in range(50)] + [{"id": "31633501", "quantity": 1}]

    with django_assert_num_queries(3):  # the point with its warehouse, stock levels, prices
        imshop.post(URL, {"locationId": "MSK123", "items": items}, format="json")


def test_point_without_price_or_coordinates_still_answers_every_spec_field_with_its_type(imshop, msk123):
    PickupPoint.objects.filter(pk=msk123.pk).update(price=None, lat=None, lon=None)

    info = imshop.post(URL, {"locationId": "MSK123"}, format="json").json()["pickupInfo"]

    assert info["price"] == 0
    assert info["priceDescription"] == "от 100 до 500 рублей"
    assert (info["lat"], info["lon"]) == ("", "")
