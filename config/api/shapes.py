"""Each answer's shape, declared once: a TypedDict that the code builds and the OpenAPI component derived from it.

A document builder is annotated with the TypedDict it returns (`def collection_document(c) -> CollectionOut`),
so mypy checks the keys and value types the code writes; the view's `@extend_schema(responses=...)` takes
`component(CollectionOut)`, so the schema shows exactly those keys. Renaming or adding a key is one edit, and
the code and the schema cannot drift apart.

The component is named after the TypedDict (its class name, as `inline_serializer` names a one-off
serializer). Python types map to serializer fields:

    str -> CharField, int -> IntegerField, float -> FloatField, bool -> BooleanField,
    Decimal -> DecimalField (its digits through Annotated), X | None -> the field of X with allow_null,
    list[T] -> ListField(child=...) or, for a TypedDict T, its component with many=True,
    a TypedDict -> its component, dict / dict[str, ...] -> DictField, Any -> JSONField,
    Literal["a", "b"] -> ChoiceField, X | Y -> anyOf the fields of X and Y (an answer whose shape a query
    parameter chooses: `list[ProductDocument] | list[StockOnlyProduct]`).

`NotRequired[...]` keys are not required. `Annotated[T, ...]` refines a field: a Field class to use instead of
the default one (`Annotated[str, serializers.URLField]`) and/or its keyword arguments, as `options(...)` (hashable,
so the annotation may also sit in a union: `Annotated[Decimal, options(max_digits=12, decimal_places=3)] | None`)
or a plain dict (`Annotated[str, {"max_length": 64}]`).
A shape declared in a domain module, which must not import DRF, names the field class by its name in
`rest_framework.serializers` instead: `Annotated[str | None, "DateField"]`,
`Annotated[str, "ChoiceField", {"choices": Warehouse.Type.choices}]`.
"""

import functools
import operator
import types
import typing
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Literal, NotRequired, Required, TypedDict, get_args, get_origin, get_type_hints

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers

__all__ = ["ErrorItem", "Success", "component", "is_shape", "options"]

_SIMPLE: dict[Any, type[serializers.Field]] = {
    str: serializers.CharField,
    int: serializers.IntegerField,
    float: serializers.FloatField,
    bool: serializers.BooleanField,
    Decimal: serializers.DecimalField,
    dict: serializers.DictField,
    Any: serializers.JSONField,
}


@dataclass(frozen=True)
class FieldOptions:
    """Keyword arguments of a field in an `Annotated[...]` (a dict there cannot be hashed inside a union)."""

    items: tuple[tuple[str, Any], ...]


def options(**kwargs: Any) -> FieldOptions:
    return FieldOptions(tuple(kwargs.items()))


class Success(TypedDict):
    """The Cactus envelope every answer of the private API starts with; an answer's shape extends it."""

    success: bool


class ErrorItem(TypedDict):
    """An error of the Cactus envelope (`{"success": false, "errors": [...]}`), and of a refused batch item."""

    code: int
    message: str


def is_shape(hint: Any) -> bool:
    """A TypedDict class."""
    return isinstance(hint, type) and issubclass(hint, dict) and hasattr(hint, "__required_keys__")


def component(shape: type, *, many: bool = False, **kwargs: Any) -> serializers.Serializer:
    """The OpenAPI component of a TypedDict: a serializer named after it, its fields in key order."""
    return _serializer_class(shape)(many=many, **kwargs)


@functools.cache
def _serializer_class(shape: type) -> type[serializers.Serializer]:
    """One serializer class per TypedDict, however many answers use it: drf-spectacular warns of (and may
    mix up) two components of the same name made from different classes, as inline_serializer makes anew
    at every call."""
    hints = get_type_hints(shape, include_extras=True)
    fields = {key: _field(hint, required=key in shape.__required_keys__) for key, hint in hints.items()}  # type: ignore[attr-defined]
    return type(shape.__name__, (serializers.Serializer,), fields)


def _field(hint: Any, *, required: bool = True) -> serializers.Field:
    kwargs: dict[str, Any] = {} if required else {"required": False}
    field_class = None
    hint = _strip_required(hint)
    while True:  # Annotated[X | None, ...] and Annotated[X, ...] | None alike
        hint, nullable = _without_none(hint)
        if nullable:
            kwargs["allow_null"] = True
        if get_origin(hint) is not Annotated:
            break
        hint, *extras = get_args(hint)
        for extra in extras:
            if isinstance(extra, FieldOptions):
                kwargs.update(extra.items)
            elif isinstance(extra, dict):
                kwargs.update(extra)
            elif _is_field_class(extra):
                field_class = extra
            elif isinstance(extra, str) and _is_field_class(getattr(serializers, extra, None)):
                field_class = getattr(serializers, extra)
            else:
                raise TypeError(
                    f"Annotated extra {extra!r}: a serializer field class (or its name) or a dict of its options"
                )
    if field_class is not None:
        return field_class(**kwargs)
    if get_origin(hint) in (typing.Union, types.UnionType):
        return AnyOf([_field(member) for member in get_args(hint)], **kwargs)
    if is_shape(hint):
        return component(hint, **kwargs)
    origin = get_origin(hint)
    if origin is list:
        (item,) = get_args(hint) or (Any,)
        item = _strip_required(item)
        if is_shape(item):
            return component(item, many=True, **kwargs)
        return serializers.ListField(child=_field(item), **kwargs)
    if origin is dict:
        return serializers.DictField(**kwargs)
    if origin is Literal:
        return serializers.ChoiceField(choices=list(get_args(hint)), **kwargs)
    if hint in _SIMPLE:
        return _SIMPLE[hint](**kwargs)
    raise TypeError(f"no OpenAPI field for {hint!r}: annotate it with a serializer field class")


class AnyOf(serializers.Field):
    """A value of any of several shapes (a Union in a TypedDict): the schema's `anyOf` of their fields. Output
    only: the value is rendered as it is."""

    def __init__(self, members: list[serializers.Field], **kwargs: Any) -> None:
        self.members = members
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> Any:
        return value


class AnyOfExtension(OpenApiSerializerFieldExtension):
    target_class = AnyOf

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> dict:
        return {"anyOf": [auto_schema._map_serializer_field(member, direction) for member in self.target.members]}


def _is_field_class(value: Any) -> bool:
    return isinstance(value, type) and issubclass(value, serializers.Field)


def _strip_required(hint: Any) -> Any:
    while get_origin(hint) in (NotRequired, Required):
        (hint,) = get_args(hint)
    return hint


def _without_none(hint: Any) -> tuple[Any, bool]:
    """`X | None` -> (X, True), `X | Y | None` -> (X | Y, True); anything else -> (hint, False)."""
    if get_origin(hint) in (typing.Union, types.UnionType):
        args = tuple(arg for arg in get_args(hint) if arg is not type(None))
        if len(args) < len(get_args(hint)):
            return functools.reduce(operator.or_, args), True
    return hint, False
