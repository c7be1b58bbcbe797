import pytest

from catalog.models import Attribute, ProductAttribute
from tests.factories.catalog import AttributeFactory, ProductFactory

from .conftest import log_in

expect = pytest.importorskip("playwright.sync_api").expect


def test_manager_renames_an_attribute_but_cannot_change_the_type_products_use(page, shop, manager):
    material = AttributeFactory(code="material", title="Материал", type="string")
    ProductAttribute.objects.create(product=ProductFactory(short_name="Кеды"), attribute=material, string_value="кожа")
    base = shop["url"]
    log_in(page, base, "manager")

    page.goto(f"{base}/admin/catalog/attribute/{material.pk}/change/")
    expect(page.locator("#id_code")).to_have_count(0)  # the code names the attribute: read-only once created
    expect(page.locator("div.field-code")).to_contain_text("material")
    page.fill("#id_title", "Материал верха")
    page.select_option("#id_type", "decimal")
    page.click("input[name=_save]")

    expect(page.locator(".errorlist").first).to_contain_text("уже задан у продуктов")
    assert Attribute.objects.get(pk=material.pk).type == "string"

    page.select_option("#id_type", "string")
    page.click("input[name=_save]")
    expect(page.locator("ul.messagelist li.success")).to_be_visible()
    saved = Attribute.objects.get(pk=material.pk)
    assert (saved.code, saved.title, saved.type) == ("material", "Материал верха", "string")
