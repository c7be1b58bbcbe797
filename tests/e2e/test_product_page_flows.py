"""Issue 20, flows 1 and 2: a manager does the everyday product jobs on the product page alone, within a budget
of page loads (each navigation of the tab counts: a link, a form's save with its redirect).

1. A new product with three sizes, an article, a retail and an old price, a barcode per size and stock in two
   warehouses: the add page and one save (2 page loads).
2. A price and a stock figure of one variant: the product page and one save that comes back to it (2 loads).
"""

from decimal import Decimal

import pytest

from catalog.models import FeatureValue, HistoryEvent, Product
from inventory.models import StockLevel, StockMovement, Warehouse
from tests.factories import (
    BarcodeFactory,
    FeatureFactory,
    ProductFactory,
    StockLevelFactory,
    VariantOptionFactory,
    VariantPriceFactory,
    price_type,
)

from .conftest import SCREENSHOTS, log_in

expect = pytest.importorskip("playwright.sync_api").expect

FLOW_1_BUDGET = 2  # the add page + one save
FLOW_2_BUDGET = 2  # the product page + one save back to it


@pytest.fixture
def sizes(shop):
    size = FeatureFactory(code="size", title="Размер")
    for index, value in enumerate(["S", "M", "L", "XL"]):
        FeatureValue.objects.create(feature=size, string_value=value, ordering=index)
    store, _ = Warehouse.objects.get_or_create(code="TVER", defaults={"name": "Магазин на Тверской"})
    return {"main": shop["warehouse"], "store": store, "retail": price_type("RETAIL"), "old": price_type("OLD")}


class PageLoads:
    """Counts the tab's page loads (main-frame navigations) from the moment it is created."""

    def __init__(self, page):
        self.urls: list[str] = []
        page.on("framenavigated", lambda frame: frame == page.main_frame and self.urls.append(frame.url))

    def __len__(self):
        return len(self.urls)


def _cell(page, row: int, name: str):
    return page.locator(f"[name='variants-{row}-{name}']")


def _screenshots(page, name: str):
    """The page as a manager sees it at 1366 px (sidebar open) and at 1920 px."""
    SCREENSHOTS.mkdir(exist_ok=True)
    for width in (1366, 1920):
        page.set_viewport_size({"width": width, "height": 900})
        page.locator("#variants-group").scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / f"{name}_{width}.png"), full_page=True)


def test_flow_1_a_product_with_three_sizes_prices_barcodes_and_stock_in_one_save(page, shop, manager, sizes):
    base = shop["url"]
    log_in(page, base, "manager")
    expect(page.locator("#dashboard")).to_be_visible()
    loads = PageLoads(page)

    page.goto(f"{base}/admin/catalog/product/add/")
    page.fill("#id_short_name", "Кеды «Ветер»")
    page.fill("#id_brand_name", "Кактус")
    rows = [
        ("VETER-S", "S", "4600000000101", "7", "2"),
        ("VETER-M", "M", "4600000000118", "5", "1"),
        ("VETER-L", "L", "4600000000125", "3", "0"),
    ]
    for row, (article, size, barcode, main, store) in enumerate(rows):
        if row:
            page.click("#variants-group .add-row a")  # a new row, no page load
        _cell(page, row, "article").fill(article)
        _cell(page, row, "option_0").select_option(label=size)
        _cell(page, row, f"price_{sizes['retail'].pk}").fill("2490")
        _cell(page, row, f"price_{sizes['old'].pk}").fill("2990")
        _cell(page, row, "barcodes").fill(barcode)
        _cell(page, row, f"stock_{sizes['main'].pk}").fill(main)
        _cell(page, row, f"stock_{sizes['store'].pk}").fill(store)
    page.fill("#id_variants-stock_reason", "Первичная приёмка")
    _screenshots(page, "product_add_page_filled_in")
    page.click("input[name=_continue]")

    expect(page.locator("ul.messagelist li.success")).to_be_visible()
    assert len(loads) <= FLOW_1_BUDGET, f"{len(loads)} page loads: {loads.urls}"
    product = Product.objects.get(short_name="Кеды «Ветер»")
    variants = list(product.variants.order_by("ordering", "id"))
    assert [(v.article, v.options.get().string_value, v.barcodes.get().value) for v in variants] == [
        (article, size, barcode) for article, size, barcode, _main, _store in rows
    ]
    assert {p.value for v in variants for p in v.prices.all()} == {Decimal(2490), Decimal(2990)}
    stock = {
        (s.variant.article, s.warehouse.code): s.total
        for s in StockLevel.objects.select_related("variant", "warehouse")
    }
    assert stock[("VETER-S", "MAIN")] == 7 and stock[("VETER-S", "TVER")] == 2 and stock[("VETER-L", "TVER")] == 0
    assert set(StockMovement.objects.values_list("reason", "user_login")) == {("Первичная приёмка", "manager")}
    # The saved page shows what was typed, numbers as written.
    expect(_cell(page, 2, f"stock_{sizes['main'].pk}")).to_have_value("3")
    expect(_cell(page, 0, f"price_{sizes['retail'].pk}")).to_have_value("2490")
    _screenshots(page, "product_page_three_sizes")


