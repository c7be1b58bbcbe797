"""Input serializers: the Cactus camelCase shapes mapped to the services' snake_case data."""

from rest_framework import serializers

from config.api.fields import IdField
from config.kernel.errors import DomainError
from config.kernel.ranges import JSON_NUMBER_LIMIT, decimal_limits, integer_bounds, json_number_out_of_range

from ..models import AttributeValue, Barcode, Product, ProductAttribute, Variant, VariantOption
from ..services.product_rules import PRODUCT_SCALARS
from ..services.variant_lists import check_variant_lists
from ..services.variants import VARIANT_SCALARS


def json_numbers_in_range(value):
    if json_number_out_of_range(value) is not None:
        raise serializers.ValidationError(f"числа должны быть не больше {JSON_NUMBER_LIMIT} по модулю")


MONEY = {"max_digits": 14, "decimal_places": 2}
QUANTITY = {"max_digits": 14, "decimal_places": 3}
MEASURE = {"max_digits": 12, "decimal_places": 3, "required": False, "allow_null": True}
TEXT = {"required": False, "allow_null": True, "allow_blank": True}


def text(max_length=255, **kwargs):
    return serializers.CharField(max_length=max_length, **{**TEXT, **kwargs})


def optional_list(child, **kwargs):
    """A list that may be absent or null, whose items may not be null (`Child(many=True, allow_null=True)`
    would hand allow_null to the child too, and `[null]` would reach the services)."""
    return serializers.ListSerializer(child=child, required=False, allow_null=True, **kwargs)


def flag(**kwargs):
    return serializers.BooleanField(required=False, allow_null=True, **kwargs)


# --- PATCH: what `null` means ------------------------------------------------------------------------------
# A PATCH changes only the fields it names. `null` clears a field that may be empty (the model allows null:
# the spec's documents show those fields as null, e.g. extId, article, weight, brandName). A field that
# cannot be empty (shortName, vat, type, the boolean flags, ordering, the discounts ...) has no "cleared"
# value: a null there is read as "not given" and the stored value is kept, where a POST (which replaces
# the whole product) resets it to its default. The rule is the model's, so it cannot drift from it.


def kept_when_null(model, names: list[str]) -> frozenset[str]:
    """The fields among `names` that cannot be null in `model`: a PATCH's null leaves them as they are."""
    return frozenset(name for name in names if not model._meta.get_field(name).null)


PRODUCT_KEPT_WHEN_NULL = kept_when_null(Product, PRODUCT_SCALARS)
VARIANT_KEPT_WHEN_NULL = kept_when_null(Variant, VARIANT_SCALARS)


def drop_nulls_of(attrs: dict, names) -> dict:
    """A PATCH's validated data without the `null`s given for `names` (fields that cannot be empty)."""
    for name in names:
        if name in attrs and attrs[name] is None:
            del attrs[name]
    return attrs


class DimensionsIn(serializers.Serializer):
    height = serializers.DecimalField(**MEASURE, min_value=0)
    width = serializers.DecimalField(**MEASURE, min_value=0)
    depth = serializers.DecimalField(**MEASURE, min_value=0)


class PriceIn(serializers.Serializer):
    priceCode = serializers.CharField(source="price_code", max_length=100)
    value = serializers.DecimalField(**MONEY, min_value=0)


class BarcodeIn(serializers.Serializer):
    value = IdField(pattern=False, max_length=100)
    isDefault = serializers.BooleanField(source="is_default", required=False, default=False)
    type = serializers.ChoiceField(choices=Barcode.Type.choices, required=False, allow_null=True)


class OptionUsedIn(serializers.Serializer):
    code = serializers.CharField(max_length=100)
    stringValue = text(500, source="string_value")
    decimalValue = serializers.DecimalField(
        **decimal_limits(VariantOption, "decimal_value"), required=False, allow_null=True, source="decimal_value"
    )
    name = text()

    def validate(self, attrs):
        if attrs.get("string_value") in (None, "") and attrs.get("decimal_value") is None:
            raise serializers.ValidationError(f"у опции «{attrs['code']}» не указано значение")
        return attrs


class StockIn(serializers.Serializer):
    warehouseCode = IdField(source="warehouse_code", **TEXT)
    stockTotal = serializers.DecimalField(
        **QUANTITY, min_value=0, required=False, allow_null=True, source="stock_total"
    )


class VariantEshopIn(serializers.Serializer):
    eshopId = IdField(source="eshop_id")
    enabled = serializers.BooleanField(required=False, default=True)
    zeroStock = serializers.BooleanField(source="zero_stock", required=False, default=False)
    extId = text(source="ext_id")


