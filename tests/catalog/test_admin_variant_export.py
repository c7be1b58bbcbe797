"""The variants changelist exports one readable row per variant with django-import-export."""

from decimal import Decimal

import pytest
import tablib

from catalog.models import VariantOption
from tests.factories.catalog import BarcodeFactory, ProductFactory, VariantFactory, VariantPriceFactory, price_type
from tests.factories.inventory import StockLevelFactory, WarehouseFactory

pytestmark = pytest.mark.django_db
CSV = "2"  # XLSX, XLS, CSV, JSON (settings.IMPORT_EXPORT_FORMATS)


def test_variant_export_has_options_prices_by_type_barcodes_and_stock_by_warehouse(admin_client):
    product = ProductFactory(public_id="1003", short_name="Кеды", variants=0)
    variant = VariantFactory(product=product, public_id="1003-42", article="K-42")
    VariantOption.objects.create(variant=variant, code="size", name="Размер", string_value="42")
    VariantPriceFactory(variant=variant, value=Decimal("1990.50"))
    VariantPriceFactory(variant=variant, price_type=price_type("OLD"), value=Decimal("2490"))
    BarcodeFactory(variant=variant, value="4600000000042")
    StockLevelFactory(variant=variant, warehouse=WarehouseFactory(code="WH1"), total=Decimal("7"))

    form = admin_client.get("/admin/catalog/variant/export/").context["form"]
    ticked = {name: "on" for name, field in form.fields.items() if getattr(field, "is_selectable_field", False)}
    response = admin_client.post("/admin/catalog/variant/export/", {**ticked, "format": CSV, "resource": "0"})
    assert response.status_code == 200
    row = tablib.Dataset().load(response.content.decode("utf-8-sig"), format="csv").dict[0]
    retail, old = price_type("RETAIL").code, price_type("OLD").code
    assert row["Код варианта"] == "1003-42" and row["Код продукта"] == "1003" and row["Артикул"] == "K-42"
    assert row["Опции"] == "Размер: 42"
    assert row[f"Цена {retail}"] == "1990.5" and row[f"Цена {old}"] == "2490"
    assert row["Штрихкоды"] == "4600000000042"
    assert row["Остаток WH1"] == "7"
