from decimal import Decimal

import pytest

from catalog.models import HistoryEvent, Product, Variant
from inventory.models import StockLevel
from tests.factories import (
    AttributeFactory,
    BarcodeFactory,
    CollectionFactory,
    FeatureFactory,
    ProductFactory,
    StockLevelFactory,
    VariantOptionFactory,
    VariantPriceFactory,
    WarehouseFactory,
    price_type,
)

from .helpers import assert_error_envelope, snapshot_counts

pytestmark = pytest.mark.django_db

PRODUCT_KEYS = {
    "id",
    "extId",
    "extId2",
    "extId3",
    "extId4",
    "extId5",
    "shortName",
    "description",
    "tnvedCode",
    "internationalDescription",
    "additionalDescriptions",
    "available",
    "deleted",
    "brandName",
    "countryOfOrigin",
    "isBestseller",
    "isNovelty",
    "type",
    "vat",
    "reviewScore",
    "options",
    "images",
    "useBatchAccounting",
    "expirationMode",
    "expirationMonthsLimit",
    "warranty",
    "warehouseCategoryCode",
    "warehouseCategoryTitle",
    "manufacturedBy",
    "composition",
    "variants",
    "collections",
    "attributes",
    "accountingAttributes",
    "eshopSettings",
}
VARIANT_KEYS = {
    "id",
    "extId",
    "extId2",
    "extId3",
    "extId4",
    "extId5",
    "article",
    "price",
    "oldPrice",
    "isFfSynchronised",
    "ffSyncError",
    "isPhysicalSet",
    "isFfPhysicalSetSynchronized",
    "ffPhysicalSetSyncError",
    "discountPercent",
    "discountFix",
    "bundleOptionalCount",
    "autoPriceCalculation",
    "autoDimensionsCalculation",
    "prices",
    "stock",
    "ordering",
    "defaultImage",
    "weight",
    "dimensions",
    "weightFact",
    "dimensionsFact",
    "canBeRotated",
    "barcodes",
    "optionsUsed",
    "eshopSettings",
}

# The spec's example request of POST /api/lite/products (comments removed, ids of our fixtures).
SPEC_PRODUCT = {
    "id": "1015",
    "extId": "FAQ-D-000112",
    "extId2": None,
    "shortName": "Limited Edition Паста (помада) для укладки волос Bro Cosmetics // средняя фиксация, матовый эффект",
    "description": "Limited Edition Паста (помада) для укладки волос Bro Cosmetics // средняя фиксация, матовый эффект",
    "additionalDescriptions": [{"title": "some title", "description": "some description"}],
    "available": True,
    "deleted": False,
    "brandName": None,
    "countryOfOrigin": None,
    "tnvedCode": "123",
    "internationalDescription": "abc",
    "isBestseller": None,
    "isNovelty": None,
    "type": "SKU",
    "vat": "NO_VAT",
    "collections": ["1029", "1031"],
    "attributes": [{"code": "material", "stringValue": "Хлопок 97%, эластан 3%"}],
}


@pytest.fixture
def dictionaries():
    CollectionFactory(public_id="1029")
    CollectionFactory(public_id="1031")
    AttributeFactory(code="material", title="Материал")
    return WarehouseFactory(code="9a84e96f-3e8c-8f74-3b7a-50a1d3c2a130", is_default=True)


def test_list_answers_the_spec_shape(api, dictionaries):
    product = ProductFactory(public_id="1000", short_name="Кактус Эуфобия Триангуларис", vat="VAT_20")
    variant = product.variants.get()
    VariantPriceFactory(variant=variant, value=Decimal("2190"))
    VariantPriceFactory(variant=variant, price_type=price_type("OLD"), value=Decimal("1590"))
    BarcodeFactory(variant=variant, value="42353456345345")
    StockLevelFactory(variant=variant, warehouse=dictionaries, total=Decimal("111"))

    body = api.get("/api/lite/products").json()

    assert body["success"] is True and body["recordsTotal"] == 1
    [doc] = body["products"]
    assert PRODUCT_KEYS <= set(doc)
    assert doc["id"] == "1000" and doc["shortName"] == "Кактус Эуфобия Триангуларис" and doc["vat"] == "VAT_20"
    [v] = doc["variants"]
    assert VARIANT_KEYS <= set(v)
    assert v["price"] == 2190 and v["oldPrice"] == 1590
    assert v["prices"] == [
        {"priceCode": "Розничная цена", "priceName": "Розничная цена", "value": 2190},
        {"priceCode": "Цена до скидки", "priceName": "Цена до скидки", "value": 1590},
    ]
    assert v["stock"][0]["warehouseCode"] == "9a84e96f-3e8c-8f74-3b7a-50a1d3c2a130"
    assert (v["stock"][0]["stockTotal"], v["stock"][0]["stockAvailable"], v["stock"][0]["stockReserved"]) == (
        111,
        111,
        0,
    )
    assert v["barcodes"] == [{"value": "42353456345345", "isDefault": True, "type": "COMMON"}]
    assert v["weight"] == 500 and isinstance(v["ordering"], str)


