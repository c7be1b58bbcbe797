"""Issue 20, flow 3: a manager finds a product by name, article, barcode or brand (also the brand filter)
from the product list, at most 2 page loads a search, and reads price, stock and sizes in the row."""

from decimal import Decimal

import pytest

from tests.factories import (
    BarcodeFactory,
    ProductFactory,
    StockLevelFactory,
    VariantFactory,
    VariantOptionFactory,
    VariantPriceFactory,
)

from .budget import PageLoads, screenshots_at_both_widths
from .conftest import log_in

expect = pytest.importorskip("playwright.sync_api").expect

SEARCH_BUDGET = 2


def sized_product(name, brand, sizes, warehouse, *, price, barcode_prefix):
    product = ProductFactory(short_name=name, brand_name=brand, variants=0)
    for n, size in enumerate(sizes):
        variant = VariantFactory(product=product, article=f"{brand[:3].upper()}-{size}")
        VariantOptionFactory(variant=variant, code="size", string_value=size)
        VariantPriceFactory(variant=variant, value=Decimal(price))
        BarcodeFactory(variant=variant, value=f"{barcode_prefix}{n}")
        StockLevelFactory(variant=variant, warehouse=warehouse, total=Decimal(4))
    return product


def test_manager_finds_a_product_by_name_article_barcode_and_brand(page, shop, manager):
    warehouse = shop["warehouse"]
    sized_product("Кеды «Ветер»", "Adidas", ["40", "41", "42"], warehouse, price="4990", barcode_prefix="460000000041")
    sized_product("Шапка «Север»", "Nike", ["S", "M"], warehouse, price="1290", barcode_prefix="460000000077")
    sized_product("Куртка «Бриз»", "Zara", ["M", "L"], warehouse, price="8990", barcode_prefix="460000000099")
    base = shop["url"]
    log_in(page, base, "manager")
    page.wait_for_url(f"{base}/admin/")  # the login has landed: loads from here on are the flow's
    page.goto(f"{base}/admin/catalog/product/")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(3)

    for query, found in [
        ("ветер", "Кеды «Ветер»"),  # name, any case
        ("NIK-M", "Шапка «Север»"),  # article
        ("4600000000992", None),  # a barcode that does not exist
        ("4600000000991", "Куртка «Бриз»"),  # barcode, as a scanner types it
        ("adidas", "Кеды «Ветер»"),  # brand
    ]:
        loads = PageLoads(page)
        page.fill("#searchbar", query)
        page.press("#searchbar", "Enter")
        page.wait_for_load_state()
        if found is None:
            expect(page.locator("#result_list")).to_have_count(0)
        else:
            expect(rows).to_have_count(1)
            expect(rows.first).to_contain_text(found)
        assert loads.count <= SEARCH_BUDGET, (query, loads.count)

    row = rows.first
    expect(row.locator("td.field-retail_price")).to_have_text("4990")
    expect(row.locator("td.field-stock")).to_have_text("12")
    expect(row.locator("td.field-sizes")).to_have_text("40, 41, 42")

    page.fill("#searchbar", "")
    page.press("#searchbar", "Enter")
    expect(rows).to_have_count(3)
    loads = PageLoads(page)
    page.locator("#changelist-filter").get_by_role("link", name="Nike", exact=True).click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Шапка «Север»")
    assert loads.count <= SEARCH_BUDGET

    page.goto(f"{base}/admin/catalog/product/")
    hidden = screenshots_at_both_widths(page, "flow3-product-list")
    assert hidden == {1366: 0, 1920: 0}, hidden
