"""POST /api/lite/pickup_points creates or updates a point by locationId: an update changes only the fields it
names, and what a new point needs (`title`) is required only when the request creates one
(ListUpsertView.required_to_create)."""

import pytest

from integrations.imshop.models import PickupPoint
from tests.factories import WarehouseFactory

from .test_imshop_api import PICKUP

pytestmark = pytest.mark.django_db

URL = "/api/lite/pickup_points"

# field -> a new value and what the point's document answers for it
CHANGES = {
    "title": ("ПВЗ №123", "ПВЗ №123"),
    "address": ("ул. Лермонтова, 2", "ул. Лермонтова, 2"),
    "lat": ("55.7", "55.7"),
    "lon": ("37.6", "37.6"),
    "locationDescription": ("Вход со двора", "Вход со двора"),
    "timetable": ("ежедневно 10–22", "ежедневно 10–22"),
    "images": (["https://image.com/2.jpg"], ["https://image.com/2.jpg"]),
    "price": (150, 150),
    "priceDescription": ("150 рублей", "150 рублей"),
    "deliveryTerm": ("завтра", "завтра"),
    "warehouseId": ("spb-store", "spb-store"),
    "workDays": ([6, 7], [6, 7]),
    "leadDays": (2, 2),
    "daysAhead": (14, 14),
    "timeSlots": ([{"from": "09:00", "to": "12:00"}], [{"from": "09:00", "to": "12:00"}]),
    "active": (False, False),
}


@pytest.fixture
def point(api):
    WarehouseFactory(code="msk-store")
    WarehouseFactory(code="spb-store")
    created = api.post(URL, PICKUP, format="json")
    assert created.status_code == 200, created.content
    return created.json()["pickupPoint"]


@pytest.mark.parametrize("field", sorted(CHANGES))
def test_an_update_naming_one_field_changes_only_that_field(api, point, field):
    value, shown = CHANGES[field]

    response = api.post(URL, {"locationId": "MSK123", field: value}, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["pickupPoint"] == point | {field: shown}
    assert PickupPoint.objects.count() == 1


def test_the_table_names_every_field_of_the_body():
    from integrations.imshop.api.serializers import PickupPointSaveIn

    assert set(CHANGES) == set(PickupPointSaveIn().fields) - {"locationId"}


def test_an_update_naming_no_field_changes_nothing(api, point):
    response = api.post(URL, {"locationId": "MSK123"}, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["pickupPoint"] == point


def test_creating_without_a_title_is_a_400_naming_it_and_saves_nothing(api, db):
    response = api.post(URL, {"locationId": "NEW1", "address": "ул. Пушкина, дом 2"}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "success": False,
        "errors": [{"code": 0, "message": "title: обязательное поле при создании"}],
    }
    assert not PickupPoint.objects.exists()


def test_creating_with_a_title_only_takes_the_defaults_for_the_rest(api, db):
    response = api.post(URL, {"locationId": "NEW1", "title": "Новый ПВЗ"}, format="json")

    assert response.status_code == 200, response.content
    created = response.json()["pickupPoint"]
    assert (created["title"], created["address"], created["leadDays"], created["active"]) == ("Новый ПВЗ", "", 1, True)


def test_a_title_cannot_be_cleared(api, point):
    for body in ({"locationId": "MSK123", "title": ""}, {"locationId": "MSK123", "title": None}):
        response = api.post(URL, body, format="json")
        assert response.status_code == 400, body
    assert PickupPoint.objects.get().title == PICKUP["title"]
