"""The batch's fast validator against the DRF serializer it stands in for (config/api/fast_validation.py).

Whatever the validator accepts must equal the serializer's validated data; whatever it declines goes to the
serializer, so every error message stays the serializer's. The mutations replace each value of a full item,
one at a time, with hostile and borderline values and check both promises on each.
"""

import copy

import pytest
from rest_framework.exceptions import ValidationError

from catalog.api.serializers import ProductIn, ProductPatchIn, VariantEshopIn, VariantIn, VariantRefIn
from config.api.answers import validate_items
from config.api.fast_validation import fast_validator

FULL_VARIANT = {
    "productId": "P-1",
    "variantId": "V-1",
    "extId": "e1",
    "extId2": "",
    "article": "A-1",
    "price": 199.9,
    "oldPrice": "250",
    "prices": [{"priceCode": "Розничная цена", "value": 100}, {"priceCode": "Закупочная", "value": "80.5"}],
    "defaultImage": None,
    "ordering": 3,
    "optionsUsed": [{"code": "size", "stringValue": "XL"}, {"code": "len", "decimalValue": 1.5, "name": "Длина"}],
    "weight": 1.25,
    "dimensions": {"height": 10, "width": 20.5, "depth": None},
    "weightFact": None,
    "dimensionsFact": None,
    "canBeRotated": True,
    "isPhysicalSet": None,
    "barcodes": [{"value": "4600000000017", "isDefault": True, "type": "OZON"}, {"value": "2000000000015"}],
    "stock": [{"warehouseCode": "W1", "stockTotal": 5}, {"warehouseCode": "W2", "stockTotal": "1.5"}],
    "updateStockTotal": True,
    "eshopSettings": [{"eshopId": "shop", "enabled": False}],
    "discountType": None,
    "discountValue": 10,
    "discountPercent": 12.5,
    "discountFix": None,
    "bundleOptionalCount": 2,
    "autoPriceCalculation": False,
    "autoDimensionsCalculation": None,
    "unknownKey": "ignored",
}
FULL_PRODUCT = {
    "id": "P-1",
    "extId": "x",
    "shortName": "Футболка",
    "description": "Хлопок 100%",
    "tnvedCode": None,
    "internationalDescription": "",
    "additionalDescriptions": [{"title": "Уход", "description": "30°"}],
    "available": True,
    "deleted": False,
    "boxNeeded": None,
    "brandName": "Nova",
    "countryOfOrigin": "Россия",
    "isBestseller": False,
    "isNovelty": True,
    "isCatchWeight": False,
    "type": "SKU",
    "vat": "VAT_20",
    "useBatchAccounting": None,
    "expirationMode": None,
    "expirationMonthsLimit": 12,
    "warranty": None,
    "manufacturedBy": "ООО",
    "composition": "",
    "warehouseCategoryCode": None,
    "subscriptionInfo": {"period": 30, "nested": [1, 2.5]},
    "collections": ["C1", "C2"],
    "attributes": [{"code": "material", "stringValue": "Хлопок", "ordering": 1}, {"code": "w", "decimalValue": 2}],
    "accountingAttributes": [{"code": "acc", "stringValue": "1"}],
    "eshopSettings": [{"eshopId": "shop", "extId": "s-1"}],
    "variantsToUpdate": [FULL_VARIANT, {"variantId": "V-2", "prices": None, "barcodes": []}],
}
FULL_ESHOP = {"eshopId": "shop", "enabled": True, "zeroStock": False, "extId": None}

HOSTILE = [None, "", " padded ", "x" * 600, "a\x00b", -1, 1.005, 10**20, "NaN", True, "true", [None], ["x"], {}]


def _paths(value, path=()):
    """Every (path to a value) of a nested document, containers included."""
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*path, index))


def _replaced(document, path, value):
    document = copy.deepcopy(document)
    target = document
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return document


def _removed(document, path):
    document = copy.deepcopy(document)
    target = document
    for step in path[:-1]:
        target = target[step]
    del target[path[-1]]
    return document