def test_list_pages_with_default_100_and_cuts_size_to_100(api):
    for _ in range(3):
        ProductFactory()

    assert api.get("/api/lite/products?size=2&page=1").json()["products"].__len__() == 1
    body = api.get("/api/lite/products?size=2&page=1").json()
    assert body["recordsTotal"] == 3


def test_list_size_is_capped(api, django_assert_max_num_queries):
    Product.objects.bulk_create([Product(public_id=f"B{i}", short_name=f"bulk {i}") for i in range(105)])
    body = api.get("/api/lite/products?size=500").json()
    assert len(body["products"]) == 100 and body["recordsTotal"] == 105
    stock_body = api.get("/api/lite/products?only_stock=true&size=5000").json()
    assert len(stock_body["products"]) == 105


def test_only_stock_answers_the_minimal_shape(api, dictionaries):
    product = ProductFactory(public_id="1000")
    StockLevelFactory(variant=product.variants.get(), warehouse=dictionaries, total=10, reserved=2)

    [doc] = api.get("/api/lite/products?only_stock=true").json()["products"]

    assert set(doc) == {"id", "extId", "extId2", "extId3", "extId4", "extId5", "variants"}
    [v] = doc["variants"]
    assert set(v) == {"id", "extId", "extId2", "extId3", "extId4", "extId5", "stock"}
    assert v["stock"] == [
        {
            "warehouseCode": dictionaries.code,
            "stockTotal": 10,
            "stockAvailable": 8,
            "stockReserved": 2,
            "stockDefective": 0,
            "stockDefectiveReserved": 0,
        }
    ]


def test_query_id_collections_deleted_and_order_filter_the_list(api):
    shoes = CollectionFactory(public_id="1007")
    polo = ProductFactory(public_id="p1", short_name="Поло синее")
    polo.collections.add(shoes)
    ProductFactory(public_id="p2", short_name="Шорты")
    ProductFactory(public_id="p3", short_name="Поло архив", deleted=True)
    article_match = ProductFactory(public_id="p4", short_name="Кепка")
    Variant.objects.filter(product=article_match).update(article="POLO-CAP")

    def ids(query):
        return [p["id"] for p in api.get(f"/api/lite/products?{query}").json()["products"]]

    assert ids("query=поло") == ["p1"]
    assert ids("query=polo-cap") == ["p4"]
    assert ids("query=Поло&deleted=true") == ["p1", "p3"]
    assert ids("id=p2") == ["p2"]
    assert ids("collections=1007,9999") == ["p1"]
    assert ids("order=shortname+asc") == ["p4", "p1", "p2"]
    assert ids("order=shortname desc") == ["p2", "p1", "p4"]


@pytest.mark.parametrize(
    "query", ["page=-1", "size=0", "size=abc", "order=price+asc", "order=shortname+sideways", "deleted=maybe"]
)
def test_bad_list_parameters_are_400(api, query):
    assert_error_envelope(api.get(f"/api/lite/products?{query}"), 400)


def test_a_page_of_100_products_costs_a_constant_number_of_queries(api, django_assert_max_num_queries):
    warehouse = WarehouseFactory()
    FeatureFactory(code="size", title="Размер")
    for _ in range(100):
        product = ProductFactory(variants=2)
        for variant in product.variants.all():
            VariantPriceFactory(variant=variant)
            BarcodeFactory(variant=variant)
            StockLevelFactory(variant=variant, warehouse=warehouse)
            VariantOptionFactory(variant=variant, code="size", string_value=variant.public_id)
            VariantOptionFactory(variant=variant, code="not-in-the-dictionary", string_value="x")

    with django_assert_max_num_queries(17):
        body = api.get("/api/lite/products?size=100").json()
    assert len(body["products"]) == 100


def test_post_creates_a_product_with_one_variant_and_answers_short(api, dictionaries):
    response = api.post("/api/lite/products", SPEC_PRODUCT, format="json")

    assert response.status_code == 200
    assert response.json() == {"success": True, "id": "1015"}
    product = Product.objects.get(public_id="1015")
    assert product.variants.count() == 1
    assert sorted(product.collections.values_list("public_id", flat=True)) == ["1029", "1031"]
    assert product.attribute_values.get().string_value == "Хлопок 97%, эластан 3%"


def test_post_without_id_generates_a_decimal_id(api):
    response = api.post("/api/lite/products", {"shortName": "Новый"}, format="json")

    new_id = response.json()["id"]
    assert new_id.isdigit()
    assert Product.objects.get(public_id=new_id).short_name == "Новый"


