"""Issue 20, flow 5: why did a variant's stock change? From the variant page to its ledger lines with the
balance after each, and the ledger searched by barcode: at most 3 page loads."""

from decimal import Decimal

import pytest

from inventory.services import correct_stock, set_stock_totals
from tests.factories import BarcodeFactory, ProductFactory, VariantFactory

from .budget import PageLoads, screenshots_at_both_widths
from .conftest import log_in

expect = pytest.importorskip("playwright.sync_api").expect

BUDGET = 3


def test_manager_sees_why_a_variants_stock_changed(page, shop, manager):
    warehouse = shop["warehouse"]
    product = ProductFactory(short_name="Кеды «Ветер»", variants=0)
    variant = VariantFactory(product=product, public_id="1001", article="KED-41")
    BarcodeFactory(variant=variant, value="4600000000417")
    set_stock_totals(entries=[(variant.pk, warehouse.pk, Decimal(10))], source="API", reason="Поставка")
    correct_stock(variant_id=variant.pk, warehouse_id=warehouse.pk, reason="Брак: 2 пары", total=Decimal(8))
    set_stock_totals(entries=[(variant.pk, warehouse.pk, Decimal("7"))], source="WMS", reason="Синхронизация")
    base = shop["url"]
    log_in(page, base, "manager")
    page.wait_for_url(f"{base}/admin/")  # the login has landed: loads from here on are the flow's

    loads = PageLoads(page)
    page.goto(f"{base}/admin/catalog/variant/{variant.pk}/change/")
    screenshots_at_both_widths(page, "flow5-variant-page", check_fit=False)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.click("#stock-history-link")
    expect(page.locator("h1")).to_contain_text("Движения остатков: Кеды «Ветер», KED-41 [1001]")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.locator("td.field-balance")).to_have_text(["7", "8", "10"])
    expect(rows.nth(1).locator("td.field-reason_and_document")).to_have_text("Брак: 2 пары")
    expect(rows.nth(1).locator("td.field-who")).to_contain_text("Пользователь")
    expect(rows.nth(1).locator("td.field-delta_total_qty")).to_have_text("-2")
    hidden = screenshots_at_both_widths(page, "flow5-ledger-of-a-variant")

    page.fill("#searchbar", "4600000000417")
    page.press("#searchbar", "Enter")
    expect(rows).to_have_count(3)
    assert loads.count <= BUDGET, loads.count
    assert hidden == {1366: 0, 1920: 0}, hidden