class VariantEshopMergeIn(serializers.Serializer):
    """An item of POST /products/variants/eshop_settings, merged into the variant's stored setting for its
    eshop: absent fields keep their values (no defaults here; a new setting starts enabled, without zero
    stock), `null` clears extId and is ignored for the flags, which cannot be empty."""

    eshopId = IdField(source="eshop_id")
    enabled = flag()
    zeroStock = flag(source="zero_stock")
    extId = text(source="ext_id")

    def validate(self, attrs):
        return drop_nulls_of(attrs, ("enabled", "zero_stock"))


class ProductEshopIn(serializers.Serializer):
    eshopId = IdField(source="eshop_id")
    enabled = serializers.BooleanField(required=False, default=True)
    extId = text(source="ext_id")


def _refuse_warehouse_measurement(value):
    """A field validator (so the fast batch validator runs it too): DRF calls it only for a non-null value."""
    raise serializers.ValidationError("заполняется по данным склада (WMS), клиент его не передаёт")


class VariantIn(serializers.Serializer):
    productId = IdField(pattern=False, source="product_id", **TEXT)
    variantId = IdField(pattern=False, max_length=200, required=False, allow_null=True, source="public_id")
    extId = text(source="ext_id")
    extId2 = text(source="ext_id2")
    extId3 = text(source="ext_id3")
    extId4 = text(source="ext_id4")
    extId5 = text(source="ext_id5")
    article = text()
    price = serializers.DecimalField(**MONEY, min_value=0, required=False, allow_null=True)
    oldPrice = serializers.DecimalField(**MONEY, min_value=0, required=False, allow_null=True, source="old_price")
    prices = optional_list(PriceIn())
    defaultImage = text(100, source="default_image")
    ordering = serializers.DecimalField(**decimal_limits(Variant, "ordering"), required=False, allow_null=True)
    optionsUsed = optional_list(OptionUsedIn(), source="options")
    weight = serializers.DecimalField(**MEASURE, min_value=0)
    dimensions = DimensionsIn(required=False, allow_null=True)
    # The warehouse's measurements: written only by the WMS pull (integrations.wms.services.pull_stock).
    # `null` is accepted and ignored, so a document read back with empty values can be sent again.
    weightFact = serializers.JSONField(
        required=False, allow_null=True, source="weight_fact", validators=[_refuse_warehouse_measurement]
    )
    dimensionsFact = serializers.JSONField(
        required=False, allow_null=True, source="dimensions_fact", validators=[_refuse_warehouse_measurement]
    )
    canBeRotated = flag(source="can_be_rotated")
    isPhysicalSet = flag(source="is_physical_set")
    barcodes = optional_list(BarcodeIn())
    stock = optional_list(StockIn())
    updateStockTotal = serializers.BooleanField(required=False, default=False, source="update_stock_total")
    eshopSettings = optional_list(VariantEshopIn(), source="eshop_settings")
    discountType = serializers.ChoiceField(
        choices=Variant.DiscountType.choices, required=False, allow_null=True, source="discount_type"
    )
    discountValue = serializers.DecimalField(
        **MONEY, min_value=0, required=False, allow_null=True, source="discount_value"
    )
    discountPercent = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=100,
        required=False,
        allow_null=True,
        source="discount_percent",
    )
    discountFix = serializers.DecimalField(**MONEY, min_value=0, required=False, allow_null=True, source="discount_fix")
    bundleOptionalCount = serializers.IntegerField(
        **integer_bounds(Variant, "bundle_optional_count"),
        required=False,
        allow_null=True,
        source="bundle_optional_count",
    )
    autoPriceCalculation = flag(source="auto_price_calculation")
    autoDimensionsCalculation = flag(source="auto_dimensions_calculation")

    def validate(self, attrs):
        try:
            check_variant_lists(attrs)  # each price type, barcode, warehouse, eshop once: a 400, nothing written
        except DomainError as error:
            raise serializers.ValidationError(error.message) from None
        attrs.pop("weight_fact", None)
        attrs.pop("dimensions_fact", None)
        if "dimensions" in attrs:
            dimensions = attrs.pop("dimensions") or {}
            for axis in ("height", "width", "depth"):
                attrs[axis] = dimensions.get(axis)
        return attrs