def test_detailed_answer_when_the_setting_asks_for_it(api, dictionaries, settings):
    settings.API_PRODUCTS_RETURN_DETAILS = True

    body = api.post("/api/lite/products", SPEC_PRODUCT, format="json").json()

    assert body["success"] is True and body["id"] == "1015"
    assert body["product"]["shortName"] == SPEC_PRODUCT["shortName"]
    assert body["product"]["collections"] == ["1029", "1031"]
    assert body["product"]["attributes"][0]["code"] == "material"


def test_post_replaces_every_field_and_clears_absent_ones(api, dictionaries):
    api.post("/api/lite/products", SPEC_PRODUCT, format="json")

    api.post("/api/lite/products", {"id": "1015", "shortName": "Только имя"}, format="json")

    product = Product.objects.get(public_id="1015")
    assert product.short_name == "Только имя"
    assert product.ext_id is None and product.tnved_code is None and product.vat == "NO_VAT"
    assert product.collections.count() == 0 and product.attribute_values.count() == 0
    assert product.additional_descriptions.count() == 0
    assert product.variants.count() == 1


def test_patch_changes_only_the_given_fields(api, dictionaries):
    api.post("/api/lite/products", SPEC_PRODUCT, format="json")

    response = api.patch(
        "/api/lite/products",
        {
            "id": "1015",
            "shortName": "Limited Edition Паста (помада) для укладки волос",
            "internationalDescription": "abc",
        },
        format="json",
    )

    assert response.json() == {"success": True, "id": "1015"}
    product = Product.objects.get(public_id="1015")
    assert product.short_name == "Limited Edition Паста (помада) для укладки волос"
    assert product.ext_id == "FAQ-D-000112" and product.collections.count() == 2


def test_patch_needs_an_existing_id(api):
    assert_error_envelope(api.patch("/api/lite/products", {"shortName": "x"}, format="json"), 400)
    assert_error_envelope(api.patch("/api/lite/products", {"id": "nope", "shortName": "x"}, format="json"), 404)


def test_variants_to_update_are_reported_even_in_the_short_answer(api, dictionaries):
    product = ProductFactory(public_id="1002")
    variant = product.variants.get()

    body = api.post(
        "/api/lite/products",
        {
            "id": "1002",
            "shortName": "Поло",
            "variantsToUpdate": [
                {
                    "productId": "1002",
                    "variantId": variant.public_id,
                    "article": "well done",
                    "prices": [
                        {"priceCode": "Розничная цена", "value": 6000},
                        {"priceCode": "Цена до скидки", "value": 6500},
                    ],
                    "stock": [{"warehouseCode": dictionaries.code, "stockTotal": 111}],
                    "updateStockTotal": True,
                    "dimensions": {"height": 30, "width": 31, "depth": 32},
                    "optionsUsed": [{"code": "color", "stringValue": "синий", "decimalValue": None, "name": "Цвет"}],
                },
                {"productId": "1002", "variantId": "100343", "article": "x"},
            ],
        },
        format="json",
    ).json()

    assert body["success"] is True and body["id"] == "1002" and "product" not in body
    assert body["variantsResult"] == [
        {"success": True, "productId": "1002", "variantId": variant.public_id},
        {
            "success": False,
            "productId": "1002",
            "variantId": "100343",
            "errors": [{"code": 0, "message": "Вариант с указанным id не найден"}],
        },
    ]
    variant.refresh_from_db()
    assert variant.article == "well done" and variant.height == 30
    assert StockLevel.objects.get(variant=variant).total == 111
    assert not Variant.objects.filter(public_id="100343").exists()


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (
            {"id": "№1015", "shortName": "x"},
            'Заданный ID продукта "№1015" не соответствует требованиям: ID должен содержать только цифры, латиницу, '
            "тире, подчеркивание, #, или точку ",
        ),
        ({"id": "1015", "collections": ["404"]}, "Коллекция с id «404» не найдена"),
        ({"id": "1015", "attributes": [{"code": "ghost", "stringValue": "x"}]}, "Атрибут с кодом «ghost» не найден"),
    ],
)
def test_invalid_product_is_rejected_and_changes_nothing(api, dictionaries, payload, message):
    before = snapshot_counts()

    assert_error_envelope(api.post("/api/lite/products", payload, format="json"), 400, message)

    assert snapshot_counts() == before


