"""Warehouse import in the admin: rows found by code, every write through inventory.services.save_warehouse
(one default warehouse), and the single-record form through the same service."""

import pytest
import tablib

from inventory.models import Warehouse
from tests.admin_forms import CSV, import_confirm, import_preview
from tests.factories.inventory import WarehouseFactory

pytestmark = pytest.mark.django_db
PAGE = "/admin/inventory/warehouse/"
HEADERS = ["code", "name", "type", "city", "is_default"]


def _preview(admin_client, rows):
    return import_preview(admin_client, PAGE, HEADERS, rows)


def _confirm(admin_client, preview):
    import_confirm(admin_client, PAGE, preview)


def test_warehouse_import_finds_rows_by_code_and_keeps_one_default(admin_client):
    old_default = WarehouseFactory(code="MAIN", name="Главный", is_default=True)
    preview = _preview(
        admin_client,
        [["MAIN", "Главный склад", "WAREHOUSE", "Москва", "нет"], ["SPB", "Питер", "STORE", "Санкт-Петербург", "да"]],
    )
    result = preview.context["result"]
    assert (result.totals["update"], result.totals["new"]) == (1, 1)
    assert Warehouse.objects.get(code="MAIN").name == "Главный", "the dry run writes nothing"
    assert not Warehouse.objects.filter(code="SPB").exists()

    _confirm(admin_client, preview)

    old_default.refresh_from_db()
    assert old_default.pk == Warehouse.objects.get(code="MAIN").pk, "found by code, not created again"
    assert old_default.name == "Главный склад" and not old_default.is_default
    spb = Warehouse.objects.get(code="SPB")
    assert spb.is_default and spb.type == "STORE" and spb.city == "Санкт-Петербург"
    assert list(Warehouse.objects.filter(is_default=True)) == [spb]


def test_a_file_with_two_default_warehouses_is_refused_by_row_and_writes_nothing(admin_client):
    WarehouseFactory(code="MAIN", name="Главный", is_default=True)
    preview = _preview(
        admin_client,
        [
            ["A", "Склад А", "WAREHOUSE", "", "да"],
            ["B", "Склад Б", "WAREHOUSE", "", "нет"],
            ["C", "Склад В", "WAREHOUSE", "", "да"],
        ],
    )
    result = preview.context["result"]
    assert [row.number for row in result.invalid_rows] == [3]
    page = preview.content.decode()
    assert "основным может быть только один склад: он уже указан в строке 1" in page
    assert preview.context.get("confirm_form") is None
    assert list(Warehouse.objects.values_list("code", "is_default")) == [("MAIN", True)]


def test_a_bad_flag_is_a_row_error(admin_client):
    preview = _preview(admin_client, [["A", "Склад А", "WAREHOUSE", "", "может быть"]])
    assert [row.number for row in preview.context["result"].invalid_rows] == [1]
    assert "нужно «да» или «нет»" in preview.content.decode()
    assert not Warehouse.objects.exists()


def test_warehouse_export_reads_as_the_import_expects(admin_client):
    WarehouseFactory(code="MAIN", name="Главный", is_default=True)
    form = admin_client.get("/admin/inventory/warehouse/export/").context["form"]
    data = {name: "on" for name, field in form.fields.items() if getattr(field, "is_selectable_field", False)}
    response = admin_client.post("/admin/inventory/warehouse/export/", {**data, "format": CSV, "resource": "0"})
    row = tablib.Dataset().load(response.content.decode("utf-8-sig"), format="csv").dict[0]
    assert row["code"] == "MAIN" and row["is_default"] == "да" and "id" not in row


def _form(code: str, name: str, *, default: bool) -> dict:
    data = {"code": code, "name": name, "type": "WAREHOUSE", "delivery_cities": "[]"}
    return {**data, "is_default": "on"} if default else data


def test_the_warehouse_form_saves_through_the_service_that_keeps_one_default(admin_client):
    old = WarehouseFactory(code="MAIN", name="Главный", is_default=True)

    response = admin_client.post("/admin/inventory/warehouse/add/", _form("NEW", "Новый", default=True))

    assert response.status_code == 302, response.content.decode()[:2000]
    old.refresh_from_db()
    assert not old.is_default and Warehouse.objects.get(code="NEW").is_default


def test_the_warehouse_form_keeps_the_code_and_refuses_a_taken_one(admin_client):
    WarehouseFactory(code="MAIN", name="Главный")
    other = WarehouseFactory(code="SPB", name="Питер")

    refused = admin_client.post("/admin/inventory/warehouse/add/", _form("MAIN", "Дубль", default=False))
    assert refused.status_code == 200 and refused.context["adminform"].form.errors
    assert Warehouse.objects.count() == 2

    changed = admin_client.post(f"/admin/inventory/warehouse/{other.pk}/change/", _form("X", "Питер 2", default=False))
    assert changed.status_code == 302
    other.refresh_from_db()
    assert (other.code, other.name) == ("SPB", "Питер 2"), "the code is read-only once created"
