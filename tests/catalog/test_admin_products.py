import pytest

from catalog.models import Barcode, HistoryEvent, Product
from tests.admin_forms import management
from tests.factories import BarcodeFactory, ProductFactory, price_type
from tests.factories.catalog import EshopFactory

pytestmark = pytest.mark.django_db


def product_form(**fields):
    data = {
        "public_id": "",
        "short_name": "Футболка из админки",
        "description": "",
        "type": "SKU",
        "vat": "VAT_20",
        "available": "on",
        "expiration_mode": "NO_EXPIRATION",
    }
    data.update(fields)
    for prefix in [
        "variants",
        "images",
        "attribute_values",
        "accounting_values",
        "additional_descriptions",
        "eshop_settings",
        "history_events",
    ]:
        data.update(management(prefix))
    return data


def test_manager_creates_a_product_in_the_admin_and_history_says_user(manager_client):
    data = product_form(public_id="adm1")
    data.update(management("additional_descriptions", total=1))
    data.update({"additional_descriptions-0-title": "Уход", "additional_descriptions-0-description": "Стирать при 30°"})

    response = manager_client.post("/admin/catalog/product/add/", data)

    assert response.status_code == 302, response.content.decode()[:3000]
    product = Product.objects.get(public_id="adm1")
    assert product.short_name == "Футболка из админки" and product.vat == "VAT_20"
    assert product.variants.count() == 1
    assert product.additional_descriptions.get().title == "Уход"
    event = HistoryEvent.objects.get(product=product)
    assert (event.change_source, event.user_login, event.source_action) == ("USER", "manager", "admin: создание товара")


def test_changing_a_product_in_the_admin_goes_through_the_service(manager_client):
    product = ProductFactory(public_id="adm2", short_name="Старое имя")

    response = manager_client.post(
        f"/admin/catalog/product/{product.pk}/change/", product_form(short_name="Новое имя", brand_name="Levi's")
    )

    assert response.status_code == 302
    product.refresh_from_db()
    assert product.short_name == "Новое имя" and product.brand_name == "Levi's"
    assert HistoryEvent.objects.get(product=product).snapshot["shortName"] == "Новое имя"


def test_sales_channel_settings_are_edited_on_the_product_page_through_the_service(manager_client):
    product = ProductFactory(public_id="adm4")
    eshop = EshopFactory(name="Ozon")
    data = product_form(short_name="Кеды")
    data.update(management("eshop_settings", total=1))
    data.update(
        {"eshop_settings-0-eshop": str(eshop.pk), "eshop_settings-0-enabled": "on", "eshop_settings-0-ext_id": "OZ-1"}
    )

    response = manager_client.post(f"/admin/catalog/product/{product.pk}/change/", data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert [(s.eshop_id, s.enabled, s.ext_id) for s in product.eshop_settings.all()] == [(eshop.pk, True, "OZ-1")]
    snapshot = HistoryEvent.objects.get(product=product).snapshot
    assert [(s["eshopId"], s["extId"]) for s in snapshot["eshopSettings"]] == [(eshop.public_id, "OZ-1")]


def test_variant_page_edits_prices_and_barcodes_and_refuses_a_taken_barcode(manager_client):
    product = ProductFactory(public_id="adm3")
    variant = product.variants.get()
    BarcodeFactory(value="4600000000001")  # belongs to another product
    base = {
        "article": "ART-1",
        "ordering": "1",
        "weight": "500",
        "discount_percent": "0",
        "discount_fix": "0",
        "bundle_optional_count": "0",
        **management("prices", total=1),
        "prices-0-price_type": str(price_type("RETAIL").pk),
        "prices-0-value": "990",
        **management("options"),
        **management("stock_levels"),
    }

    ok = manager_client.post(
        f"/admin/catalog/variant/{variant.pk}/change/",
        {**base, **management("barcodes", total=1), "barcodes-0-value": "4601111111111", "barcodes-0-type": "COMMON"},
    )
    taken = manager_client.post(
        f"/admin/catalog/variant/{variant.pk}/change/",
        {**base, **management("barcodes", total=1), "barcodes-0-value": "4600000000001", "barcodes-0-type": "COMMON"},
    )

    assert ok.status_code == 302
    variant.refresh_from_db()
    assert variant.article == "ART-1" and variant.prices.get().value == 990
    assert list(variant.barcodes.values_list("value", flat=True)) == ["4601111111111"]
    assert taken.status_code == 200  # the form is shown again with the error
    assert Barcode.objects.get(value="4600000000001").variant != variant
    assert HistoryEvent.objects.filter(product=product, change_source="USER").count() == 1


def test_bulk_actions_hide_and_archive_with_history(manager_client):
    products = [ProductFactory() for _ in range(3)]
    ids = [str(p.pk) for p in products]

    manager_client.post("/admin/catalog/product/", {"action": "make_hidden", "_selected_action": ids})
    manager_client.post("/admin/catalog/product/", {"action": "archive", "_selected_action": ids[:1]})

    assert Product.objects.filter(available=False).count() == 3
    assert Product.objects.filter(deleted=True).count() == 1
    assert HistoryEvent.objects.filter(change_source="USER").count() == 4


def test_product_list_searches_by_barcode_and_article(manager_client):
    product = ProductFactory(short_name="Искомый")
    BarcodeFactory(variant=product.variants.get(), value="4607043102393")
    ProductFactory(short_name="Другой")

    page = manager_client.get("/admin/catalog/product/?q=4607043102393").content.decode()

    assert "Искомый" in page and "Другой" not in page
