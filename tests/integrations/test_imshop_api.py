"""`/api/lite/pickup_points` and `/api/lite/promotions`, and the whole flow a new user would try."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from integrations.imshop.models import PickupPoint, PromoCode, Promotion
from tests.factories import CollectionFactory, ProductFactory, StockLevelFactory, VariantPriceFactory, WarehouseFactory

KEY = "imshop-test-key"

PICKUP = {
    "locationId": "MSK123",
    "title": "Пункт выдачи заказов №123",
    "address": "ул. Пушкина, дом 1",
    "lat": "55.654295",
    "lon": "37.578029",
    "locationDescription": "Обойти здание, за поворотом направо.",
    "timetable": "пн-пт: 9:00–19:00, сб: 10:00–15:00",
    "images": ["https://image.com/image1.jpg"],
    "price": 100,
    "priceDescription": "от 100 до 500 рублей",
    "deliveryTerm": "от 3-х дней",
    "warehouseId": "msk-store",
    "workDays": [1, 2, 3, 4, 5],
    "leadDays": 1,
    "daysAhead": 7,
    "timeSlots": [{"from": "10:00", "to": "14:00"}, {"from": "18:00", "to": "22:00", "price": 300}],
}


def test_pickup_point_is_created_listed_and_updated(api, db):
    WarehouseFactory(code="msk-store")

    created = api.post("/api/lite/pickup_points", PICKUP, format="json")
    updated = api.post("/api/lite/pickup_points", {"locationId": "MSK123", "title": "ПВЗ №123"}, format="json")
    listed = api.get("/api/lite/pickup_points")

    assert created.status_code == 200
    assert created.json() == {"success": True, "id": "MSK123", "pickupPoint": PICKUP | {"active": True}}
    assert updated.json()["pickupPoint"]["title"] == "ПВЗ №123"
    assert updated.json()["pickupPoint"]["address"] == "ул. Пушкина, дом 1"  # absent fields are kept
    assert listed.json()["recordsTotal"] == 1
    assert listed.json()["pickupPoints"][0]["locationId"] == "MSK123"


@pytest.mark.parametrize(
    "patch",
    [
        {"warehouseId": "nope"},
        {"lat": 123},
        {"workDays": [0]},
        {"timeSlots": [{"from": "14:00", "to": "10:00"}]},
        {"timeSlots": [{"from": "25:00", "to": "26:00"}]},
        {"images": ["not a url"]},
        {"locationId": "bad id!"},
        {"price": "100"},
    ],
)
def test_bad_pickup_point_is_refused_and_nothing_saved(api, db, patch):
    WarehouseFactory(code="msk-store")

    response = api.post("/api/lite/pickup_points", PICKUP | patch, format="json")

    assert response.status_code == 400
    assert response.json()["success"] is False
    assert not PickupPoint.objects.exists()


def test_pickup_points_need_a_token(anon, db):
    assert anon.get("/api/lite/pickup_points").status_code == 401


PROMOTION = {
    "id": "dd771086",
    "name": "Чехол в подарок",
    "kind": "GIFT",
    "scope": "PRODUCTS",
    "value": 0,
    "productIds": ["ipad"],
    "collectionIds": [],
    "requiredProductIds": [],
    "minTotal": 10000,
    "minQuantity": None,
    "buyQuantity": 0,
    "payQuantity": 0,
    "gifts": [{"id": "case", "quantity": 2}],
    "startsAt": None,
    "endsAt": None,
    "priority": 20,
    "combinable": True,
    "allowBonusSpend": False,
    "promoCodeOnly": False,
    "active": True,
    "promoCodes": [
        {"code": "CASE", "startsAt": None, "endsAt": None, "maxUses": 100, "maxUsesPerCustomer": 1, "active": True}
    ],
}


@pytest.fixture
def products(db):
    ProductFactory(public_id="ipad", variants=0)
    ProductFactory(public_id="case", variants=0).variants.create(public_id="case")
    CollectionFactory(public_id="covers")


def test_promotion_is_created_and_listed(api, products):
    created = api.post("/api/lite/promotions", PROMOTION, format="json")
    listed = api.get("/api/lite/promotions")

    assert created.status_code == 200
    assert created.json() == {"success": True, "id": "dd771086", "promotion": PROMOTION}
    assert listed.json() == {"success": True, "recordsTotal": 1, "promotions": [PROMOTION]}


def test_promotion_update_replaces_codes(api, products):
    api.post("/api/lite/promotions", PROMOTION, format="json")

    response = api.post("/api/lite/promotions", PROMOTION | {"promoCodes": [{"code": "new"}]}, format="json")

    assert [c["code"] for c in response.json()["promotion"]["promoCodes"]] == ["NEW"]
    assert list(PromoCode.objects.values_list("code", flat=True)) == ["NEW"]


@pytest.mark.parametrize(
    "patch, message",
    [
        ({"productIds": ["ghost"]}, "Товар с id ghost не найден"),
        ({"gifts": [{"id": "ghost", "quantity": 1}]}, "Подарок: вариант с id ghost не найден"),
        ({"gifts": []}, "Для подарочной акции нужен список gifts"),
        ({"kind": "PERCENT", "value": 150}, "Скидка в процентах не может быть больше 100"),
        ({"kind": "N_FOR_M", "buyQuantity": 2, "payQuantity": 2}, "Для акции «N по цене M» нужно N > M"),
        ({"scope": "COLLECTIONS"}, "Для акции на коллекции нужен список collectionIds"),
        ({"kind": "BOGUS"}, "kind"),
        ({"value": "5"}, "value"),
    ],
)
def test_bad_promotion_is_refused_and_nothing_saved(api, products, patch, message):
    response = api.post("/api/lite/promotions", PROMOTION | patch, format="json")

    assert response.status_code == 400
    assert response.json()["errors"][0]["message"].startswith(message)
    assert not Promotion.objects.exists() and not PromoCode.objects.exists()


def test_promo_code_taken_by_another_promotion_is_refused(api, products):
    api.post("/api/lite/promotions", PROMOTION, format="json")

    response = api.post("/api/lite/promotions", PROMOTION | {"id": "other"}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == "Промокод CASE уже используется в другой акции"
    assert Promotion.objects.count() == 1


def test_new_user_flow_through_the_api_then_the_three_webhooks(api, settings, db):
    """Warehouses and catalog exist; a pickup point and two promotions are created through the API; then IMSHOP
    calls the three webhooks."""
    settings.IMSHOP_API_KEY = KEY
    imshop = APIClient()
    imshop.credentials(HTTP_AUTHORIZATION=f"Bearer {KEY}")
    store = WarehouseFactory(code="msk-store", name="Магазин на Тверской", city="Москва", public=True)
    phone = ProductFactory(public_id="phone", short_name="Телефон", variants=0).variants.create(public_id="phone")
    VariantPriceFactory(variant=phone, value=Decimal("19990"))
    case = ProductFactory(public_id="case", short_name="Чехол", variants=0).variants.create(public_id="case")
    VariantPriceFactory(variant=case, value=Decimal("990"))
    StockLevelFactory(variant=phone, warehouse=store, total=Decimal(3))
    StockLevelFactory(variant=case, warehouse=store, total=Decimal(10))

    assert api.post("/api/lite/pickup_points", PICKUP, format="json").status_code == 200
    assert api.post("/api/lite/promotions", {
        "id": "phone5", "name": "−5% на телефоны", "kind": "PERCENT", "scope": "PRODUCTS", "value": 5,
        "productIds": ["phone"], "priority": 10,
    }, format="json").status_code == 200  # fmt: skip
    assert api.post("/api/lite/promotions", {
        "id": "case-gift", "name": "Чехол в подарок", "kind": "GIFT", "requiredProductIds": ["phone"],
        "gifts": [{"id": "case", "quantity": 1}], "priority": 5,
    }, format="json").status_code == 200  # fmt: skip

    availability = imshop.post(
        "/webhooks/imshop/availability", {"city": "Москва", "configurationIds": ["phone", "case"]}, format="json"
    ).json()
    pickup = imshop.post(
        "/webhooks/imshop/pickup-point", {"locationId": "MSK123", "items": [{"id": "phone", "quantity": 5}]},
        format="json",
    ).json()  # fmt: skip
    cart_items = [{"privateId": "phone", "quantity": 1}, {"privateId": "case", "quantity": 1}]
    cart = imshop.post("/webhooks/imshop/cart", {"items": cart_items}, format="json").json()

    assert availability["availability"] == [
        {"id": "phone", "warehouseId": "msk-store", "quantity": 3, "price": 19990},
        {"id": "case", "warehouseId": "msk-store", "quantity": 10, "price": 990},
    ]  # the store has no price type of its own: the channel policy falls back to RETAIL
    assert pickup["pickupInfo"]["items"] == [{"id": "phone", "price": 19990, "quantity": 3}]
    assert len(pickup["pickupInfo"]["dateIntervals"]) == 5  # 7 days ahead, Monday to Friday only
    assert [(i["id"], i["discount"], i["subtotal"]) for i in cart["items"]] == [
        ("phone", 999.5, 18990.5),
        ("case", 990, 0),
    ]
    assert cart["totalPrice"] == 18990.5 and cart["discount"] == 1989.5
    assert [d["id"] for d in cart["dynamicDiscounts"]] == ["phone5", "case-gift"]


def test_promotion_post_replaces_every_field(api, products):
    api.post("/api/lite/promotions", PROMOTION, format="json")
    short = {"id": "dd771086", "name": "Скидка", "kind": "PERCENT", "value": 5}

    promotion = api.post("/api/lite/promotions", short, format="json").json()["promotion"]

    assert promotion["minTotal"] is None and promotion["priority"] == 0 and promotion["productIds"] == []
    assert promotion["gifts"] == [] and promotion["scope"] == "CART"
    assert [c["code"] for c in promotion["promoCodes"]] == ["CASE"]  # codes kept when promoCodes is absent


def test_promotion_list_costs_constant_queries(api, products, django_assert_max_num_queries):
    for n in range(20):
        api.post("/api/lite/promotions", PROMOTION | {"id": f"p{n}", "promoCodes": [{"code": f"C{n}"}]}, format="json")

    with django_assert_max_num_queries(8):
        response = api.get("/api/lite/promotions")

    assert response.json()["recordsTotal"] == 20
