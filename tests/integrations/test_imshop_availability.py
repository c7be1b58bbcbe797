from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from catalog.models import PriceType
from inventory.models import StockLevel
from tests.factories import ProductFactory, StockLevelFactory, VariantFactory, VariantPriceFactory, WarehouseFactory
from tests.factories.catalog import price_type

KEY = "imshop-test-key"
URL = "/webhooks/imshop/availability"


@pytest.fixture
def imshop(settings, db):
    settings.IMSHOP_API_KEY = KEY
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {KEY}")
    return client


@pytest.fixture
def aviapark(db):
    shop_prices = PriceType.objects.create(code="aviapark", name="Цены Авиапарка")
    return WarehouseFactory(
        code="1",
        name="ТЦ Авиапарк",
        address="Ходынский б-р, 4",
        city="Москва",
        lat=55.7905543,
        lon=37.5319846,
        online=False,
        public=True,
        subway="ЦСКА",
        mall="Авиапарк",
        type="STORE",
        price_type=shop_prices,
    )


def test_spec_example_answers_the_spec_response(imshop, aviapark):
    variant = VariantFactory(public_id="12345")
    StockLevelFactory(variant=variant, warehouse=aviapark, total=Decimal("12"), reserved=Decimal("2"))
    VariantPriceFactory(variant=variant, price_type=aviapark.price_type, value=Decimal("100"))
    VariantPriceFactory(variant=variant, value=Decimal("120"))  # the retail price is not the store's price
    sold_out = VariantFactory(public_id="23456")
    StockLevelFactory(variant=sold_out, warehouse=aviapark, total=Decimal("3"), reserved=Decimal("3"))
    spb = WarehouseFactory(code="2", city="Санкт-Петербург")
    StockLevelFactory(variant=variant, warehouse=spb, total=Decimal("50"))
    WarehouseFactory(code="3", city="Москва", public=False)  # a back office, not shown to buyers

    response = imshop.post(URL, {"city": "Москва", "configurationIds": ["12345", "23456", "34567"]}, format="json")

    assert response.status_code == 200
    assert response.json() == {
        "warehouses": [
            {
                "warehouseId": "1",
                "name": "ТЦ Авиапарк",
                "address": "Ходынский б-р, 4",
                "city": "Москва",
                "lat": 55.7905543,
                "lon": 37.5319846,
                "online": False,
                "public": True,
                "subway": "ЦСКА",
                "mall": "Авиапарк",
            }
        ],
        "availability": [{"id": "12345", "warehouseId": "1", "quantity": 10, "price": 100}],
    }


def test_online_warehouse_delivering_to_the_city_is_listed_with_the_retail_price(imshop, aviapark):
    online = WarehouseFactory(code="web", name="Интернет-склад", city="Подольск", online=True, public=False,
                              delivery_cities=["Москва", "Тула"])  # fmt: skip
    WarehouseFactory(code="web-spb", city="Санкт-Петербург", online=True, delivery_cities=["Санкт-Петербург"])
    variant = VariantFactory(public_id="777")
    VariantPriceFactory(variant=variant, price_type=price_type("RETAIL"), value=Decimal("90"))
    StockLevelFactory(variant=variant, warehouse=online, total=Decimal("4.5"))
    StockLevelFactory(variant=variant, warehouse=aviapark, total=Decimal("1"))

    body = imshop.post(URL, {"city": "Москва", "configurationIds": ["777"]}, format="json").json()

    assert [w["warehouseId"] for w in body["warehouses"]] == ["1", "web"]
    assert body["warehouses"][1]["online"] is True and body["warehouses"][1]["public"] is False
    assert body["availability"] == [
        {"id": "777", "warehouseId": "1", "quantity": 1, "price": 90},
        {"id": "777", "warehouseId": "web", "quantity": 4.5, "price": 90},
    ]


def test_warehouse_id_narrows_the_answer_to_one_store(imshop, aviapark):
    other = WarehouseFactory(code="2", city="Москва")
    variant = VariantFactory(public_id="12345")
    VariantPriceFactory(variant=variant, price_type=price_type("RETAIL"), value=Decimal("90"))
    StockLevelFactory(variant=variant, warehouse=aviapark)
    StockLevelFactory(variant=variant, warehouse=other)

    body = imshop.post(URL, {"city": "Москва", "configurationIds": ["12345"], "warehouseId": "2"}, format="json").json()

    assert [w["warehouseId"] for w in body["warehouses"]] == ["2"]
    assert [a["warehouseId"] for a in body["availability"]] == ["2"]


def test_city_without_stores_gets_empty_lists(imshop, aviapark):
    StockLevelFactory(variant=VariantFactory(public_id="12345"), warehouse=aviapark)

    response = imshop.post(URL, {"city": "Тверь", "configurationIds": ["12345"]}, format="json")

    assert response.json() == {"warehouses": [], "availability": []}