def _serializer_result(serializer_class, raw):
    try:
        return dict(serializer_class().run_validation(raw)), None
    except ValidationError as error:
        return None, error.detail


def _assert_agrees(serializer_class, raw):
    """The fast validator either declines, or gives exactly what the serializer gives (which must accept)."""
    fast = fast_validator(serializer_class)(raw)
    expected, errors = _serializer_result(serializer_class, raw)
    if fast is not None:
        assert errors is None, f"fast accepted what the serializer refuses: {raw!r} -> {errors}"
        assert fast == expected, raw
    return fast is not None, errors is None


CASES = [
    (ProductIn, FULL_PRODUCT),
    (ProductPatchIn, FULL_PRODUCT),
    (VariantIn, FULL_VARIANT),
    (VariantRefIn, FULL_VARIANT),
    (VariantEshopIn, FULL_ESHOP),
]


@pytest.mark.parametrize(("serializer_class", "item"), CASES, ids=lambda c: getattr(c, "__name__", ""))
def test_full_valid_items_are_accepted_with_the_serializers_data(serializer_class, item):
    accepted, valid = _assert_agrees(serializer_class, item)
    assert valid and accepted  # the common shape takes the fast path


def test_the_bench_batch_item_takes_the_fast_path():
    item = {
        "id": "B-1",
        "shortName": "Товар 1",
        "vat": "VAT_20",
        "variantsToUpdate": [
            {
                "variantId": "B-1-0",
                "article": "A1-0",
                "prices": [{"priceCode": "Розничная цена", "value": 101}],
                "barcodes": [{"value": "123", "isDefault": True}],
                "stock": [{"warehouseCode": "seed-warehouse-1", "stockTotal": 5}],
                "updateStockTotal": True,
            }
        ],
    }
    assert _assert_agrees(ProductIn, item) == (True, True)


@pytest.mark.parametrize(
    ("serializer_class", "item"),
    [
        # The product's own fields (its variants' are mutated in the VariantRefIn case).
        (ProductIn, {**FULL_PRODUCT, "variantsToUpdate": [{"variantId": "V-2", "barcodes": [{"value": "1"}]}]}),
        (VariantRefIn, FULL_VARIANT),
        (VariantEshopIn, FULL_ESHOP),
    ],
    ids=["product", "variant", "eshop"],
)
def test_every_value_replaced_by_hostile_values_agrees_with_the_serializer(serializer_class, item):
    outcomes = set()
    for path in list(_paths(item))[1:]:
        outcomes.add(_assert_agrees(serializer_class, _removed(item, path)))
        for value in HOSTILE:
            outcomes.add(_assert_agrees(serializer_class, _replaced(item, path, value)))
    # Both kinds were exercised: fast-accepted valid items and declined invalid ones.
    assert (True, True) in outcomes and (False, False) in outcomes


@pytest.mark.parametrize("raw", [None, [], "x", 1, {"variantsToUpdate": "no"}, {"id": "x" * 201}])
def test_invalid_items_are_declined(raw):
    assert fast_validator(ProductIn)(raw) is None


def test_batch_answers_are_the_serializers_for_invalid_items():
    """validate_items: the messages of refused items are the serializer's, accepted items its data."""
    bad = _replaced(FULL_PRODUCT, ("variantsToUpdate", 0, "prices", 0, "value"), -5)
    worse = _replaced(FULL_PRODUCT, ("vat",), "VAT_99")
    [(good_data, good_errors), (bad_data, bad_errors), (worse_data, worse_errors)] = validate_items(
        ProductIn, [FULL_PRODUCT, bad, worse]
    )
    assert good_errors == [] and good_data == dict(ProductIn().run_validation(FULL_PRODUCT))
    assert bad_data is None and worse_data is None
    assert bad_errors and worse_errors
    for raw, errors in ((bad, bad_errors), (worse, worse_errors)):
        from config.api.errors import flatten_validation

        assert errors == flatten_validation(_serializer_result(ProductIn, raw)[1])
