"""The private product document, byte for byte, for products with every relation filled.

The expected answers in tests/catalog/data/rich_documents.json were written on 2026-12-04 by the builders of
then (prefetched model instances), before the documents were built from `.values_list()` rows: they are the
reference the row builders must keep, independent of the code under test. A change to the document's shape
updates that file on purpose (and says so in its commit)."""

import json
from decimal import Decimal
from pathlib import Path

import orjson
import pytest

from catalog.documents import load_documents
from catalog.models import (
    AccountingAttribute,
    AdditionalDescription,
    Barcode,
    Collection,
    Eshop,
    Feature,
    PriceType,
    Product,
    ProductAccountingAttribute,
    ProductAttribute,
    ProductEshopSetting,
    ProductImage,
    ProductOptionOrder,
    Variant,
    VariantEshopSetting,
    VariantOption,
    VariantPrice,
)
from config.kernel.encoding import dumps
from inventory.models import StockLevel, Warehouse
from tests.factories.catalog import AttributeFactory, price_type

EXPECTED = Path(__file__).parent / "data" / "rich_documents.json"

pytestmark = pytest.mark.django_db


def _rich_catalog() -> list[Product]:
    """Three products: one with every relation (several rows each, in an order that is not the insertion
    order), one with nulls and decimal options only, one with nothing but its own fields."""
    retail, old = price_type("RETAIL"), price_type("OLD")
    wholesale = PriceType.objects.create(code="Оптовая", name="Оптовая цена", role="OTHER")
    main = Warehouse.objects.create(code="wh-main", name="Основной", city="Москва")
    second = Warehouse.objects.create(code="wh-second", name="Второй", city="Казань")
    third = Warehouse.objects.create(code="wh-third", name="Третий", city="Тула")
    ozon = Eshop.objects.create(public_id="eshop-ozon", type="OZON", name="Озон")
    beru = Eshop.objects.create(public_id="eshop-beru", type="BERU", name="Беру")
    Feature.objects.create(public_id="F-size", code="size", title="Размер", title_plural="Размеры")
    Feature.objects.create(public_id="F-vol", code="volume", title="Объём")  # no plural title
    colour = AttributeFactory(code="colour", type="string")
    length = AttributeFactory(code="length", type="decimal")
    inn = AccountingAttribute.objects.create(public_id="acc-1", code="inn", title="ИНН")
    okpd = AccountingAttribute.objects.create(public_id="acc-2", code="okpd", title="ОКПД")
    late = Collection.objects.create(public_id="col-late", name="Поздняя", ordering=5)
    early = Collection.objects.create(public_id="col-early", name="Ранняя", ordering=1)

    rich = Product.objects.create(
        public_id="rich",
        ext_id="e1",
        ext_id2="e2",
        ext_id3="e3",
        ext_id4="e4",
        ext_id5="e5",
        short_name="Кофта «Зима»",
        human_id="H-1",
        full_name="Кофта шерстяная «Зима»",
        description="Тёплая\nкофта",
        tnved_code="6110",
        international_description="Warm sweater",
        available=False,
        box_needed=True,
        brand_name="Бренд",
        country_of_origin="Россия",
        is_bestseller=True,
        is_novelty=False,
        is_catch_weight=True,
        type="PHYSICAL_SET",
        vat="VAT_20",
        review_score=Decimal("4.50"),
        use_batch_accounting=True,
        expiration_mode="USE_EXPIRATION",
        expiration_months_limit=18,
        warranty=12,
        manufactured_by="Фабрика",
        composition="шерсть 80%",
        warehouse_category_code="WC-1",
        warehouse_category_title="Одежда",
        # keys in jsonb's order (by length): SQLite keeps the order given, PostgreSQL its own
        subscription_info={"note": None, "plans": [{"name": "месяц", "price": 99.5}], "period": 30},
    )
    rich.collections.set([late, early])
    AdditionalDescription.objects.create(product=rich, title="Уход", description="Стирка 30°", position=2)
    AdditionalDescription.objects.create(product=rich, title="Состав", description="Шерсть", position=1)
    ProductImage.objects.create(public_id="img-b", product=rich, file="images/ri/b.jpg", pos=Decimal("20"))
    ProductImage.objects.create(
        public_id="img-a",
        product=rich,
        file="images/ri/a.jpg",
        pos=Decimal("10.5"),
        renditions={"1200": "images/ri/a_1200.jpg", "200": "images/ri/a_200.jpg", "orig": "images/ri/a_o.jpg"},
    )
    ProductAttribute.objects.create(product=rich, attribute=length, decimal_value=Decimal("12.500"), ordering=2)
    ProductAttribute.objects.create(product=rich, attribute=colour, string_value="синий", ordering=1)
    ProductAccountingAttribute.objects.create(product=rich, attribute=okpd, string_value="14.39")
    ProductAccountingAttribute.objects.create(product=rich, attribute=inn, string_value="7700000000")
    ProductEshopSetting.objects.create(product=rich, eshop=ozon, enabled=False, ext_id="oz-1")
    ProductEshopSetting.objects.create(product=rich, eshop=beru)
    ProductOptionOrder.objects.create(product=rich, code="size", value="L", position=1)
    ProductOptionOrder.objects.create(product=rich, code="size", value="M", position=2)

    second_variant = Variant.objects.create(
        public_id="rich-v2", product=rich, article="ART-2", ordering=Decimal("2"), weight=Decimal("0.250")
    )
    first_variant = Variant.objects.create(
        public_id="rich-v1",
        product=rich,
        ext_id="ve1",
        ext_id2="ve2",
        ext_id3="ve3",
        ext_id4="ve4",
        ext_id5="ve5",
        article="ART-1",
        ordering=Decimal("1.5"),
        default_image="img-a",
        weight=Decimal("480.5"),
        height=Decimal("10"),
        width=None,
        depth=Decimal("3.25"),
        weight_fact=Decimal("481"),
        height_fact=Decimal("11"),
        width_fact=Decimal("4"),
        depth_fact=Decimal("3"),
        can_be_rotated=False,
        is_ff_synchronised=True,
        ff_sync_error="нет связи",
        is_physical_set=True,
        is_ff_physical_set_synchronized=True,
        ff_physical_set_sync_error="ошибка",
        discount_percent=Decimal("7.5"),
        discount_fix=Decimal("10"),
        discount_type="PERCENT",
        discount_value=Decimal("7.50"),
        bundle_optional_count=2,
        auto_price_calculation=True,
        auto_dimensions_calculation=True,
    )
    for variant, base in ((first_variant, Decimal("1990.90")), (second_variant, Decimal("100"))):
        VariantPrice.objects.create(variant=variant, price_type=wholesale, value=base - 100)
        VariantPrice.objects.create(variant=variant, price_type=old, value=base + 500)
        VariantPrice.objects.create(variant=variant, price_type=retail, value=base)
    Barcode.objects.create(variant=first_variant, value="4600000000001", is_default=False, type="EAN13")
    Barcode.objects.create(variant=first_variant, value="4600000000002", is_default=True)
    VariantOption.objects.create(variant=first_variant, code="size", name="Размер", string_value="M")
    VariantOption.objects.create(variant=first_variant, code="cut", name="Крой", string_value="прямой")
    VariantOption.objects.create(variant=second_variant, code="size", string_value="L")
    VariantOption.objects.create(variant=second_variant, code="cut", name="Крой", string_value="прямой")
    VariantEshopSetting.objects.create(variant=first_variant, eshop=beru, zero_stock=True, ext_id="b-1")
    VariantEshopSetting.objects.create(variant=first_variant, eshop=ozon, enabled=False)
    StockLevel.objects.create(variant=first_variant, warehouse=third, total=Decimal("3"), reserved=Decimal("5"))
    StockLevel.objects.create(
        variant=first_variant,
        warehouse=main,
        total=Decimal("10.5"),
        reserved=Decimal("2"),
        defective=Decimal("1"),
        defective_reserved=Decimal("0.5"),
    )
    StockLevel.objects.create(variant=first_variant, warehouse=second, total=Decimal("0"), reserved=Decimal("0"))
    StockLevel.objects.create(variant=second_variant, warehouse=second, total=Decimal("7"), reserved=Decimal("0"))

    decimals = Product.objects.create(public_id="decimals", short_name="Краска", human_id=None, full_name=None)
    decimals.collections.set([early])
    for ordering, (volume, price) in enumerate(((Decimal("0.5"), Decimal("99.99")), (Decimal("2"), None))):
        variant = Variant.objects.create(
            public_id=f"decimals-v{ordering}", product=decimals, article=None, ordering=ordering, weight=None
        )
        VariantOption.objects.create(variant=variant, code="volume", decimal_value=volume)
        if price is not None:
            VariantPrice.objects.create(variant=variant, price_type=retail, value=price)
        StockLevel.objects.create(variant=variant, warehouse=main, total=Decimal("1.000"), reserved=Decimal("0"))

    bare = Product.objects.create(public_id="bare", short_name="")
    return [rich, decimals, bare]


