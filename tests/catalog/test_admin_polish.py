"""Issue 20, "polish that staff notice": numbers as people write them, the root URL and "View site", the
product's "История" button, history times in the shop's time zone, the WMS mark only with a WMS."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from catalog.models import HistoryEvent, Product
from inventory.models import Warehouse
from tests.factories import HistoryEventFactory, ProductFactory, StockLevelFactory, VariantFactory, WarehouseFactory

pytestmark = pytest.mark.django_db


def test_decimal_inputs_show_numbers_without_trailing_zeros_or_exponents(manager_client):
    variant = VariantFactory(ordering=Decimal("0"), weight=Decimal("10000"), height=Decimal("1.5"))
    variant.refresh_from_db()  # as stored: 0E-15, 10000.000, 1.500
    assert str(variant.ordering) == "0E-15"

    page = manager_client.get(f"/admin/catalog/variant/{variant.pk}/change/").content.decode()

    assert 'name="ordering" value="0"' in page
    assert 'name="weight" value="10000"' in page
    assert 'name="height" value="1,5"' in page  # the read-only figures' decimal comma, in Russian
    assert "0E-15" not in page and "1.000000000000000" not in page and "10000.000" not in page


def test_a_new_variant_form_shows_its_ordering_as_zero(manager_client):
    page = manager_client.get("/admin/catalog/variant/add/").content.decode()

    assert 'name="ordering" value="0"' in page


def test_decimal_inputs_follow_the_active_language(manager_client):
    variant = VariantFactory(height=Decimal("1.5"))

    manager_client.cookies["django_language"] = "en"
    page = manager_client.get(f"/admin/catalog/variant/{variant.pk}/change/").content.decode()

    assert 'name="height" value="1.5"' in page


@pytest.mark.parametrize("typed", ["7,5", "7.5"])
def test_a_stock_figure_typed_with_either_separator_is_saved(manager_client, typed):
    level = StockLevelFactory(total=Decimal("1"))
    # a fraction is a stock figure of goods sold by weight (pieces are whole: tests/inventory/test_whole_pieces.py)
    Product.objects.filter(variants=level.variant).update(is_catch_weight=True)

    manager_client.post(
        f"/admin/inventory/stocklevel/{level.pk}/change/",
        {"total": typed, "defective": "0", "defective_reserved": "0", "expired": "0", "reason": "Пересчёт"},
    )

    level.refresh_from_db()
    assert level.total == Decimal("7.5")


def test_the_root_url_opens_the_admin_and_there_is_no_view_site_link_to_a_missing_page(manager_client):
    response = manager_client.get("/")

    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert "Открыть сайт" not in manager_client.get("/admin/").content.decode()


def test_the_history_button_shows_the_products_history_events(manager_client):
    product, other = ProductFactory(short_name="Кеды «Ветер»"), ProductFactory()
    for target, action in [(product, "POST /products"), (other, "admin: изменение товара")]:
        HistoryEventFactory(product=target, source_action=action)

    response = manager_client.get(f"/admin/catalog/product/{product.pk}/history/", follow=True)

    assert response.redirect_chain[0][0] == f"/admin/catalog/historyevent/?product_public_id={product.public_id}"
    assert [e.source_action for e in response.context["cl"].result_list] == ["POST /products"]
    assert "История товара «Кеды «Ветер»»" in response.content.decode()


def test_the_variant_pages_history_button_shows_its_products_events(manager_client):
    product = ProductFactory()
    HistoryEventFactory(product=product, source_action="PATCH")

    response = manager_client.get(f"/admin/catalog/variant/{product.variants.first().pk}/history/", follow=True)

    assert response.redirect_chain[0][0] == f"/admin/catalog/historyevent/?product_public_id={product.public_id}"
    assert [e.source_action for e in response.context["cl"].result_list] == ["PATCH"]


def test_a_history_event_is_named_by_the_shops_time(settings):
    settings.TIME_ZONE = "Europe/Moscow"
    event = HistoryEvent.objects.create(
        product_public_id="P1", change_source="API", source_action="POST /products", snapshot={}
    )
    HistoryEvent.objects.filter(pk=event.pk).update(
        created_at=datetime.datetime(2026, 3, 1, 21, 30, tzinfo=datetime.UTC)
    )
    event.refresh_from_db()

    with timezone.override("Europe/Moscow"):
        assert str(event) == "P1 POST /products 2026-03-02 00:30"


def test_the_wms_mark_is_absent_without_a_wms_and_explained_with_one(manager_client):
    variant = VariantFactory(is_ff_synchronised=False, ff_sync_error="Нет штрихкода")
    assert not Warehouse.objects.filter(type=Warehouse.Type.FULFILLMENT).exists()

    without = manager_client.get("/admin/catalog/variant/").content.decode()
    product_page = manager_client.get(f"/admin/catalog/product/{variant.product_id}/change/").content.decode()
    WarehouseFactory(type=Warehouse.Type.FULFILLMENT)
    with_wms = manager_client.get("/admin/catalog/variant/").content.decode()

    assert 'class="wms-state"' not in without and "icon-no.svg" not in without
    assert 'class="wms-state"' not in product_page and "icon-no.svg" not in product_page
    assert 'class="wms-state" title="Не выгружен в WMS: Нет штрихкода"' in with_wms