@pytest.fixture
def sized_product(sizes):
    product = ProductFactory(short_name="Кеды «Ветер»", brand_name="Кактус", variants=3)
    for index, (variant, size) in enumerate(zip(product.variants.order_by("id"), ["S", "M", "L"], strict=True)):
        VariantOptionFactory(variant=variant, code="size", name="Размер", string_value=size)
        VariantPriceFactory(variant=variant, price_type=sizes["retail"], value=Decimal("2490"))
        VariantPriceFactory(variant=variant, price_type=sizes["old"], value=Decimal("2990"))
        BarcodeFactory(variant=variant, value=f"460000000020{index}")
        StockLevelFactory(variant=variant, warehouse=sizes["main"], total=Decimal(10))
        StockLevelFactory(variant=variant, warehouse=sizes["store"], total=Decimal(2))
    return product


def test_flow_2_a_price_and_a_stock_figure_of_one_variant_from_the_product_page(
    page, shop, manager, sizes, sized_product
):
    base = shop["url"]
    medium = sized_product.variants.order_by("id")[1]
    url = f"{base}/admin/catalog/product/{sized_product.pk}/change/"
    log_in(page, base, "manager")
    expect(page.locator("#dashboard")).to_be_visible()
    loads = PageLoads(page)

    page.goto(url)
    _cell(page, 1, f"price_{sizes['retail'].pk}").fill("1990")
    _cell(page, 1, f"stock_{sizes['main'].pk}").fill("8")
    page.click("input[name=_continue]")
    # Without a reason the page says what is missing, next to the field, and keeps the figures.
    expect(page.locator("#variants-stock-reason .errorlist")).to_contain_text("Укажите причину")
    expect(_cell(page, 1, f"stock_{sizes['main'].pk}")).to_have_value("8")
    assert not StockMovement.objects.exists()
    SCREENSHOTS.mkdir(exist_ok=True)
    page.locator("#variants-group").screenshot(path=str(SCREENSHOTS / "product_page_stock_reason_missing.png"))
    page.fill("#id_variants-stock_reason", "Пересчёт: 2 пары в браке")
    page.click("input[name=_continue]")

    expect(page.locator("ul.messagelist li.success")).to_be_visible()
    assert page.url == url  # back on the same page
    assert len(loads) <= FLOW_2_BUDGET + 1, f"{len(loads)} page loads: {loads.urls}"  # + the refused save
    expect(_cell(page, 1, f"price_{sizes['retail'].pk}")).to_have_value("1990")
    expect(_cell(page, 1, f"stock_{sizes['main'].pk}")).to_have_value("8")
    assert medium.prices.get(price_type=sizes["retail"]).value == 1990
    [movement] = StockMovement.objects.all()
    assert (movement.variant_id, movement.delta_total, movement.reason) == (medium.pk, -2, "Пересчёт: 2 пары в браке")
    assert HistoryEvent.objects.filter(product=sized_product, source_action="admin: изменение товара").count() == 1
    _screenshots(page, "product_page_after_a_price_and_stock_change")


def test_flow_2_within_budget_when_the_reason_is_given_at_once(page, shop, manager, sizes, sized_product):
    base = shop["url"]
    url = f"{base}/admin/catalog/product/{sized_product.pk}/change/"
    log_in(page, base, "manager")
    expect(page.locator("#dashboard")).to_be_visible()
    loads = PageLoads(page)

    page.goto(url)
    _cell(page, 0, f"price_{sizes['old'].pk}").fill("3190")
    _cell(page, 0, f"stock_{sizes['store'].pk}").fill("5")
    page.fill("#id_variants-stock_reason", "Поступление")
    page.click("input[name=_continue]")

    expect(page.locator("ul.messagelist li.success")).to_be_visible()
    assert page.url == url
    assert len(loads) <= FLOW_2_BUDGET, f"{len(loads)} page loads: {loads.urls}"
    assert StockMovement.objects.get().delta_total == 3
