"""Dictionaries of the private API: attributes, options (features), their appearance, accounting
attributes, additional description titles and the fixed list of Wildberries categories."""

from collections.abc import Iterable
from decimal import Decimal
from typing import Annotated, NotRequired, TypedDict, TypeVar, cast

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from config.api.fields import IdField
from config.api.inputs import validated
from config.api.list_upsert import ListUpsertView
from config.api.permissions import needs
from config.api.shapes import Success, component
from config.api.views import PrivateAPIView, PublicAPIView
from config.kernel.errors import NotFound
from config.kernel.ranges import decimal_limits, integer_bounds

from ..documents import fmt_ordering
from ..models import (
    AccountingAttribute,
    AdditionalDescriptionTitle,
    Attribute,
    AttributeValue,
    Feature,
    FeatureAppearance,
    FeatureValue,
    Product,
)
from ..models.attributes import ValueType
from ..services.dictionaries import (
    save_accounting_attribute,
    save_attribute,
    save_feature,
    save_feature_appearance,
)
from .serializers import optional_list

# --- input -----------------------------------------------------------------------------------


class DictionaryValueIn(serializers.Serializer):
    stringValue = serializers.CharField(
        max_length=500, required=False, allow_null=True, allow_blank=True, source="string_value"
    )
    decimalValue = serializers.DecimalField(
        **decimal_limits(AttributeValue, "decimal_value"), required=False, allow_null=True, source="decimal_value"
    )
    ordering = serializers.IntegerField(required=False, allow_null=True, **integer_bounds(AttributeValue, "ordering"))


class AttributeIn(serializers.Serializer):
    id = IdField(pattern=False, required=False, allow_null=True, source="public_id")
    code = serializers.RegexField(r"[0-9A-Za-z_.-]+\Z", max_length=100, trim_whitespace=False)
    title = serializers.CharField(max_length=255, required=False, allow_null=True, allow_blank=True)
    type = serializers.ChoiceField(choices=ValueType.values, required=False, allow_null=True)
    ordering = serializers.IntegerField(required=False, allow_null=True, **integer_bounds(Attribute, "ordering"))
    values = optional_list(DictionaryValueIn())


class FeatureIn(AttributeIn):
    titlePlural = serializers.CharField(
        max_length=255, required=False, allow_null=True, allow_blank=True, source="title_plural"
    )


class AccountingDictionaryValueIn(serializers.Serializer):
    stringValue = serializers.CharField(max_length=500, source="string_value")


class AccountingAttributeIn(serializers.Serializer):
    id = IdField(pattern=False, required=False, allow_null=True, source="public_id")
    code = serializers.RegexField(r"[0-9A-Za-z_.-]+\Z", max_length=100, trim_whitespace=False)
    title = serializers.CharField(max_length=255, required=False, allow_null=True, allow_blank=True)
    values = optional_list(AccountingDictionaryValueIn())


class AppearanceIn(serializers.Serializer):
    productId = IdField(source="product_id")
    feature = serializers.CharField(max_length=100)
    value = serializers.CharField(max_length=500)
    code = serializers.RegexField(
        r"^#[0-9A-Fa-f]{3,8}$",
        required=False,
        allow_blank=True,
        allow_null=True,
        error_messages={"invalid": "код цвета должен быть вида #335522"},
    )
    imageUrl = serializers.URLField(
        max_length=1000, required=False, allow_blank=True, allow_null=True, source="image_url"
    )


# --- output ----------------------------------------------------------------------------------


class DictionaryValueOut(TypedDict):
    """stringValue for a string dictionary, decimalValue for a decimal one. The API never stores an empty one,
    but the admin's value rows and type field can (both columns are nullable): then it is null."""

    stringValue: NotRequired[str | None]
    decimalValue: NotRequired[Annotated[Decimal | None, serializers.FloatField]]
    ordering: int


class AttributeOut(TypedDict):
    id: str
    code: str
    title: str
    type: str
    ordering: int
    values: list[DictionaryValueOut]


class FeatureOut(TypedDict):
    id: str
    code: str
    title: str
    type: str
    values: list[DictionaryValueOut]


class AccountingValueOut(TypedDict):
    stringValue: str


