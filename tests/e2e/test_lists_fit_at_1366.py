"""Issue 20: every list a manager works in fits at 1366 px with the sidebar open (no hidden last column),
checked with a filled row in each; screenshots at 1366 and 1920 px in tests/e2e/screenshots/."""

from decimal import Decimal

import pytest

from inventory.models import Lot, UniqueNumber
from inventory.services import ReservationItem, reserve_stock, set_stock_totals
from reviews.models import Review
from tests.factories import (
    BarcodeFactory,
    HistoryEventFactory,
    ProductFactory,
    VariantFactory,
    VariantOptionFactory,
    VariantPriceFactory,
)
from tests.reviews.factories import ReviewFactory

from .budget import screenshots_at_both_widths
from .conftest import PASSWORD, log_in

pytest.importorskip("playwright.sync_api")

LISTS = [
    "catalog/product",
    "catalog/variant",
    "catalog/historyevent",
    "inventory/stocklevel",
    "inventory/stockmovement",
    "inventory/lot",
    "inventory/reservation",
    "inventory/uniquenumber",
    "inventory/warehouse",
    "reviews/review",
    "wms/variantsyncstate",
]


def test_the_lists_fit_at_1366_with_the_sidebar_open(page, shop):
    from django.contrib.auth.models import User

    User.objects.create_superuser("boss", "b@shop.ru", PASSWORD)
    warehouse = shop["warehouse"]
    product = ProductFactory(
        short_name="Кроссовки беговые «Ветер» мужские, сетка, чёрные", brand_name="Adidas", variants=0
    )
    variant = VariantFactory(product=product, article="ADI-RUN-BLK-42", ff_sync_error="Нет штрихкода в WMS")
    VariantOptionFactory(variant=variant, string_value="42")
    VariantPriceFactory(variant=variant, value=Decimal("12990"))
    BarcodeFactory(variant=variant, value="4600000000417")
    set_stock_totals(entries=[(variant.pk, warehouse.pk, Decimal(12))], source="API", reason="Поставка от 01.12")
    reserve_stock(order_id="ORDER-2026-000123", items=[ReservationItem(variant.public_id, warehouse.code, Decimal(1))])
    Lot.objects.create(variant=variant, warehouse=warehouse, number="LOT-2026-11-A", quantity=Decimal(12))
    UniqueNumber.objects.create(variant=variant, number="010460000000041721ABCDEFGHIJKLM")
    HistoryEventFactory(product=product, change_source="USER", source_action="admin: изменение товара")
    ReviewFactory(product=product, content="Лёгкие и удобные, бегаю каждый день. " * 4, status=Review.Status.NEW)
    base = shop["url"]
    log_in(page, base, "boss")
    page.wait_for_url(f"{base}/admin/")

    hidden = {}
    for name in LISTS:
        page.set_viewport_size({"width": 1366, "height": 900})
        response = page.goto(f"{base}/admin/{name}/")
        assert response.status == 200, name
        hidden[name] = screenshots_at_both_widths(page, f"list-{name.replace('/', '-')}")
    assert {name: px for name, px in hidden.items() if any(px.values())} == {}
