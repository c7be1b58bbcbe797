"""Each answer has exactly the keys its OpenAPI component declares, at every level.

The answers of the product, variant and batch endpoints are built from TypedDicts (catalog/document_shapes.py,
catalog/api/views.py) and their components derived from the same classes: a key written by the code but not
declared (or declared but never written) fails here, on real answers from the real endpoints. The data below
is rich enough that every optional key appears somewhere, so "declared but never written" is caught too.
"""

from decimal import Decimal
from functools import cache

import pytest
from drf_spectacular.generators import SchemaGenerator

from catalog.models import AccountingAttribute, Product, ProductImage, Variant
from tests.factories import AttributeFactory, CollectionFactory, EshopFactory, StockLevelFactory, WarehouseFactory
from tests.openapi_answers import assert_conforms

from .helpers import assert_error_envelope

pytestmark = pytest.mark.django_db


@cache
def _schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def _component(name: str) -> dict:
    return _schema()["components"]["schemas"][name]


def _answer_schema(path: str, method: str, status: int = 200) -> dict:
    return _schema()["paths"][path][method]["responses"][str(status)]["content"]["application/json"]["schema"]


class KeyCheck:
    """Walks an answer along its schema: every object's keys are among the component's properties and
    include its required ones; `complete()` then asserts each component met was seen with all its keys."""

    def __init__(self):
        self.seen: dict[str, set[str]] = {}

    def check(self, value, node: dict, path: str = "$") -> None:
        problems = self._walk(value, node, path, self.seen)
        assert not problems, "\n".join(problems)

    def complete(self) -> None:
        missing = {
            name: sorted(set(_component(name)["properties"]) - keys)
            for name, keys in self.seen.items()
            if set(_component(name)["properties"]) - keys
        }
        assert not missing, f"declared but never written: {missing}"

    def _walk(self, value, node: dict, path: str, seen: dict, name: str | None = None) -> list[str]:
        if "$ref" in node:
            ref = node["$ref"].rsplit("/", 1)[-1]
            return self._walk(value, _component(ref), path, seen, ref)
        if value is None:
            return [] if node.get("nullable") or "anyOf" in node else [f"{path}: null, not declared nullable"]
        if "anyOf" in node:
            failures = []
            for option in node["anyOf"]:
                trial: dict[str, set[str]] = {}
                problems = self._walk(value, option, path, trial)
                if not problems:
                    for key, keys in trial.items():
                        seen.setdefault(key, set()).update(keys)
                    return []
                failures += problems
            return [f"{path}: matches none of anyOf", *failures]
        if node.get("type") == "array":
            assert isinstance(value, list), f"{path}: {value!r} is not a list"
            return [
                problem
                for index, item in enumerate(value)
                for problem in self._walk(item, node["items"], f"{path}[{index}]", seen)
            ]
        if "properties" in node:
            if not isinstance(value, dict):
                return [f"{path}: {value!r} is not an object"]
            declared = set(node["properties"])
            problems = [f"{path}.{key}: written, not declared in {name}" for key in sorted(set(value) - declared)]
            problems += [
                f"{path}.{key}: required by {name}, not written" for key in node.get("required", ()) if key not in value
            ]
            if name is not None:
                seen.setdefault(name, set()).update(set(value) & declared)
            for key in sorted(set(value) & declared):
                problems += self._walk(value[key], node["properties"][key], f"{path}.{key}", seen)
            return problems
        return []


@pytest.fixture
def world(settings):
    settings.DEFAULT_PRODUCT_COLLECTION = None
    WarehouseFactory(code="main", is_default=True)
    AttributeFactory(code="material")
    AccountingAttribute.objects.create(public_id="AA1", code="chz", title="Честный знак")
    CollectionFactory(public_id="C1")
    return EshopFactory(public_id="eshop-1")


def rich_product(product_id: str = "P1", variant_id: str = "V1", barcode: str = "4600000000001") -> dict:
    """A product that names every field the private document shows (those a client may set)."""
    return {
        "id": product_id,
        **{key: f"{product_id}-{key}" for key in ("extId", "extId2", "extId3", "extId4", "extId5")},
        "shortName": "Поло",
        "humanId": "polo",
        "fullName": "Рубашка поло",
        "description": "Описание",
        "tnvedCode": "6105",
        "internationalDescription": "Polo shirt",
        "additionalDescriptions": [{"title": "Уход", "description": "30°"}],
        "brandName": "Бренд",
        "countryOfOrigin": "Россия",
        "isBestseller": True,
        "isNovelty": False,
        "warranty": 12,
        "expirationMonthsLimit": 24,
        "manufacturedBy": "Фабрика",
        "composition": "Хлопок",
        "warehouseCategoryCode": "CLOTHES",
        "subscriptionInfo": {"period": 30},
        "collections": ["C1"],
        "attributes": [{"code": "material", "stringValue": "хлопок", "ordering": 1}],
        "accountingAttributes": [{"code": "chz", "stringValue": "да"}],
        "eshopSettings": [{"eshopId": "eshop-1", "extId": "shop-1"}],
        "variantsToUpdate": [
            {
                "variantId": variant_id,
                "article": f"ART-{variant_id}",
                "price": 990,
                "oldPrice": 1200,
                "weight": 500,
                "dimensions": {"height": 5, "width": 5, "depth": 10},
                "canBeRotated": True,
                "discountType": "PERCENT",
                "discountValue": 5,
                "barcodes": [{"value": barcode, "isDefault": True}],
                "optionsUsed": [{"code": "size", "stringValue": "L", "name": "Размер"}],
                "eshopSettings": [{"eshopId": "eshop-1", "extId": "shop-v1", "zeroStock": True}],
            }
        ],
    }