class AccountingAttributeOut(TypedDict):
    id: str
    code: str
    title: str
    values: list[AccountingValueOut]


class AppearanceOut(TypedDict):
    feature: str
    value: str
    code: str
    imageUrl: str


class AppearanceList(Success):
    appearanceFields: list[AppearanceOut]


class AppearanceSaved(Success):
    appearanceField: AppearanceOut


class DescriptionTitle(TypedDict):
    title: str
    pos: str


class DescriptionTitles(Success):
    titles: list[DescriptionTitle]


class WbCategory(TypedDict):
    title: str
    code: str
    wbCode: str


class WbCategories(Success):
    categories: list[WbCategory]


Value = TypeVar("Value", AttributeValue, FeatureValue)


def as_sent(values: Iterable[Value]) -> list[Value]:
    """Dictionary values in the order they were sent (as in the spec's examples); clients sort by `ordering`."""
    return sorted(values, key=lambda value: value.pk)


def value_document(value: AttributeValue | FeatureValue, value_type: str) -> DictionaryValueOut:
    if value_type == ValueType.DECIMAL:
        return DictionaryValueOut(decimalValue=value.decimal_value, ordering=value.ordering)
    return DictionaryValueOut(stringValue=value.string_value, ordering=value.ordering)


def attribute_document(attribute: Attribute) -> AttributeOut:
    return AttributeOut(
        id=attribute.public_id,
        code=attribute.code,
        title=attribute.title,
        type=attribute.type,
        ordering=attribute.ordering,
        values=[value_document(v, attribute.type) for v in as_sent(attribute.values.all())],
    )


def feature_document(feature: Feature) -> FeatureOut:
    return FeatureOut(
        id=feature.public_id,
        code=feature.code,
        title=feature.title,
        type=feature.type,
        values=[value_document(v, feature.type) for v in as_sent(feature.values.all())],
    )


def accounting_document(attribute: AccountingAttribute) -> AccountingAttributeOut:
    return AccountingAttributeOut(
        id=attribute.public_id,
        code=attribute.code,
        title=attribute.title,
        values=[AccountingValueOut(stringValue=v.string_value) for v in attribute.values.all()],
    )


def appearance_document(appearance: FeatureAppearance) -> AppearanceOut:
    return AppearanceOut(
        feature=appearance.feature_code,
        value=appearance.value,
        code=appearance.color_code,
        imageUrl=appearance.image_url,
    )


def title_position(pos: Decimal) -> str:
    """A title's position as Cactus writes it; the column is not null, so never None."""
    return cast(str, fmt_ordering(pos))


# --- views -----------------------------------------------------------------------------------


class AttributesView(ListUpsertView):
    required_permissions = {
        "GET": needs("catalog.attribute", "view"),
        "POST": needs("catalog.attribute", "add", "change"),
    }
    schema_name, list_key, item_key, item_shape, body = (
        "Attribute",
        "attributes",
        "attribute",
        AttributeOut,
        AttributeIn,
    )
    list_summary = "The dictionary of product attributes"
    save_summary = "Create or update an attribute by code (values, when given, replace the dictionary values)"

    def rows(self):
        return Attribute.objects.prefetch_related("values").order_by("ordering", "id")

    def document(self, row):
        return attribute_document(row)

    def save(self, data):
        return save_attribute(data=data)[0]


class FeaturesView(ListUpsertView):
    required_permissions = {"GET": needs("catalog.feature", "view"), "POST": needs("catalog.feature", "add", "change")}
    schema_name, list_key, item_key = "Feature", "features", "feature"
    item_shape, body = FeatureOut, FeatureIn
    list_summary = "The dictionary of options (features) and their values"
    save_summary = "Create or update an option by code (values are optional)"

    def rows(self):
        return Feature.objects.prefetch_related("values").order_by("ordering", "id")

    def document(self, row):
        return feature_document(row)

    def save(self, data):
        return save_feature(data=data)[0]


