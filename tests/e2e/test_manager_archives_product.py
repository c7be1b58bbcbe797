"""Issue 20, flow 6: a product that holds stock cannot be deleted; its delete page says why and archives it
with one click: at most 3 page loads."""

from decimal import Decimal

import pytest

from catalog.models import Product
from tests.factories import ProductFactory, StockLevelFactory

from .budget import PageLoads, screenshots_at_both_widths
from .conftest import log_in

expect = pytest.importorskip("playwright.sync_api").expect

BUDGET = 3


def test_manager_archives_a_product_that_cannot_be_deleted(page, shop, manager):
    product = ProductFactory(short_name="Кеды «Ветер»")
    StockLevelFactory(variant=product.variants.get(), warehouse=shop["warehouse"], total=Decimal(5))
    base = shop["url"]
    log_in(page, base, "manager")
    page.wait_for_url(f"{base}/admin/")  # the login has landed: loads from here on are the flow's

    loads = PageLoads(page)
    page.goto(f"{base}/admin/catalog/product/{product.pk}/change/")
    page.locator("a.deletelink").click()
    expect(page.locator("h1")).to_have_text("Товар нельзя удалить")
    expect(page.locator("#delete-refused")).to_contain_text("Основной склад")
    screenshots_at_both_widths(page, "flow6-delete-refused", check_fit=False)
    page.click("#archive-button")

    expect(page.locator("ul.messagelist li.success")).to_contain_text("в архиве")
    expect(page.locator("#id_deleted")).to_be_checked()
    assert loads.count <= BUDGET, loads.count
    product.refresh_from_db()
    assert product.deleted is True and Product.objects.filter(pk=product.pk).exists()