def _with_stock_image_and_facts(product_id: str = "P1") -> None:
    """What a client cannot send: warehouse stock, measurements by the WMS and an image's renditions."""
    product = Product.objects.get(public_id=product_id)
    variant = product.variants.get()
    StockLevelFactory(variant=variant, warehouse=WarehouseFactory(code="second"), total=Decimal(3))
    Variant.objects.filter(pk=variant.pk).update(height_fact=4, width_fact=4, depth_fact=9, weight_fact=480)
    ProductImage.objects.create(
        public_id="img1", product=product, file="images/im/img1.jpg", renditions={"200": "images/im/img1_200.jpg"}
    )


def test_the_private_product_document_has_exactly_its_declared_keys(api, world):
    assert api.post("/api/lite/products/batch", {"products": [rich_product()]}, format="json").status_code == 200
    _with_stock_image_and_facts()
    checker = KeyCheck()

    response = api.get("/api/lite/products?id=P1")
    assert_conforms(response, "/api/lite/products")  # and every value has its declared type
    answer = response.json()
    [document] = answer["products"]
    assert document["subscriptionInfo"] == {"period": 30} and document["images"][0]["renditions"]
    checker.check(answer, _answer_schema("/api/lite/products", "get"))
    checker.check(document, {"$ref": "#/components/schemas/ProductDocument"})  # not the stock-only shape
    checker.complete()
    assert {"ProductDocument", "VariantDocument", "StockLevelDocument", "ImageOut"} <= set(checker.seen)


def test_the_stock_only_document_has_exactly_its_declared_keys(api, world):
    api.post("/api/lite/products/batch", {"products": [rich_product()]}, format="json")
    _with_stock_image_and_facts()
    checker = KeyCheck()

    response = api.get("/api/lite/products?id=P1&only_stock=true")
    assert_conforms(response, "/api/lite/products")
    answer = response.json()
    checker.check(answer, _answer_schema("/api/lite/products", "get"))
    checker.check(answer["products"][0], {"$ref": "#/components/schemas/StockOnlyProduct"})
    checker.complete()
    assert "ProductDocument" not in checker.seen


def test_the_public_product_document_has_exactly_its_declared_keys(api, anon, world):
    api.post("/api/lite/products/batch", {"products": [rich_product()]}, format="json")
    _with_stock_image_and_facts()
    checker = KeyCheck()

    answer = anon.get("/api/lite/pub/products?id=P1").json()
    assert len(answer["products"]) == 1
    checker.check(answer, _answer_schema("/api/lite/pub/products", "get"))
    checker.complete()
    assert {"PublicProduct", "PublicVariant", "PublicStock", "PublicImage", "PublicOption"} <= set(checker.seen)


def second_variant() -> dict:
    """POST /products/variants: another variant of P1 (its own option value, no barcode)."""
    return {
        **rich_product()["variantsToUpdate"][0],
        "productId": "P1",
        "variantId": "V2",
        "barcodes": [],
        "optionsUsed": [{"code": "size", "stringValue": "XL"}],
    }


def test_a_variant_answer_has_exactly_its_declared_keys(api, world, settings):
    settings.API_PRODUCTS_RETURN_DETAILS = True
    api.post("/api/lite/products/batch", {"products": [rich_product()]}, format="json")
    checker = KeyCheck()

    variant = second_variant()
    created = api.post("/api/lite/products/variants", variant, format="json")
    assert created.status_code == 200, created.content
    assert created.json()["variant"]["id"] == "V2"
    assert_conforms(created, "/api/lite/products/variants", "post")
    checker.check(created.json(), _answer_schema("/api/lite/products/variants", "post"))
    patched = api.patch("/api/lite/products/variants", {"productId": "P1", "variantId": "V2", "article": "X"})
    checker.check(patched.json(), _answer_schema("/api/lite/products/variants", "patch"))
    deleted = api.delete("/api/lite/products/variants?productId=P1&variantId=V2")
    assert deleted.status_code == 200
    assert deleted.json() == {"success": True, "productId": "P1", "variantId": "V2"}
    checker.check(deleted.json(), _answer_schema("/api/lite/products/variants", "delete"))
    checker.complete()
    assert {"VariantSaved", "VariantDocument", "VariantDeleted"} <= set(checker.seen)