def _pretty(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1)


def _answers(api, products: list[Product]) -> dict:
    """What the tests compare: the documents of load_documents (product history's snapshots) as
    config.kernel.encoding.dumps writes them, and the private listing's answers, full and only_stock."""
    documents = load_documents([p.pk for p in reversed(products)])
    listing = api.get("/api/lite/products?deleted=true&order=id+asc")
    stock = api.get("/api/lite/products?deleted=true&order=id+asc&only_stock=true")
    assert listing.status_code == stock.status_code == 200
    return {
        "load_documents": dumps([documents[p.pk] for p in products]),
        "listing": listing.content,
        "only_stock": stock.content,
    }


def test_documents_of_rich_products_are_byte_identical_to_the_reference(api):
    products = _rich_catalog()

    answers = _answers(api, products)

    expected = json.loads(EXPECTED.read_text())
    for name, body in answers.items():
        # The reference is stored indented for review; orjson writes it back as the API's bytes (same key
        # order, same number spelling).
        assert body == orjson.dumps(expected[name]), name
    # The reference itself holds what the fixture filled (so a broken fixture cannot pass by emptiness).
    rich = expected["load_documents"][0]
    assert rich["subscriptionInfo"]["period"] == 30 and rich["images"][0]["renditions"]
    assert [s["warehouseCode"] for s in rich["variants"][0]["stock"]] == ["wh-main", "wh-second", "wh-third"]
    assert rich["options"] and rich["attributes"] and rich["accountingAttributes"] and rich["eshopSettings"]
    assert expected["load_documents"][2]["variants"] == [] and expected["load_documents"][2]["images"] is None