class VariantPatchIn(VariantIn):
    """A partial update of a variant (a PATCH /products variantsToUpdate item): `dimensions` changes only the
    axes it names (`null` for the whole object clears all three), and a `null` on a field that cannot be
    empty keeps its value (drop_nulls_of)."""

    def validate(self, attrs):
        dimensions = attrs.pop("dimensions", {})
        attrs = super().validate(attrs)
        if dimensions is None:
            dimensions = dict.fromkeys(("height", "width", "depth"))
        attrs.update(dimensions)
        return drop_nulls_of(attrs, VARIANT_KEPT_WHEN_NULL)


class VariantRefIn(VariantPatchIn):
    """PATCH /products/variants and /products/variants/batch: productId and variantId required."""

    productId = IdField(pattern=False, source="product_id")
    variantId = IdField(pattern=False, max_length=200, source="public_id")


class AttributeValueIn(serializers.Serializer):
    code = serializers.CharField(max_length=100)
    stringValue = text(500, source="string_value")
    decimalValue = serializers.DecimalField(
        **decimal_limits(ProductAttribute, "decimal_value"), required=False, allow_null=True, source="decimal_value"
    )
    ordering = serializers.IntegerField(required=False, allow_null=True, **integer_bounds(AttributeValue, "ordering"))


class AccountingValueIn(serializers.Serializer):
    code = serializers.CharField(max_length=100)
    stringValue = text(500, source="string_value")


class AdditionalDescriptionIn(serializers.Serializer):
    title = serializers.CharField(max_length=255)
    description = serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=100_000)


class ProductIn(serializers.Serializer):
    id = IdField(pattern=False, max_length=200, required=False, allow_null=True, source="public_id")
    extId = text(source="ext_id")
    extId2 = text(source="ext_id2")
    extId3 = text(source="ext_id3")
    extId4 = text(source="ext_id4")
    extId5 = text(source="ext_id5")
    shortName = text(500, source="short_name")
    humanId = text(255, source="human_id")
    fullName = text(1000, source="full_name")
    description = serializers.CharField(max_length=100_000, **TEXT)
    tnvedCode = text(50, source="tnved_code")
    internationalDescription = serializers.CharField(max_length=100_000, source="international_description", **TEXT)
    additionalDescriptions = optional_list(AdditionalDescriptionIn(), source="additional_descriptions")
    available = flag()
    deleted = flag()
    boxNeeded = flag(source="box_needed")
    brandName = text(source="brand_name")
    countryOfOrigin = text(source="country_of_origin")
    isBestseller = flag(source="is_bestseller")
    isNovelty = flag(source="is_novelty")
    isCatchWeight = flag(source="is_catch_weight")
    type = serializers.ChoiceField(choices=Product.Type.choices, required=False, allow_null=True)
    vat = serializers.ChoiceField(choices=Product.Vat.choices, required=False, allow_null=True)
    useBatchAccounting = flag(source="use_batch_accounting")
    expirationMode = serializers.ChoiceField(
        choices=Product.ExpirationMode.choices, required=False, allow_null=True, source="expiration_mode"
    )
    expirationMonthsLimit = serializers.IntegerField(
        min_value=0, max_value=1200, required=False, allow_null=True, source="expiration_months_limit"
    )
    warranty = serializers.IntegerField(min_value=0, max_value=1200, required=False, allow_null=True)
    manufacturedBy = text(source="manufactured_by")
    composition = serializers.CharField(max_length=100_000, **TEXT)
    warehouseCategoryCode = text(100, source="warehouse_category_code")
    subscriptionInfo = serializers.JSONField(
        required=False, allow_null=True, source="subscription_info", validators=[json_numbers_in_range]
    )
    collections = serializers.ListField(child=IdField(), required=False, allow_null=True, max_length=1000)
    attributes = optional_list(AttributeValueIn())
    accountingAttributes = optional_list(AccountingValueIn(), source="accounting_attributes")
    eshopSettings = optional_list(ProductEshopIn(), source="eshop_settings")
    variantsToUpdate = optional_list(VariantIn(), source="variants_to_update")


class ProductPatchIn(ProductIn):
    """PATCH /products and /products/batch: the named fields change (see drop_nulls_of for `null`), and each
    variantsToUpdate item is a partial update of its variant."""

    id = IdField(pattern=False, max_length=200, source="public_id")
    variantsToUpdate = optional_list(VariantPatchIn(), source="variants_to_update")

    def validate(self, attrs):
        return drop_nulls_of(attrs, PRODUCT_KEPT_WHEN_NULL)


def none_to_empty_lists(data: dict, keys=("variants_to_update",)) -> dict:
    for key in keys:
        if key in data and data[key] is None:
            data[key] = []
    return data