def test_batch_answers_have_exactly_their_declared_keys(api, world):
    checker = KeyCheck()
    refused = {"id": "P9", "shortName": 5, "variantsToUpdate": "no"}

    products = api.post("/api/lite/products/batch", {"products": [rich_product(), refused]}, format="json")
    assert [item["success"] for item in products.json()["products"]] == [True, False]
    assert_conforms(products, "/api/lite/products/batch", "post")
    checker.check(products.json(), _answer_schema("/api/lite/products/batch", "post"))
    patch = {"products": [{"id": "P1", "shortName": "Поло 2"}, {"id": 7}]}
    checker.check(
        api.patch("/api/lite/products/batch", patch, format="json").json(),
        _answer_schema("/api/lite/products/batch", "patch"),
    )

    variants = {"variantsToUpdate": [{"productId": "P1", "variantId": "V1", "article": "A"}, {"variantId": "V1"}]}
    answer = api.patch("/api/lite/products/variants/batch", variants, format="json").json()
    assert [item["success"] for item in answer["variantsResult"]] == [True, False]
    checker.check(answer, _answer_schema("/api/lite/products/variants/batch", "patch"))

    eshops = {
        "variants": [
            {"variantId": "V1", "eshopSettings": [{"eshopId": "eshop-1", "extId": "x"}]},
            {"variantId": "ghost", "eshopSettings": []},
        ]
    }
    answer = api.post("/api/lite/products/variants/eshop_settings", eshops, format="json").json()
    assert [item["success"] for item in answer["variants"]] == [True, False]
    checker.check(answer, _answer_schema("/api/lite/products/variants/eshop_settings", "post"))

    checker.complete()
    assert {"ProductBatchOut", "ProductSaved", "ProductRefused", "VariantsBatchOut", "VariantResult"} <= set(
        checker.seen
    )
    assert {"EshopSettingsBatchOut", "EshopSettingsResult", "ErrorItem"} <= set(checker.seen)


def test_a_refused_batch_item_echoes_only_a_string_id(api, world):
    """The answer's shape says an echoed id is a string: an item that sent another type echoes none."""
    answer = api.patch(
        "/api/lite/products/variants/batch", {"variantsToUpdate": [{"productId": 5, "variantId": ["V1"]}]}
    ).json()
    [item] = answer["variantsResult"]
    assert item["success"] is False and item["productId"] is None and item["variantId"] is None
    answer = api.post("/api/lite/products/batch", {"products": [{"id": ["P5"]}]}, format="json").json()
    assert "id" not in answer["products"][0] and answer["products"][0]["success"] is False


# --- a body that is not a JSON object: a 400 in the Cactus envelope, never a 500 ------------------------


NOT_AN_OBJECT = "Тело запроса должно быть JSON-объектом"
NOT_OBJECTS = [[], [{"variantId": "V1"}], "V1", 5, True]

OBJECT_BODIES = [
    ("delete", "/api/lite/products/variants"),
    ("post", "/api/lite/products/batch"),
    ("patch", "/api/lite/products/batch"),
    ("patch", "/api/lite/products/variants/batch"),
    ("post", "/api/lite/products/variants/eshop_settings"),
    ("post", "/api/lite/products"),
    ("patch", "/api/lite/products"),
    ("post", "/api/lite/products/variants"),
    ("patch", "/api/lite/products/variants"),
    ("post", "/api/lite/products/copy"),
]


@pytest.mark.parametrize("body", NOT_OBJECTS, ids=repr)
@pytest.mark.parametrize(("method", "path"), OBJECT_BODIES, ids=lambda v: v)
def test_a_body_that_is_not_an_object_is_a_400(api, world, method, path, body):
    api.post("/api/lite/products/batch", {"products": [rich_product()]}, format="json")
    before = Variant.objects.count()

    response = getattr(api, method)(path, body, format="json")

    assert_error_envelope(response, 400, NOT_AN_OBJECT)
    assert Variant.objects.count() == before


def test_a_variant_is_deleted_by_ids_in_a_json_body_and_refused_for_ids_of_another_type(api, world):
    api.post("/api/lite/products/batch", {"products": [rich_product()]}, format="json")
    variant = second_variant()
    api.post("/api/lite/products/variants", variant, format="json")

    refused = api.delete("/api/lite/products/variants", {"productId": "P1", "variantId": ["V2"]}, format="json")
    assert_error_envelope(refused, 400, "variantId: ожидается строка")
    assert Variant.objects.filter(public_id="V2").exists()

    deleted = api.delete("/api/lite/products/variants", {"productId": "P1", "variantId": "V2"}, format="json")
    assert deleted.json() == {"success": True, "productId": "P1", "variantId": "V2"}
    assert not Variant.objects.filter(public_id="V2").exists()
