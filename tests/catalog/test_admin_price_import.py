"""Prices (variant × price type) on django-import-export's screens, written through the catalog services."""

from decimal import Decimal

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.models import HistoryEvent, VariantPrice
from tests.factories.catalog import ProductFactory, VariantFactory, VariantPriceFactory, price_type

pytestmark = pytest.mark.django_db


def _preview(client, rows):
    data = tablib.Dataset(*rows[1:], headers=rows[0]).export("csv").encode()
    response = client.post(
        "/admin/catalog/variantprice/import/",
        {"import_file": SimpleUploadedFile("prices.csv", data), "format": "2"},
    )
    assert response.status_code == 200
    return response


def test_price_import_previews_then_writes_through_the_services(admin_client):
    variant = VariantFactory(product=ProductFactory(public_id="1003", variants=0), public_id="1003-1")
    VariantPriceFactory(variant=variant, value=Decimal(1990))
    VariantPriceFactory(variant=variant, price_type=price_type("OLD"), value=Decimal(2490))
    HistoryEvent.objects.all().delete()
    rows = [["Код варианта", "Тип цены", "Цена"], ["1003-1", "Розничная цена", "1790,5"]]

    preview = _preview(admin_client, rows)

    assert preview.context["result"].totals["update"] == 1
    assert VariantPrice.objects.get(variant=variant, price_type=price_type()).value == 1990
    admin_client.post("/admin/catalog/variantprice/process_import/", preview.context["confirm_form"].initial)
    assert VariantPrice.objects.get(variant=variant, price_type=price_type()).value == Decimal("1790.5")
    assert VariantPrice.objects.get(variant=variant, price_type=price_type("OLD")).value == 2490
    assert HistoryEvent.objects.filter(product_public_id="1003", change_source="XLS", user_login="admin").exists()


def test_price_import_reports_bad_rows_by_number_and_writes_nothing(admin_client):
    variant = VariantFactory(public_id="1003-1")
    VariantPriceFactory(variant=variant, value=Decimal(1990))
    rows = [["Код варианта", "Тип цены", "Цена"], ["1003-1", "Розничная цена", "-5"], ["1003-1", "NOPE", "10"]]

    result = _preview(admin_client, rows).context["result"]

    reported = {row.number for row in result.invalid_rows} | {number for number, _ in result.row_errors()}
    assert reported == {1, 2}
    assert VariantPrice.objects.get(variant=variant).value == 1990
