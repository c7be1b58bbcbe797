"""The admin speaks Russian (the default) and English, switched from its header; our apps' labels come
from locale/ru (English sources), and the committed .mo says what the .po says."""

import ast
import gettext
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests.factories import BarcodeFactory, ProductFactory
from tests.factories.catalog import VariantFactory, VariantPriceFactory
from tests.factories.inventory import StockLevelFactory, WarehouseFactory

pytestmark = pytest.mark.django_db

OUR_APPS = ["catalog", "inventory", "reviews", "wms", "imshop", "yandex_eats", "api"]
PO = Path(settings.BASE_DIR) / "locale" / "ru" / "LC_MESSAGES" / "django.po"


@pytest.fixture
def manager(client):
    user = get_user_model().objects.create_superuser("manager", "m@shop.ru", "pass")
    client.force_login(user)
    return client


def switch(client, language, next_url="/admin/"):
    return client.post("/i18n/setlang/", {"language": language, "next": next_url})


def test_header_switch_changes_the_admin_language_and_remembers_it(manager):
    page = manager.get("/admin/").content.decode()
    assert 'id="language-switch"' in page and 'action="/i18n/setlang/"' in page
    assert "Товары" in page and "Склады" in page and "Остатки" in page  # Russian by default

    response = switch(manager, "en")

    assert response.status_code == 302 and response.url == "/admin/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = manager.get("/admin/").content.decode()
    assert "Catalog and stock" in page and "Stock levels" in page and "Warehouses" in page
    assert "Склады" not in page and "Остатки по складам" not in page

    switch(manager, "ru")
    page = manager.get("/admin/").content.decode()
    assert "Каталог и остатки" in page and "Склады" in page and "Stock levels" not in page


def test_index_lists_the_everyday_apps_first(manager):
    page = manager.get("/admin/").content.decode()
    positions = [page.index(f'class="app-{label} module') for label in ["catalog", "inventory", "reviews", "imshop"]]
    assert positions == sorted(positions)


def test_switch_returns_to_the_page_it_was_used_on(manager):
    page = manager.get("/admin/inventory/stocklevel/?low_stock=low").content.decode()
    assert 'name="next" value="/admin/inventory/stocklevel/?low_stock=low"' in page

    response = switch(manager, "en", "/admin/inventory/stocklevel/?low_stock=low")

    assert response.url == "/admin/inventory/stocklevel/?low_stock=low"
    page = manager.get(response.url).content.decode()
    assert "<h1>Stock levels</h1>" in page and "free stock" in page


def test_login_page_offers_the_switch_too(client):
    page = client.get("/admin/login/").content.decode()
    assert 'id="language-switch"' in page


def test_product_page_is_grouped_and_labelled_in_both_languages(manager):
    product = ProductFactory(variants=1)
    url = f"/admin/catalog/product/{product.pk}/change/"

    page = manager.get(url).content.decode()
    for text in ["Основное", "Цены и остатки", "Описание и атрибуты", "Интеграции", "Сведения", "Название", "Бренд"]:
        assert text in page, text
    # The sections come in a manager's order, each table right after its fieldset.
    order = [page.index(t) for t in ["Основное", "images-group", "Цены и остатки", "variants-group", "Интеграции"]]
    assert order == sorted(order)

    switch(manager, "en")
    page = manager.get(url).content.decode()
    for text in ["Main", "Prices and stock", "Description and attributes", "Integrations", "Name", "Brand"]:
        assert text in page, text
    assert "Основное" not in page


def test_every_field_and_model_of_our_apps_has_a_russian_label():
    msgids = set(_po_entries())
    missing = []
    with translation.override("en"):
        for label in OUR_APPS:
            for model in apps.get_app_config(label).get_models():
                names = [model._meta.verbose_name, model._meta.verbose_name_plural]
                names += [f.verbose_name for f in model._meta.fields + model._meta.many_to_many]
                missing += [f"{model.__name__}: {name}" for name in map(str, names) if name not in msgids]
    assert missing == [], missing


def test_the_catalogue_is_complete_and_the_committed_mo_matches_the_po():
    entries = _po_entries()
    assert len(entries) > 400
    assert [msgid for msgid, msgstr in entries.items() if not msgstr] == []
    assert "#, fuzzy" not in PO.read_text()

    with PO.with_suffix(".mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = [msgid for msgid, msgstr in entries.items() if compiled.gettext(msgid) != msgstr]
    assert stale == [], "run: python manage.py compilemessages -l ru -i .venv"


def _po_entries() -> dict[str, str]:
    """msgid -> msgstr of locale/ru (no plural forms are used), header left out."""
    entries, key, current = {}, None, {"msgid": [], "msgstr": []}
    for line in PO.read_text().splitlines() + [""]:
        if line.startswith(("msgid ", "msgstr ")):
            key, _sep, rest = line.partition(" ")
            current[key] = [ast.literal_eval(rest)]
        elif line.startswith('"') and key:
            current[key].append(ast.literal_eval(line))
        elif not line.strip() and key:
            msgid = "".join(current["msgid"])
            if msgid:
                entries[msgid] = "".join(current["msgstr"])
            key, current = None, {"msgid": [], "msgstr": []}
    return entries


# --- long lists and the product page stay a fixed number of queries -----------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def _variants_with_prices_barcodes_and_stock(product, count, warehouse):
    for _index in range(count):
        variant = VariantFactory(product=product)
        VariantPriceFactory(variant=variant)
        BarcodeFactory(variant=variant)
        StockLevelFactory(variant=variant, warehouse=warehouse)


def test_product_page_queries_do_not_grow_with_its_variants(manager):
    warehouse = WarehouseFactory()
    small, large = ProductFactory(variants=0), ProductFactory(variants=0)
    _variants_with_prices_barcodes_and_stock(small, 1, warehouse)
    _variants_with_prices_barcodes_and_stock(large, 6, warehouse)
    # Warm-up: the first page of a process caches look-ups (content types, dictionaries) the next ones reuse;
    # alone, this test counted them on the first page it loaded.
    _queries(manager, f"/admin/catalog/product/{small.pk}/change/")

    assert _queries(manager, f"/admin/catalog/product/{large.pk}/change/") == _queries(
        manager, f"/admin/catalog/product/{small.pk}/change/"
    )


@pytest.mark.parametrize(
    "url",
    [
        "/admin/catalog/product/",
        "/admin/catalog/variant/",
        "/admin/inventory/stocklevel/",
        "/admin/inventory/stockmovement/",
        "/admin/reviews/review/?status=all",
    ],
)
def test_changelists_take_a_fixed_number_of_queries(manager, url):
    from inventory.services import correct_stock
    from reviews.models import Review

    warehouse = WarehouseFactory()

    def grow(count):
        product = ProductFactory(variants=0)
        _variants_with_prices_barcodes_and_stock(product, count, warehouse)
        for variant in product.variants.all():
            correct_stock(variant_id=variant.pk, warehouse_id=warehouse.pk, total=Decimal(3), reason="test")
            Review.objects.create(product=product, customer_name="Анна", content="Хорошо", score=5)

    grow(2)
    few = _queries(manager, url)
    grow(8)
    assert _queries(manager, url) <= few
