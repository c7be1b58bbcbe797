from decimal import Decimal

import pytest
from catalog.resources import NAME, PRICE, VARIANT_ID, export_dataset

from catalog.models import HistoryEvent, Product, VariantPrice
from tests.factories.catalog import ProductFactory, VariantFactory, VariantPriceFactory, price_type

from .conftest import log_in

expect = pytest.importorskip("playwright.sync_api").expect


def _sheet(path, *, bad_price: str | None):
    """The catalog as the export writes it, with a renamed product and a new price; optionally a bad one."""
    dataset = export_dataset(Product.objects.order_by("id"))
    rows = [list(row) for row in dataset]
    headers = dataset.headers
    name, price, variant = headers.index(NAME), headers.index(PRICE), headers.index(VARIANT_ID)
    for row in rows:
        if row[variant] == "TEA-1":
            row[name] = "Чай зеленый, 100 г"
            row[price] = "349"
        if row[variant] == "KEDY-1" and bad_price is not None:
            row[price] = bad_price
    dataset = type(dataset)(*rows, headers=headers)
    path.write_bytes(dataset.export("xlsx"))
    return str(path)


def test_manager_imports_a_spreadsheet_after_fixing_the_row_the_preview_explains(page, shop, manager, tmp_path):
    tea = ProductFactory(public_id="TEA", short_name="Чай", variants=0)
    VariantPriceFactory(variant=VariantFactory(product=tea, public_id="TEA-1", article="TEA"), value=Decimal(299))
    kedy = ProductFactory(public_id="KEDY", short_name="Кеды", variants=0)
    VariantPriceFactory(variant=VariantFactory(product=kedy, public_id="KEDY-1", article="K"), value=Decimal(1990))
    base = shop["url"]
    log_in(page, base, "manager")

    page.goto(f"{base}/admin/catalog/importjob/upload/")
    page.set_input_files("#id_file", _sheet(tmp_path / "bad.xlsx", bad_price="дорого"))
    page.click("input[type=submit]")
    expect(page.locator("p.errornote")).to_contain_text("В файле есть ошибки (1)")
    expect(page.locator("ul.errorlist li")).to_have_count(1)
    expect(page.locator("ul.errorlist li")).to_contain_text("дорого")
    expect(page.locator("input[name=confirm]")).to_have_count(0)  # nothing can be applied from a bad file
    page.click("input[name=cancel]")

    page.set_input_files("#id_file", _sheet(tmp_path / "fixed.xlsx", bad_price=None))
    page.click("input[type=submit]")
    expect(page.locator("#content")).to_contain_text("Будет изменено товаров: 1")
    expect(page.locator("#content table")).to_contain_text("Чай зеленый, 100 г")
    page.click("input[name=confirm]")
    expect(page.locator("ul.messagelist")).to_contain_text("Импорт завершен: изменено товаров 1")

    assert Product.objects.get(public_id="TEA").short_name == "Чай зеленый, 100 г"
    assert VariantPrice.objects.get(variant__public_id="TEA-1", price_type=price_type()).value == Decimal(349)
    assert Product.objects.get(public_id="KEDY").short_name == "Кеды"

    page.goto(f"{base}/admin/catalog/historyevent/?product_public_id=TEA")
    events = HistoryEvent.objects.filter(product_public_id="TEA")
    assert events.exists() and set(events.values_list("change_source", "user_login")) == {("XLS", "manager")}
    expect(page.locator("#result_list tbody tr")).to_have_count(events.count())
    expect(page.locator("#result_list tbody tr").first).to_contain_text("Импорт XLS")
    assert not HistoryEvent.objects.filter(product_public_id="KEDY").exists()