@pytest.mark.parametrize(
    "payload",
    [
        {"shortName": ["not", "a", "string"]},
        {"available": "perhaps"},
        {"type": "CAR"},
        {"vat": 20},
        {"collections": "1029"},
        {"variantsToUpdate": [{"variantId": "v1", "weight": "heavy"}]},
        {"variantsToUpdate": [{"variantId": "v1", "prices": [{"priceCode": "Розничная цена", "value": -5}]}]},
        {"shortName": "x" * 501},
        [],
    ],
)
def test_wrong_types_are_400_and_change_nothing(api, payload):
    before = snapshot_counts()

    assert_error_envelope(api.post("/api/lite/products", payload, format="json"), 400)

    assert snapshot_counts() == before


def test_wrong_attribute_type_is_a_clear_error(api):
    AttributeFactory(code="density", type="decimal")

    body = assert_error_envelope(
        api.post(
            "/api/lite/products",
            {"id": "x1", "attributes": [{"code": "density", "stringValue": "плотный"}]},
            format="json",
        ),
        400,
    )
    assert "density" in body["errors"][0]["message"]
    assert not Product.objects.filter(public_id="x1").exists()


def test_copy_answers_the_new_id_and_copies_variants_without_barcodes(api):
    product = ProductFactory(public_id="1234", variants=2)
    for variant in product.variants.all():
        VariantPriceFactory(variant=variant)
        BarcodeFactory(variant=variant)

    response = api.post("/api/lite/products/copy", {"id": "1234"}, format="json")

    assert response.json() == {"success": True, "id": "1234-copy"}
    copy = Product.objects.get(public_id="1234-copy")
    assert copy.variants.count() == 2
    assert all(v.prices.count() == 1 and v.barcodes.count() == 0 for v in copy.variants.all())
    assert api.post("/api/lite/products/copy", {"id": "1234"}, format="json").json()["id"] == "1234-copy2"


def test_copy_of_an_unknown_product_is_404(api):
    assert_error_envelope(api.post("/api/lite/products/copy", {"id": "ghost"}, format="json"), 404)
    assert_error_envelope(api.post("/api/lite/products/copy", {}, format="json"), 400)


def test_every_write_appends_a_history_event_with_source_user_and_endpoint(api, dictionaries):
    api.post("/api/lite/products", SPEC_PRODUCT, format="json")
    api.patch("/api/lite/products", {"id": "1015", "shortName": "Новое имя"}, format="json")

    events = list(HistoryEvent.objects.filter(product_public_id="1015").order_by("created_at", "id"))
    assert [e.source_action for e in events] == ["POST /products", "PATCH /products"]
    assert all(e.change_source == "API" and e.user_login == "api:tests" for e in events)
    assert events[-1].snapshot["shortName"] == "Новое имя"


@pytest.mark.parametrize("vat", ["VAT_5", "VAT_7"])
def test_the_2025_vat_rates_are_written_and_answered(api, vat):
    response = api.post("/api/lite/products", {"id": "vat1", "shortName": "Хлеб", "vat": vat}, format="json")
    assert response.status_code == 200, response.content
    assert Product.objects.get(public_id="vat1").vat == vat
    [product] = api.get("/api/lite/products?ids=vat1").json()["products"]
    assert product["vat"] == vat and product["variants"][0]["vat"] == vat

    response = api.patch("/api/lite/products", {"id": "vat1", "vat": "VAT_20"}, format="json")
    assert response.status_code == 200 and Product.objects.get(public_id="vat1").vat == "VAT_20"


def test_the_private_document_answers_the_products_option_dictionary(api):
    # given a product whose variants use two options, one of them in the dictionary, with a value order set
    FeatureFactory(code="size", title="Размер", title_plural="Размеры")
    product = ProductFactory(public_id="p-opt", variants=3)
    variants = list(product.variants.order_by("ordering", "id"))
    for variant, size in zip(variants, ["M", "L", "S"], strict=True):
        VariantOptionFactory(variant=variant, code="size", string_value=size)
    VariantOptionFactory(
        variant=variants[0], code="coef", name="Коэффициент", string_value=None, decimal_value=Decimal("1.5")
    )
    api.post(
        "/api/lite/product/options/reorder",
        {"productId": "p-opt", "options": [{"code": "size", "values": ["S", "M", "L"]}]},
        format="json",
    )

    # when the product is read through the private API
    doc = api.get("/api/lite/products?id=p-opt").json()["products"][0]

    # then `options` is the dictionary of the options its variants use (not null), as the public document has it
    assert doc["options"] == [
        {"id": "size", "name": "Размер", "name_plural": "Размеры", "values": ["S", "M", "L"]},
        {"id": "coef", "name": "Коэффициент", "name_plural": "Коэффициент", "values": [1.5]},
    ]
    assert api.get("/api/lite/products?id=p-opt").json()["products"][0]["options"] == doc["options"]


def test_a_product_without_options_answers_options_null(api):
    ProductFactory(public_id="plain", variants=1)

    assert api.get("/api/lite/products?id=plain").json()["products"][0]["options"] is None
