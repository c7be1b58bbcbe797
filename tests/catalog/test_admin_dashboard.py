"""The admin start page (catalog/admin/dashboard.py) and the admin login lockout (django-axes, config/lockout.py)."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from django.utils.html import escape

from catalog.models import HistoryEvent
from catalog.services.history import record_product_events
from config.kernel.actor import Actor, ChangeSource
from inventory.models import StockMovement
from inventory.services import correct_stock
from reviews.models import Review
from tests.factories import ProductFactory, VariantFactory
from tests.factories.inventory import StockLevelFactory, WarehouseFactory
from tests.reviews.factories import ReviewFactory

pytestmark = pytest.mark.django_db


def _catalog(html):
    """{label: (products, variants)} of the dashboard's catalog table."""
    rows = re.findall(
        r'<th scope="row">([^<]+)</th>\s*<td class="num"><a href="[^"]+">(\d+)</a></td>\s*'
        r'<td class="num"><a href="[^"]+">(\d+)</a></td>',
        html,
    )
    return {label: (int(p), int(v)) for label, p, v in rows}


def _make_catalog():
    warehouse = WarehouseFactory(name="Главный")
    shown = ProductFactory(variants=2)
    ProductFactory(variants=1, available=False)
    ProductFactory(variants=1, deleted=True)
    low, empty = shown.variants.all()
    StockLevelFactory(variant=low, warehouse=warehouse, total=Decimal(3))
    StockLevelFactory(variant=empty, warehouse=warehouse, total=Decimal(0))
    VariantFactory(product=shown, ff_sync_error="WMS: barcode taken")
    correct_stock(variant_id=low.pk, warehouse_id=warehouse.pk, reason="пересчет", total=Decimal(4))
    ReviewFactory.create_batch(2)
    ReviewFactory(status=Review.Status.CONFIRMED)
    record_product_events(product_ids=[shown.pk], actor=Actor(source=ChangeSource.XLS, login="anna", action="import"))
    return warehouse


def test_dashboard_counts_the_catalog_and_links_to_filtered_lists(admin_client):
    warehouse = _make_catalog()

    response = admin_client.get("/admin/")
    html = response.content.decode()

    # ProductFactory for reviews adds visible products with no variants: 2 reviewed products + 1.
    assert _catalog(html) == {"На витрине": (4, 3), "Скрыты": (1, 1), "В архиве": (1, 1)}
    assert 'href="/admin/catalog/product/?deleted__exact=0&amp;available__exact=0">1</a>' in html
    assert 'href="/admin/catalog/variant/?product__deleted__exact=1">1</a>' in html
    assert 'href="/admin/reviews/review/?status=NEW"><strong>2</strong>' in html
    assert 'href="/admin/wms/variantsyncstate/?has_error=yes">1</a>' in html
    stock = f"/admin/inventory/stocklevel/?warehouse__id__exact={warehouse.pk}"
    assert f'href="{stock}&amp;low_stock=none" class="warn">1</a>' in html  # total 0
    assert f'href="{stock}&amp;low_stock=low">2</a>' in html  # 4 and 0 are at or below 5
    assert "Движения остатков за 30 дней: " in html
    assert re.search(r">\s*1</a></h2>", html)  # the one correction
    event = HistoryEvent.objects.select_related("product").order_by("-created_at", "-id")[0]
    product = event.product_public_id  # the latest change, named by the product's name (its ID in the tooltip)
    link = f'href="/admin/catalog/historyevent/?product_public_id={product}" title="{product}">'
    assert f"{link}{escape(event.product.short_name)}</a>" in html


def test_dashboard_links_open_the_filtered_lists(admin_client):
    _make_catalog()
    html = admin_client.get("/admin/").content.decode()
    links = set(re.findall(r'href="(/admin/[a-z]+/[a-z]+/\?[^"]+)"', html))

    assert len(links) >= 10
    for link in links:
        assert admin_client.get(link.replace("&amp;", "&")).status_code == 200, link


def test_dashboard_runs_a_constant_number_of_queries(admin_client, django_assert_num_queries):
    _make_catalog()
    with django_assert_num_queries(QUERIES):
        admin_client.get("/admin/")
    for _ in range(3):
        _make_catalog()
    StockMovement.objects.update(reason="x")
    with django_assert_num_queries(QUERIES):
        admin_client.get("/admin/")


# session, user, then catalog products, variants, history, stock, movements, reviews, and the admin log.
QUERIES = 9


def test_moderator_sees_only_the_review_queue_count(client):
    moderator = User.objects.create_user("moder", password="x", is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(moderator)
    _make_catalog()

    html = client.get("/admin/").content.decode()

    assert 'id="waiting-reviews"' in html
    assert "dash-catalog" not in html and "dash-stock" not in html and "dash-history" not in html


def _login(client, password):
    return client.post("/admin/login/?next=/admin/", {"username": "manager", "password": password})


def test_admin_login_is_refused_after_too_many_wrong_passwords(client, settings):
    settings.ADMIN_LOGIN_MAX_FAILURES = 3
    User.objects.create_user("manager", password="right-password-1", is_staff=True)

    for _ in range(2):
        assert "Пожалуйста, введите корректные" in _login(client, "wrong").content.decode()
    assert "Слишком много неудачных попыток входа" in _login(client, "wrong").content.decode()  # the 3rd locks
    refused = _login(client, "right-password-1")

    assert "Слишком много неудачных попыток входа" in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_admin_login_success_clears_the_failures(client, settings):
    settings.ADMIN_LOGIN_MAX_FAILURES = 3
    User.objects.create_user("manager", password="right-password-1", is_staff=True)

    _login(client, "wrong")
    _login(client, "wrong")
    assert _login(client, "right-password-1").status_code == 302
    client.logout()
    _login(client, "wrong")
    _login(client, "wrong")

    assert _login(client, "right-password-1").status_code == 302
