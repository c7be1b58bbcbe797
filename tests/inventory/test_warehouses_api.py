import pytest
from drf_spectacular.generators import SchemaGenerator

from inventory.models import StockMovement, Warehouse
from inventory.services import set_stock_totals
from tests.factories.catalog import VariantFactory, price_type
from tests.factories.inventory import StockLevelFactory, WarehouseFactory

pytestmark = pytest.mark.django_db

STORE = {
    "warehouseCode": "aviapark",
    "name": "ТЦ Авиапарк",
    "type": "STORE",
    "address": "Ходынский б-р, 4",
    "city": "Москва",
    "lat": 55.7905543,
    "lon": 37.5319846,
    "online": False,
    "public": True,
    "subway": "ЦСКА",
    "mall": "Авиапарк",
}


def test_post_creates_warehouse_and_get_lists_it(api):
    answer = api.post("/api/lite/warehouses", STORE, format="json")

    assert answer.status_code == 200, answer.json()
    assert answer.json()["created"] is True
    listed = api.get("/api/lite/warehouses").json()
    assert listed == {
        "success": True,
        "warehouses": [
            {
                **STORE,
                "isDefault": False,
                "deliveryCities": [],
                "priceCode": None,
            }
        ],
    }


def test_post_updates_by_code_and_sets_online_delivery_cities(api):
    api.post("/api/lite/warehouses", STORE, format="json")

    answer = api.post(
        "/api/lite/warehouses",
        {
            "warehouseCode": "aviapark",
            "name": "Интернет-склад",
            "online": True,
            "deliveryCities": ["Москва", "Тверь"],
            "priceCode": price_type("RETAIL").code,
            "isDefault": True,
        },
        format="json",
    )

    assert answer.status_code == 200
    body = answer.json()
    assert body["created"] is False
    assert body["warehouse"]["deliveryCities"] == ["Москва", "Тверь"]
    assert body["warehouse"]["priceCode"] == price_type("RETAIL").code
    assert Warehouse.objects.get().name == "Интернет-склад"


def test_only_one_default_warehouse(api):
    first = WarehouseFactory(is_default=True)

    api.post("/api/lite/warehouses", {**STORE, "isDefault": True}, format="json")

    first.refresh_from_db()
    assert first.is_default is False
    assert Warehouse.objects.get(code="aviapark").is_default is True


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({**STORE, "warehouseCode": "bad code!"}, "warehouseCode"),
        ({k: v for k, v in STORE.items() if k != "name"}, "name"),
        ({**STORE, "type": "SHOP"}, "type"),
        ({**STORE, "lat": 200}, "lat"),
        ({**STORE, "priceCode": "nope"}, "Тип цены"),
    ],
)
def test_post_rejects_bad_warehouse_and_creates_nothing(api, payload, field):
    answer = api.post("/api/lite/warehouses", payload, format="json")

    assert answer.status_code == 400
    assert answer.json()["success"] is False
    assert field in answer.json()["errors"][0]["message"]
    assert not Warehouse.objects.exists()


def test_delete_refuses_warehouse_holding_stock(api):
    level = StockLevelFactory(total=3)

    answer = api.delete(f"/api/lite/warehouses?warehouseCode={level.warehouse.code}")

    assert answer.status_code == 400
    assert "есть остатки" in answer.json()["errors"][0]["message"]
    assert Warehouse.objects.filter(pk=level.warehouse_id).exists()


def test_delete_removes_empty_warehouse_keeping_its_ledger(api):
    variant = VariantFactory()
    warehouse = WarehouseFactory(code="old")
    set_stock_totals(entries=[(variant.pk, warehouse.pk, 2)], source="API", reason="in")
    set_stock_totals(entries=[(variant.pk, warehouse.pk, 0)], source="API", reason="out")

    answer = api.delete("/api/lite/warehouses?warehouseCode=old")

    assert answer.json() == {"success": True, "warehouseCode": "old"}
    assert not Warehouse.objects.filter(code="old").exists()
    assert list(StockMovement.objects.values_list("warehouse_code", flat=True)) == ["old", "old"]


def test_delete_unknown_or_missing_code(api):
    assert api.delete("/api/lite/warehouses?warehouseCode=nope").status_code == 404
    assert api.delete("/api/lite/warehouses").status_code == 400


def test_warehouses_need_a_token(anon):
    assert anon.get("/api/lite/warehouses").status_code == 401


def test_warehouse_list_filters_by_code_and_city_and_documents_them(api):
    for code, city in [("msk1", "Москва"), ("spb1", "Санкт-Петербург")]:
        assert (
            api.post("/api/lite/warehouses", {**STORE, "warehouseCode": code, "city": city}, format="json").status_code
            == 200
        )
    by_city = api.get("/api/lite/warehouses", {"city": "москва"}).json()["warehouses"]
    assert [w["warehouseCode"] for w in by_city] == ["msk1"]
    by_code = api.get("/api/lite/warehouses", {"warehouseCode": "spb1"}).json()["warehouses"]
    assert [w["warehouseCode"] for w in by_code] == ["spb1"]
    schema = SchemaGenerator().get_schema(request=None, public=True)
    names = {p["name"] for p in schema["paths"]["/api/lite/warehouses"]["get"]["parameters"]}
    assert {"warehouseCode", "city"} <= names
