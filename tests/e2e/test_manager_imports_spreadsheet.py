"""A manager exports a sized product from the products list, edits the file and imports it back."""

from decimal import Decimal

import pytest
import tablib

from catalog.models import HistoryEvent, Product, VariantOption, VariantPrice
from inventory.models import StockLevel, StockMovement
from tests.factories.catalog import (
    FeatureFactory,
    ProductFactory,
    VariantFactory,
    VariantOptionFactory,
    VariantPriceFactory,
    price_type,
)
from tests.factories.inventory import StockLevelFactory

from .conftest import log_in

expect = pytest.importorskip("playwright.sync_api").expect
RETAIL = "Цена Розничная цена"


def test_manager_exports_a_sized_product_and_imports_it_back_after_the_preview(page, shop, manager, tmp_path):
    FeatureFactory(code="size", title="Размер")
    kedy = ProductFactory(public_id="KEDY", short_name="Кеды", vat="VAT_20", variants=0)
    for size, article in (("41", "K-41"), ("42", "K-42")):
        variant = VariantFactory(product=kedy, public_id=f"KEDY-{size}", article=article)
        VariantOptionFactory(variant=variant, code="size", string_value=size)
        VariantPriceFactory(variant=variant, value=Decimal(1990))
        StockLevelFactory(variant=variant, warehouse=shop["warehouse"], total=Decimal(3))
    ProductFactory(public_id="TEA", short_name="Чай", variants=1)
    HistoryEvent.objects.all().delete()
    base = shop["url"]
    log_in(page, base, "manager")

    # Export: tick the product on the list, "Export selected products", XLSX.
    page.goto(f"{base}/admin/catalog/product/")
    page.locator("#result_list tbody tr").filter(has_text="Кеды").locator("input.action-select").check()
    page.select_option("select[name=action]", "export_admin_action")
    page.click("button[name=index]")
    page.select_option("#id_format", label="xlsx")
    with page.expect_download() as download:
        page.click("#content input[type=submit]")
    sheet = tablib.Dataset().load(open(download.value.path(), "rb").read(), format="xlsx")
    assert [row["Код варианта"] for row in sheet.dict] == ["KEDY-41", "KEDY-42"]
    assert sheet.dict[0]["Размер"] == "41" and sheet.dict[0]["НДС"] == "20 %"

    # The manager edits the file: size 42 costs more and 5 more pairs arrived; a new size 43.
    rows = [list(row) for row in sheet]
    column = {name: index for index, name in enumerate(sheet.headers)}
    stock = next(name for name in sheet.headers if name.startswith("Остаток "))
    rows[1][column[RETAIL]], rows[1][column[stock]] = "2190", "8"
    new = list(rows[1])
    new[column["Код варианта"]], new[column["Артикул"]], new[column["Размер"]] = "KEDY-43", "K-43", "43"
    new[column["Штрихкоды"]], new[column[stock]] = "4600000000043", "2"
    rows.append(new)
    path = tmp_path / "kedy.xlsx"
    path.write_bytes(tablib.Dataset(*rows, headers=sheet.headers).export("xlsx"))

    # Import: the dry run shows what changes, nothing is written until "Confirm import".
    page.goto(f"{base}/admin/catalog/product/import/")
    page.set_input_files("#id_import_file", str(path))
    page.select_option("#id_format", label="xlsx")
    page.click("#content input[type=submit]")
    preview = page.locator("table.import-preview tbody tr")
    expect(preview).to_have_count(3)
    expect(preview.nth(0)).to_have_class("skip")
    expect(preview.nth(1)).to_have_class("update")
    expect(preview.nth(2)).to_have_class("new")
    assert VariantPrice.objects.get(variant__public_id="KEDY-42", price_type=price_type()).value == 1990
    assert not Product.objects.get(public_id="KEDY").variants.filter(public_id="KEDY-43").exists()
    page.click("input[name=confirm]")
    expect(page.locator("ul.messagelist li.success")).to_be_visible()

    assert VariantPrice.objects.get(variant__public_id="KEDY-42", price_type=price_type()).value == 2190
    assert StockLevel.objects.get(variant__public_id="KEDY-42").total == 8
    assert VariantOption.objects.get(variant__public_id="KEDY-43").string_value == "43"
    assert StockLevel.objects.get(variant__public_id="KEDY-43").total == 2
    assert VariantPrice.objects.get(variant__public_id="KEDY-41", price_type=price_type()).value == 1990
    assert set(StockMovement.objects.values_list("variant__public_id", "user_login")) == {
        ("KEDY-42", "manager"),
        ("KEDY-43", "manager"),
    }
    events = HistoryEvent.objects.filter(product_public_id="KEDY")
    assert events.exists() and set(events.values_list("change_source", "user_login")) == {("XLS", "manager")}
    assert not HistoryEvent.objects.filter(product_public_id="TEA").exists()
