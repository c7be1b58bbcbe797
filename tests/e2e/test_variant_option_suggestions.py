"""Issue 20: on a variant's page the option inputs suggest the option dictionary's codes and values, also in a
row added on the page once its code is typed."""

import pytest

from catalog.models import FeatureValue
from tests.factories import FeatureFactory, VariantFactory, VariantOptionFactory

from .budget import screenshots_at_both_widths
from .conftest import log_in

expect = pytest.importorskip("playwright.sync_api").expect


def test_the_option_inputs_suggest_the_dictionarys_values(page, shop, manager):
    size = FeatureFactory(code="size", title="Размер")
    for ordering, value in enumerate(["S", "M", "L"]):
        FeatureValue.objects.create(feature=size, string_value=value, ordering=ordering)
    colour = FeatureFactory(code="color", title="Цвет")
    FeatureValue.objects.create(feature=colour, string_value="Чёрный")
    variant = VariantFactory(article="KED-41")
    VariantOptionFactory(variant=variant, code="size", string_value="M")
    base = shop["url"]
    log_in(page, base, "manager")
    page.wait_for_url(f"{base}/admin/")

    page.goto(f"{base}/admin/catalog/variant/{variant.pk}/change/")
    existing = page.locator("input[name='options-0-string_value']")
    expect(existing).to_have_attribute("list", f"option-values-{size.pk}")
    suggested = page.locator(f"#option-values-{size.pk} option")
    expect(suggested).to_have_count(3)

    page.locator("#options-group .add-row a").click()
    page.fill("input[name='options-1-code']", "color")
    expect(page.locator("input[name='options-1-string_value']")).to_have_attribute("list", f"option-values-{colour.pk}")
    page.fill("input[name='options-1-code']", "unknown")  # a code not in the dictionary: no suggestions
    expect(page.locator("input[name='options-1-string_value']")).not_to_have_attribute(
        "list", f"option-values-{colour.pk}"
    )
    screenshots_at_both_widths(page, "variant-option-suggestions", check_fit=False)
