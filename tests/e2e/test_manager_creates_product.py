from decimal import Decimal

import pytest
from PIL import Image

from catalog.models import Product
from inventory.models import StockLevel

from .conftest import SCREENSHOTS, log_in

expect = pytest.importorskip("playwright.sync_api").expect


def _image(path):
    Image.new("RGB", (640, 480), (220, 90, 40)).save(path, "JPEG")
    return str(path)


def _add_inline_row(page, group: str, values: dict):
    rows = page.locator(f"#{group}-group tr.form-row:not(.empty-form)")
    index = rows.count()
    page.click(f"#{group}-group .add-row a")
    for name, value in values.items():
        field = page.locator(f"[name='{group}-{index}-{name}']")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)


def _fill_variant(page, article, price, barcode):
    page.fill("#id_article", article)
    _add_inline_row(page, "prices", {"price_type": "Розничная цена", "value": price})
    _add_inline_row(page, "barcodes", {"value": barcode})
    page.click("input[name=_save]")
    expect(page.locator("ul.messagelist li.success")).to_be_visible()


def _correct_stock(page, base, variant, warehouse, total):
    page.goto(f"{base}/admin/inventory/stocklevel/add/")
    page.fill("#id_variant", str(variant.pk))
    page.select_option("#id_warehouse", value=str(warehouse.pk))
    page.fill("#id_total", total)
    page.fill("#id_reason", "Первичная приемка")
    page.click("input[name=_save]")
    expect(page.locator("ul.messagelist li.success")).to_be_visible()


def test_manager_creates_a_product_with_two_variants_and_an_image(page, shop, manager, tmp_path):
    base, warehouse = shop["url"], shop["warehouse"]
    log_in(page, base, "manager")
    expect(page.locator("#dashboard")).to_be_visible()

    page.goto(f"{base}/admin/catalog/product/add/")
    page.fill("#id_short_name", "Кеды «Ветер»")
    page.fill("#id_brand_name", "Кактус")
    page.set_input_files("input[name='images-0-file']", _image(tmp_path / "kedy.jpg"))
    page.click("input[name=_continue]")
    expect(page.locator("ul.messagelist li.success")).to_be_visible()
    product = Product.objects.get(short_name="Кеды «Ветер»")
    thumbnail = page.locator("#images-group img").first
    expect(thumbnail).to_be_visible()
    assert thumbnail.evaluate("img => img.complete && img.naturalWidth > 0"), "the thumbnail did not load"

    # A new product has one variant: open it from the product page, then add the second one.
    page.click("#variants-group td.field-link a")
    _fill_variant(page, "VETER-RED", "2490", "4600000000101")
    page.goto(f"{base}/admin/catalog/variant/add/")
    page.fill("#id_product", str(product.pk))
    _fill_variant(page, "VETER-BLUE", "2590.50", "4600000000118")
    red, blue = product.variants.order_by("id")
    _correct_stock(page, base, red, warehouse, "7")
    _correct_stock(page, base, blue, warehouse, "3")
    assert {s.variant_id: s.total for s in StockLevel.objects.filter(variant__product=product)} == {
        red.pk: Decimal(7),
        blue.pk: Decimal(3),
    }

    answer = page.request.get(f"{base}/api/lite/pub/products?id={product.public_id}")
    assert answer.ok
    [shown] = answer.json()["products"]
    assert shown["shortName"] == "Кеды «Ветер»"
    assert sorted((v["article"], v["price"], v["stock"][0]["stockAvailable"]) for v in shown["variants"]) == [
        ("VETER-BLUE", 2590.5, 3),
        ("VETER-RED", 2490, 7),
    ]
    assert len(shown["images"]) == 1
    assert sorted(product.variants.values_list("barcodes__value", flat=True)) == ["4600000000101", "4600000000118"]

    page.goto(f"{base}/admin/catalog/product/?q=Ветер")
    expect(page.locator("#result_list td.field-thumbnail img")).to_be_visible()
    expect(page.locator("#result_list")).to_contain_text("Кеды «Ветер»")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "product_list_with_thumbnail.png"))

    # The start page counts it: one product on sale, two variants, two stock movements today.
    page.goto(f"{base}/admin/")
    expect(page.locator("#dash-catalog tbody tr").first).to_contain_text("1")
    expect(page.locator("#dash-catalog tbody tr").first.locator("td").nth(1)).to_have_text("2")
    expect(page.locator("#dash-movements h2")).to_contain_text("Движения остатков за 30 дней: 2")