def test_archived_products_are_absent(imshop, aviapark):
    product = ProductFactory(variants=0, deleted=True)
    StockLevelFactory(variant=VariantFactory(public_id="12345", product=product), warehouse=aviapark)

    body = imshop.post(URL, {"city": "Москва", "configurationIds": ["12345"]}, format="json").json()

    assert body["availability"] == []


def test_fifty_ids_cost_two_queries(imshop, aviapark, django_assert_num_queries):
    second = WarehouseFactory(code="2", city="Москва", price_type=aviapark.price_type)
    ids = []
    for n in range(50):
        variant = VariantFactory(public_id=f"v{n}")
        ids.append(variant.public_id)
        StockLevelFactory(variant=variant, warehouse=aviapark, total=Decimal(n + 1))
        StockLevelFactory(variant=variant, warehouse=second, total=Decimal(2))
        VariantPriceFactory(variant=variant, price_type=aviapark.price_type, value=Decimal(100 + n))

    imshop.post(URL, {"city": "Москва", "configurationIds": ids[:1]}, format="json")  # PostgreSQL: PREPAREd
    with django_assert_num_queries(2):  # the warehouses; the stock levels with their prices (own, else retail)
        body = imshop.post(URL, {"city": "Москва", "configurationIds": ids}, format="json").json()

    assert len(body["availability"]) == 100
    assert body["availability"][0] == {"id": "v0", "warehouseId": "1", "quantity": 1, "price": 100}


def test_key_may_come_in_the_body(settings, aviapark):
    settings.IMSHOP_API_KEY = KEY

    response = APIClient().post(URL, {"key": KEY, "city": "Москва", "configurationIds": []}, format="json")

    assert response.status_code == 200
    assert response.json()["warehouses"][0]["warehouseId"] == "1"


@pytest.mark.parametrize(
    "headers, body",
    [
        ({"HTTP_AUTHORIZATION": "Bearer wrong"}, {}),
        ({}, {"key": "wrong"}),
        ({}, {}),
        ({"HTTP_AUTHORIZATION": "Basic aW1zaG9wOmtleQ=="}, {}),
    ],
)
def test_wrong_or_missing_key_is_401(settings, db, headers, body):
    settings.IMSHOP_API_KEY = KEY

    response = APIClient().post(URL, {"city": "Москва", "configurationIds": ["1"], **body}, format="json", **headers)

    assert response.status_code == 401
    assert response.json() == {"success": False, "errors": [{"code": 0, "message": "Неверный ключ API IMSHOP"}]}


def test_webhooks_are_closed_without_a_configured_key(settings, db):
    settings.IMSHOP_API_KEY = ""

    response = APIClient().post(
        URL, {"key": "", "city": "Москва", "configurationIds": []}, format="json", HTTP_AUTHORIZATION="Bearer "
    )

    assert response.status_code == 503
    assert response.json()["success"] is False
    assert "IMSHOP_API_KEY" in response.json()["errors"][0]["message"]


@pytest.mark.parametrize(
    "body, field",
    [
        ({"configurationIds": ["1"]}, "city"),
        ({"city": "Москва"}, "configurationIds"),
        ({"city": "Москва", "configurationIds": "12345"}, "configurationIds"),
        ({"city": "Москва", "configurationIds": [{"id": 1}]}, "configurationIds"),
        ({"city": "Москва", "configurationIds": [str(n) for n in range(1001)]}, "configurationIds"),
    ],
)
def test_bad_body_is_400_with_the_field_named(imshop, body, field):
    response = imshop.post(URL, body, format="json")

    assert response.status_code == 400
    assert response.json()["success"] is False
    assert response.json()["errors"][0]["message"].startswith(field)


def test_malformed_json_and_wrong_method_get_the_error_envelope(imshop):
    malformed = imshop.post(URL, data='{"city": "Москва", '.encode(), content_type="application/json")
    wrong_method = imshop.get(URL)
    listed = imshop.post(URL, data=b"[1, 2]", content_type="application/json")

    assert malformed.status_code == 400 and malformed.json()["success"] is False
    assert wrong_method.status_code == 405 and wrong_method.json()["success"] is False
    assert listed.status_code == 400 and listed.json()["success"] is False


def test_availability_changes_no_stock(imshop, aviapark):
    StockLevelFactory(variant=VariantFactory(public_id="12345"), warehouse=aviapark, total=Decimal("7"))

    imshop.post(URL, {"city": "Москва", "configurationIds": ["12345"]}, format="json")

    assert StockLevel.objects.get().total == Decimal("7")


def test_unexpected_failure_is_a_500_in_the_envelope_without_internals(imshop, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("integrations.imshop.api.webhooks.stock_availability", broken)

    response = imshop.post(URL, {"city": "Москва", "configurationIds": ["1"]}, format="json")

    assert response.status_code == 500
    assert response.json() == {"success": False, "errors": [{"code": 0, "message": "Внутренняя ошибка сервера"}]}


def test_form_encoded_body_is_415_in_the_envelope(imshop):
    response = imshop.post(URL, {"city": "Москва"}, format="multipart")

    assert response.status_code == 415
    assert response.json()["success"] is False
