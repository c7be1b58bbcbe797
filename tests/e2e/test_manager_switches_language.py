from decimal import Decimal

import pytest

from tests.factories.catalog import ProductFactory, VariantPriceFactory
from tests.factories.inventory import StockLevelFactory

from .conftest import log_in

expect = pytest.importorskip("playwright.sync_api").expect


def test_manager_switches_the_admin_to_english_and_back_on_the_same_page(page, shop, manager):
    product = ProductFactory(short_name="Кеды «Ветер»", brand_name="Кактус", variants=1)
    variant = product.variants.get()
    VariantPriceFactory(variant=variant, value=Decimal("2490"))
    StockLevelFactory(variant=variant, warehouse=shop["warehouse"], total=Decimal(7))
    base = shop["url"]
    log_in(page, base, "manager")
    expect(page.locator("#dash-stock caption")).to_have_text("Остатки по складам")  # Russian by default

    page.goto(f"{base}/admin/catalog/product/{product.pk}/change/")
    expect(page.locator("h2.fieldset-heading").first).to_have_text("Основное")
    page.click("#language-switch button[value=en]")

    # Back on the same product, now in English, with its sections in a manager's order.
    expect(page).to_have_url(f"{base}/admin/catalog/product/{product.pk}/change/")
    expect(page.locator("#content h1")).to_have_text("Product")  # titled by its kind (templates/admin/change_form.html)
    headings = page.locator("h2.fieldset-heading").all_inner_texts()
    assert headings[:3] == ["Main", "Prices and stock", "Description and attributes"], headings
    variants = page.locator("#variants-group")
    retail, warehouse = variant.prices.get().price_type, shop["warehouse"]
    expect(variants.locator(f"[name='variants-0-price_{retail.pk}']")).to_have_value("2490")
    expect(variants.locator(f"[name='variants-0-stock_{warehouse.pk}']")).to_have_value("7")
    expect(variants.locator(f"th.column-stock_{warehouse.pk}")).to_contain_text("Stock: Основной склад")
    expect(page.locator("#variants-stock-reason label")).to_have_text("Reason for the stock change:")

    # The choice is remembered on other pages.
    page.goto(f"{base}/admin/")
    expect(page.locator("#dash-stock caption")).to_have_text("Stock by warehouse")
    page.click("#language-switch button[value=ru]")
    expect(page.locator("#dash-stock caption")).to_have_text("Остатки по складам")
    page.click("#language-switch button[value=en]")  # the screenshot: the English dashboard
    expect(page.locator("#dash-stock caption")).to_have_text("Stock by warehouse")
