"""Issue 20, what an inspecting manager notices on the catalog side: list counts written "Товары: 3", dashboard
figures that never break across lines and changes named by product, option values offered as suggestions on
the variant page, read-only prices and dimensions without trailing zeros."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import FeatureValue
from tests.catalog.test_duplicates_in_one_write import management, variant_page
from tests.factories import (
    FeatureFactory,
    HistoryEventFactory,
    ProductFactory,
    VariantFactory,
    VariantOptionFactory,
    VariantPriceFactory,
)

pytestmark = pytest.mark.django_db


def test_a_list_says_how_many_rows_it_has_as_russian_writes_it(manager_client):
    ProductFactory.create_batch(3)

    page = manager_client.get("/admin/catalog/product/").content.decode()

    assert '<span class="result-count">Товары: 3</span>' in page
    assert "3 товары" not in page


def test_dashboard_figures_never_break_across_lines(manager_client):
    page = manager_client.get("/admin/").content.decode()

    # the rule for numeric cells comes after (and is as specific as) the one letting the last cell wrap
    wrap = page.index("td:last-child { white-space: normal; }")
    nowrap = page.index("#dashboard .module table td.num, #dashboard .module table th.num { white-space: nowrap; }")
    assert nowrap > wrap


def test_dashboard_names_the_changed_products_without_a_query_per_row(manager_client, django_assert_max_num_queries):
    product = ProductFactory(short_name="Кеды «Ветер»")
    for _ in range(5):
        HistoryEventFactory(product=product)
    HistoryEventFactory()

    with django_assert_max_num_queries(9):  # the dashboard's pinned count (tests/catalog/test_admin_dashboard.py)
        page = manager_client.get("/admin/").content.decode()

    history = page[page.index('id="dash-history"') :]
    assert f'title="{product.public_id}">Кеды «Ветер»</a>' in history
    assert ">gone-1</a>" in history  # a deleted product's events keep its ID


def test_the_variant_page_offers_the_options_values_as_suggestions(manager_client):
    size = FeatureFactory(code="size", title="Размер")
    for ordering, value in enumerate(["S", "M", "L"]):
        FeatureValue.objects.create(feature=size, string_value=value, ordering=ordering)
    volume = FeatureFactory(code="volume", title="Объём", type="decimal")
    FeatureValue.objects.create(feature=volume, decimal_value=Decimal("0.5"))
    variant = VariantFactory()
    VariantOptionFactory(variant=variant, code="size", string_value="M")

    page = manager_client.get(f"/admin/catalog/variant/{variant.pk}/change/").content.decode()

    codes = re.search(r'<datalist id="option-codes">(.*?)</datalist>', page, re.S).group(1)
    assert '<option value="size">Размер</option>' in codes and '<option value="volume">Объём</option>' in codes
    values = re.search(rf'<datalist id="option-values-{size.pk}">(.*?)</datalist>', page, re.S).group(1)
    assert re.findall(r'value="([^"]+)"', values) == ["S", "M", "L"]
    numbers = re.search(rf'<datalist id="option-numbers-{volume.pk}">(.*?)</datalist>', page, re.S).group(1)
    assert 'value="0,5"' in numbers
    row_input = re.search(r'<input[^>]*name="options-0-string_value"[^>]*>', page).group(0)
    assert f'list="option-values-{size.pk}"' in row_input and 'value="M"' in row_input
    assert re.search(r'<input[^>]*name="options-0-code"[^>]*list="option-codes"', page)
    assert re.search(r'<input[^>]*name="options-__prefix__-code"[^>]*list="option-codes"', page)  # added rows too


def test_a_value_not_in_the_dictionary_is_still_saved(manager_client):
    FeatureValue.objects.create(feature=FeatureFactory(code="size"), string_value="S")
    variant = ProductFactory(public_id="D", variants=0).variants.create(public_id="D-1")
    data = variant_page(
        **management("options", total=1),
        **{"options-0-code": "size", "options-0-name": "Размер", "options-0-string_value": "XXL"},
    )

    response = manager_client.post(f"/admin/catalog/variant/{variant.pk}/change/", data)

    assert response.status_code == 302
    assert list(variant.options.values_list("code", "string_value")) == [("size", "XXL")]
    assert not FeatureValue.objects.filter(string_value="XXL").exists()  # the dictionary is not changed


def test_read_only_prices_and_dimensions_show_no_trailing_zeros(manager_client):
    variant = VariantFactory(weight_fact=Decimal("10000"), height_fact=Decimal("1.5"))
    VariantPriceFactory(variant=variant, value=Decimal("990"))
    VariantPriceFactory(variant=VariantFactory(), value=Decimal("990.5"))

    variant_page = manager_client.get(f"/admin/catalog/variant/{variant.pk}/change/").content.decode()
    prices = manager_client.get("/admin/catalog/variantprice/").content.decode()

    assert re.search(r'<div class="readonly">10000</div>', variant_page)
    assert re.search(r'<div class="readonly">1,5</div>', variant_page)
    assert re.search(r'class="field-value">990</td>', prices)
    assert re.search(r'class="field-value">990,50</td>', prices)  # kopecks kept when there are some
    for page in (variant_page, prices):
        assert "10000,000" not in page and "990,00" not in page and "E-" not in page


def test_the_price_list_names_the_product_and_article_with_a_fixed_query_count(manager_client):
    def add_prices():
        for n in range(3):
            product = ProductFactory(short_name=f"Кеды «Ветер» {n}", variants=0)
            VariantPriceFactory(variant=VariantFactory(product=product, article=f"KED-{n}"), value=Decimal("990"))

    add_prices()
    with CaptureQueriesContext(connection) as few:
        manager_client.get("/admin/catalog/variantprice/")
    add_prices()
    add_prices()
    with CaptureQueriesContext(connection) as many:
        page = manager_client.get("/admin/catalog/variantprice/").content.decode()

    assert len(many) == len(few)
    assert re.search(r'<a href="/admin/catalog/variant/\d+/change/">Кеды «Ветер» 2, KED-2 \[', page)


def test_the_sizes_column_does_not_show_a_bare_variant_count_as_a_size(manager_client):
    ProductFactory(short_name="Шапка", variants=1)
    ProductFactory(short_name="Набор", variants=3)

    page = manager_client.get("/admin/catalog/product/").content.decode()

    sizes = dict(re.findall(r'>(Шапка|Набор)</a>.*?class="field-sizes">([^<]*)</td>', page, re.S))
    assert sizes["Шапка"].strip() in ("", "&nbsp;")
    assert sizes["Набор"] == "вариантов: 3"


def test_the_history_list_names_products_with_a_fixed_query_count(manager_client):
    def add_events(n: int):
        for i in range(n, n + 3):
            product = ProductFactory(short_name=f"Кеды «Ветер» {i}")
            HistoryEventFactory(product=product)

    add_events(0)
    with CaptureQueriesContext(connection) as few:
        manager_client.get("/admin/catalog/historyevent/")
    add_events(3)
    HistoryEventFactory()
    with CaptureQueriesContext(connection) as many:
        page = manager_client.get("/admin/catalog/historyevent/").content.decode()

    assert len(many) == len(few)
    assert re.search(r"Кеды «Ветер» 5 <small>\[[^\]]+\]</small>", page)
    assert re.search(r'class="field-product_column">gone-1</td>', page)


def test_a_list_is_titled_by_what_it_lists_and_keeps_a_title_of_its_own(manager_client):
    variant = VariantFactory(article="KED-1")

    lots = manager_client.get("/admin/catalog/variantprice/").content.decode()
    ledger = manager_client.get(f"/admin/inventory/stockmovement/?variant__id__exact={variant.pk}").content.decode()

    assert "<h1>Цены</h1>" in lots and "<title>Цены |" in lots
    assert "Выберите цена" not in lots
    assert re.search(r"<h1>[^<]*KED-1[^<]*</h1>", ledger)  # the variant's ledger names the variant


def test_the_add_button_says_add_without_putting_the_name_in_the_wrong_case(manager_client):
    page = manager_client.get("/admin/inventory/lot/").content.decode()

    button = re.search(r'<a href="/admin/inventory/lot/add/"[^>]*class="addlink"[^>]*>\s*([^<]*?)\s*</a>', page)
    assert button.group(1) == "Добавить"
    assert "Добавить партия" not in page


def test_an_object_page_is_titled_by_its_kind_and_its_name(manager_client):
    variant = VariantFactory(article="KED-1")

    page = manager_client.get(f"/admin/catalog/variant/{variant.pk}/change/").content.decode()
    new = manager_client.get("/admin/catalog/variantprice/").content.decode()

    assert "<h1>Вариант</h1>" in page and f"KED-1 [{variant.public_id}]</h2>" in page
    assert f"<title>KED-1 [{variant.public_id}] | Вариант |" in page
    assert "Изменить вариант" not in page and "Выберите" not in new


def test_the_suggestions_cost_two_queries_whatever_the_size_of_the_dictionary(manager_client):
    def add_features(n: int):
        for i in range(n, n + 2):
            feature = FeatureFactory(code=f"opt{i}")
            FeatureValue.objects.create(feature=feature, string_value=f"v{i}")

    variant = VariantFactory()
    add_features(0)
    with CaptureQueriesContext(connection) as few:
        manager_client.get(f"/admin/catalog/variant/{variant.pk}/change/")
    add_features(2)
    add_features(4)
    with CaptureQueriesContext(connection) as many:
        manager_client.get(f"/admin/catalog/variant/{variant.pk}/change/")

    assert len(many) == len(few)
    dictionary = [q["sql"] for q in many if 'FROM "catalog_feature"' in q["sql"]]
    assert len(dictionary) == 1  # loaded once, though Django asks for the inline's formset more than once
