"""Issue 20, flow 6: a product whose variants hold stock is not deleted; its delete page says why and offers
"В архив"."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from catalog.models import HistoryEvent, Product
from tests.factories import ProductFactory, StockLevelFactory, WarehouseFactory

pytestmark = pytest.mark.django_db


def product_with_stock(total="5", reserved="0"):
    product = ProductFactory(short_name="Кеды «Ветер»")
    StockLevelFactory(
        variant=product.variants.get(),
        warehouse=WarehouseFactory(name="Основной"),
        total=Decimal(total),
        reserved=Decimal(reserved),
    )
    return product


def test_the_delete_page_of_a_product_with_stock_says_why_and_offers_the_archive(manager_client):
    product = product_with_stock("5")

    page = manager_client.get(f"/admin/catalog/product/{product.pk}/delete/")

    body = page.content.decode()
    assert page.status_code == 200
    assert "Товар нельзя удалить" in body
    assert "Основной" in body and "<td>5</td>" in body
    assert f'action="/admin/catalog/product/{product.pk}/archive/"' in body
    assert 'value="В архив"' in body


def test_posting_the_delete_page_of_a_product_with_stock_deletes_nothing(manager_client):
    product = product_with_stock("0", reserved="0")
    StockLevelFactory(variant=product.variants.get(), total=Decimal("0.001"))

    manager_client.post(f"/admin/catalog/product/{product.pk}/delete/", {"post": "yes"})

    assert Product.objects.filter(pk=product.pk).exists()


def test_archive_hides_the_product_keeps_its_stock_and_records_history(manager_client):
    product = product_with_stock("5")

    response = manager_client.post(f"/admin/catalog/product/{product.pk}/archive/", follow=True)

    product.refresh_from_db()
    assert product.deleted is True
    assert product.variants.get().stock_levels.get().total == 5
    assert response.redirect_chain[-1][0] == f"/admin/catalog/product/{product.pk}/change/"
    assert "в архиве" in response.content.decode()
    assert HistoryEvent.objects.filter(product=product, source_action="admin: в архиве").exists()


def test_archive_needs_a_post_and_the_change_permission(client):
    product = product_with_stock("5")
    viewer = get_user_model().objects.create_user("viewer", password="x", is_staff=True)
    from django.contrib.auth.models import Permission

    viewer.user_permissions.set(Permission.objects.filter(codename="view_product"))
    client.force_login(viewer)

    assert client.get(f"/admin/catalog/product/{product.pk}/archive/").status_code == 405
    assert client.post(f"/admin/catalog/product/{product.pk}/archive/").status_code == 403
    product.refresh_from_db()
    assert product.deleted is False


def test_a_product_without_stock_is_deleted_as_usual(manager_client):
    product = product_with_stock("0")

    page = manager_client.get(f"/admin/catalog/product/{product.pk}/delete/")
    manager_client.post(f"/admin/catalog/product/{product.pk}/delete/", {"post": "yes"})

    assert "Товар нельзя удалить" not in page.content.decode()
    assert not Product.objects.filter(pk=product.pk).exists()


def test_bulk_delete_keeps_the_products_with_stock_and_says_so(manager_client):
    held, empty = product_with_stock("5"), ProductFactory()

    response = manager_client.post(
        "/admin/catalog/product/",
        {"action": "delete_selected", "_selected_action": [held.pk, empty.pk], "post": "yes"},
        follow=True,
    )

    assert list(Product.objects.values_list("pk", flat=True)) == [held.pk]
    assert "Товаров с остатками не удалено: 1" in response.content.decode()
