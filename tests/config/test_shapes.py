"""config.api.shapes: a TypedDict becomes the OpenAPI component drf-spectacular renders, key for key."""

from decimal import Decimal
from typing import Annotated, Any, Literal, NotRequired, TypedDict

import pytest
from rest_framework import serializers

from config.api.shapes import Success, component, options


class Image(TypedDict):
    id: str
    url: Annotated[str, serializers.URLField]


class Item(Success):
    name: Annotated[str, {"max_length": 64}]
    count: int
    share: float
    price: Annotated[Decimal, options(max_digits=12, decimal_places=3)] | None
    active: bool
    tags: list[str]
    images: list[Image]
    cover: NotRequired[Image]
    extra: dict[str, Any]
    anything: Any
    kind: Literal["SKU", "SET"]
    note: NotRequired[str | None]


def test_each_key_becomes_its_field_in_the_declared_order():
    fields = component(Item).fields
    assert list(fields) == [
        "success", "name", "count", "share", "price", "active", "tags", "images", "cover", "extra", "anything",
        "kind", "note",
    ]  # fmt: skip
    assert type(component(Item)).__name__ == "Item"
    assert isinstance(fields["success"], serializers.BooleanField)
    assert isinstance(fields["name"], serializers.CharField) and fields["name"].max_length == 64
    assert isinstance(fields["count"], serializers.IntegerField)
    assert isinstance(fields["share"], serializers.FloatField)
    assert isinstance(fields["price"], serializers.DecimalField)
    assert (fields["price"].max_digits, fields["price"].decimal_places, fields["price"].allow_null) == (12, 3, True)
    assert isinstance(fields["tags"], serializers.ListField) and isinstance(fields["tags"].child, serializers.CharField)
    assert isinstance(fields["images"], serializers.ListSerializer)
    assert type(fields["images"].child).__name__ == "Image"
    assert isinstance(fields["images"].child.fields["url"], serializers.URLField)
    assert type(fields["cover"]).__name__ == "Image" and fields["cover"].required is False
    assert isinstance(fields["extra"], serializers.DictField)
    assert isinstance(fields["anything"], serializers.JSONField)
    assert isinstance(fields["kind"], serializers.ChoiceField) and list(fields["kind"].choices) == ["SKU", "SET"]
    assert fields["note"].required is False and fields["note"].allow_null is True
    assert all(fields[key].required for key in fields if key not in ("cover", "note"))


def test_a_type_without_a_field_is_refused_at_import_time_not_rendered_wrong():
    class Odd(TypedDict):
        when: complex

    with pytest.raises(TypeError, match="no OpenAPI field"):
        component(Odd)


def test_the_rendered_schema_shows_the_shape():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    success = schema["components"]["schemas"]["Success"]
    assert success["properties"] == {"success": {"type": "boolean"}}
    assert success["required"] == ["success"]


class Variant(TypedDict):
    sku: str


class Listing(TypedDict):
    items: list[Image] | list[Variant]
    either: Image | Variant | None


def test_a_union_becomes_any_of_its_members_fields():
    from config.api.shapes import AnyOf

    fields = component(Listing).fields
    assert isinstance(fields["items"], AnyOf) and not fields["items"].allow_null
    assert [type(member.child).__name__ for member in fields["items"].members] == ["Image", "Variant"]
    assert isinstance(fields["either"], AnyOf) and fields["either"].allow_null
    assert [type(member).__name__ for member in fields["either"].members] == ["Image", "Variant"]


def test_a_union_renders_as_any_of_in_the_schema():
    """GET /api/lite/products answers full documents or, with only_stock=true, the minimal stock shape; a batch
    answers each item saved or refused."""
    from drf_spectacular.generators import SchemaGenerator

    schemas = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]
    assert schemas["ProductList"]["properties"]["products"] == {
        "anyOf": [
            {"type": "array", "items": {"$ref": "#/components/schemas/ProductDocument"}},
            {"type": "array", "items": {"$ref": "#/components/schemas/StockOnlyProduct"}},
        ]
    }
    assert schemas["ProductBatchOut"]["properties"]["products"]["items"] == {
        "anyOf": [{"$ref": "#/components/schemas/ProductSaved"}, {"$ref": "#/components/schemas/ProductRefused"}]
    }
