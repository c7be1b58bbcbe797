from decimal import Decimal

import pytest

from inventory.models import StockLevel, StockMovement
from tests.factories.catalog import ProductFactory
from tests.factories.inventory import StockLevelFactory

from .conftest import log_in

expect = pytest.importorskip("playwright.sync_api").expect


def test_manager_corrects_stock_with_a_reason_and_finds_it_in_the_ledger(page, shop, manager):
    variant = ProductFactory(short_name="Кеды", variants=1).variants.get()
    stock = StockLevelFactory(variant=variant, warehouse=shop["warehouse"], total=Decimal(10))
    base = shop["url"]
    log_in(page, base, "manager")

    page.goto(f"{base}/admin/inventory/stocklevel/{stock.pk}/change/")
    page.fill("#id_total", "8")
    page.fill("#id_reason", "Пересчет: 2 пары с браком")
    page.click("input[name=_save]")
    expect(page.locator("ul.messagelist li.success")).to_be_visible()
    assert StockLevel.objects.get(pk=stock.pk).total == Decimal(8)

    page.goto(f"{base}/admin/inventory/stockmovement/")
    page.click("#toggle-nav-sidebar")  # room for the ledger's columns (reason, user) on the screenshot
    row = page.locator("#result_list tbody tr").filter(has_text="Пересчет: 2 пары с браком")
    expect(row).to_have_count(1)
    expect(row.locator("td.field-delta_total_qty")).to_have_text("-2")
    expect(row.locator("td.field-who")).to_contain_text("manager")
    [movement] = StockMovement.objects.filter(variant=variant)
    assert (movement.delta_total, movement.reason) == (Decimal(-2), "Пересчет: 2 пары с браком")