class AccountingAttributesView(ListUpsertView):
    required_permissions = {
        "GET": needs("catalog.accountingattribute", "view"),
        "POST": needs("catalog.accountingattribute", "add", "change"),
    }
    schema_name, list_key, item_key = "AccountingAttribute", "attributes", "attribute"
    item_shape, body = AccountingAttributeOut, AccountingAttributeIn
    list_summary = "The dictionary of accounting attributes"
    save_summary = "Create or update an accounting attribute by code"

    def rows(self):
        return AccountingAttribute.objects.prefetch_related("values").order_by("id")

    def document(self, row):
        return accounting_document(row)

    def save(self, data):
        return save_accounting_attribute(data=data)[0]


def appearance_of(params) -> list[AppearanceOut]:
    product_id = params.get("id")
    if not product_id:
        raise ValidationError({"id": "обязательный параметр: id продукта"})
    product = Product.objects.filter(public_id=product_id).only("pk").first()
    if product is None:
        raise NotFound("Продукта с указанным id не существует")
    return [appearance_document(a) for a in FeatureAppearance.objects.filter(product=product).order_by("id")]


class FeatureAppearanceView(PrivateAPIView):
    required_permissions = {
        "GET": needs("catalog.featureappearance", "view"),
        "POST": needs("catalog.featureappearance", "add", "change", "delete"),
    }

    @extend_schema(
        summary="Colour codes and image URLs of the option values of a product",
        parameters=[OpenApiParameter("id", str, required=True, description="Product id")],
        responses=component(AppearanceList),
    )
    def get(self, request):
        return Response(AppearanceList(success=True, appearanceFields=appearance_of(request.query_params)))

    @extend_schema(
        summary="Create or update the appearance of a product + option + value",
        request=AppearanceIn,
        responses=component(AppearanceSaved),
    )
    def post(self, request):
        appearance = save_feature_appearance(data=validated(AppearanceIn, request.data))
        return Response(AppearanceSaved(success=True, appearanceField=appearance_document(appearance)))


class PublicFeatureAppearanceView(PublicAPIView):
    @extend_schema(
        summary="Colour codes and image URLs of the option values of a product (public)",
        parameters=[OpenApiParameter("id", str, required=True, description="Product id")],
        responses=component(AppearanceList),
    )
    def get(self, request):
        return Response(AppearanceList(success=True, appearanceFields=appearance_of(request.query_params)))


class DescriptionTitlesView(PrivateAPIView):
    required_permissions = {"GET": needs("catalog.additionaldescriptiontitle", "view")}

    @extend_schema(
        summary="Every title ever used in additional descriptions",
        responses=component(DescriptionTitles),
    )
    def get(self, request):
        titles = AdditionalDescriptionTitle.objects.order_by("pos", "id")
        documents = [DescriptionTitle(title=t.title, pos=title_position(t.pos)) for t in titles]
        return Response(DescriptionTitles(success=True, titles=documents))


WB_CATEGORIES = [
    ("Общая категория", "COMMON", "1"),
    ("Косметика, бытовая химия и питание", "COSMETICS_AND_HOUSEHOLD_CHEMICALS", "2"),
    ("Верхняя одежда и товары на вешалках", "CLOTHES", "3"),
    ("Обувь и товар в коробках", "FOOTWEAR", "4"),
    ("Книжная продукция и полиграфия", "BOOKS", "5"),
    ("Текстильные товары и аксессуары", "TEXTILE_AND_ACCESSORIES", "6"),
    ("Товары из кожи", "LEATHER", "7"),
    ("Посуда и кухонные принадлежности", "DISHES", "8"),
    ("Очки и оправы", "GLASSES", "9"),
    ("Товары для взрослых", "PRODUCTS_FOR_ADULTS", "10"),
    ("Грунт", "SOIL", "11"),
    ("Ювелирная продукция", "JEWELRY", "12"),
    ("Продукты питания и зоотовары", "FOOD_AND_PET_SUPPLIES", "13"),
]


class WbCategoriesView(PrivateAPIView):
    required_permissions = {"GET": needs("catalog.product", "view")}

    @extend_schema(
        summary="Wildberries product categories (a fixed list)",
        responses=component(WbCategories),
    )
    def get(self, request):
        categories = [WbCategory(title=title, code=code, wbCode=wb) for title, code, wb in WB_CATEGORIES]
        return Response(WbCategories(success=True, categories=categories))
