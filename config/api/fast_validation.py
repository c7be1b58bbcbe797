"""A fast validator for the items of a batch, equal to the DRF serializer on every item it accepts.

DRF's `Serializer.run_validation` visits every declared field of every nested serializer whatever the item
names: a product item of the batch shape touches ~110 fields and raises a `SkipField` for each absent one,
1.2 s of a 1000-product batch under the profiler. `fast_validator(SerializerClass)` compiles the serializer's
fields once into a plan that visits only the keys an item has:

- a plain string, a real boolean, a choice given exactly, `null` where the field allows it and an absent field's
  default are taken as they are (what DRF would return for them);
- every other leaf value goes through the DRF field's own `run_validation` (decimals, integers, JSON, lists of
  strings), and each nested serializer's `validate()` runs as DRF runs it;
- anything unusual (a missing required field, a value DRF would reject or coerce, a nested value of the wrong
  type) gives up: the validator returns None and the caller validates that item with the serializer, so error
  messages are DRF's own, byte for byte.

`tests/test_fast_validation.py` compares it with the serializer on valid and invalid items.
"""

import functools
import re
from collections.abc import Callable

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.fields import empty

from config.kernel.public_ids import PUBLIC_ID_RE

from .fields import IdField

_GIVE_UP = object()
_UNSAFE_TEXT = re.compile("[\x00\ud800-\udfff]")  # what ProhibitNull/SurrogateCharactersValidator refuse


class _GiveUp(Exception):
    """The item needs the serializer: DRF would refuse it or transform it in a way not reproduced here."""


_PLAIN_VALIDATORS = {"MaxLengthValidator", "ProhibitNullCharactersValidator", "ProhibitSurrogateCharactersValidator"}


def _only_plain_validators(field: serializers.CharField) -> bool:
    """The field's validators are only those the fast checks below reproduce (length, NUL, surrogates)."""
    return all(type(v).__name__ in _PLAIN_VALIDATORS for v in field.validators)


def _text(field: serializers.CharField) -> Callable:
    max_length, min_length = field.max_length, field.min_length
    exact = field.trim_whitespace and min_length is None and _only_plain_validators(field)

    def check(value):
        if (
            exact
            and type(value) is str
            and value
            and value == value.strip()
            and (max_length is None or len(value) <= max_length)
            and not _UNSAFE_TEXT.search(value)
        ):
            return value
        return field.run_validation(value)

    return check


def _public_id(field: IdField) -> Callable:
    max_length, pattern = field.max_length, field.pattern
    plain = _only_plain_validators(field)

    def check(value):
        # A public id matching the pattern has no space, NUL or surrogate: DRF would return it as is.
        if (
            plain
            and type(value) is str
            and value
            and (max_length is None or len(value) <= max_length)
            and (PUBLIC_ID_RE.match(value) if pattern else value == value.strip() and not _UNSAFE_TEXT.search(value))
        ):
            return value
        return field.run_validation(value)

    return check


def _boolean(field: serializers.BooleanField) -> Callable:
    def check(value):
        if value is True or value is False:
            return value
        return field.run_validation(value)

    return check


def _choice(field: serializers.ChoiceField) -> Callable:
    choices = field.choice_strings_to_values

    def check(value):
        if type(value) is str and value in choices and value != "":
            return choices[value]
        return field.run_validation(value)

    return check


def _leaf(field) -> Callable:
    if type(field) is serializers.CharField:
        return _text(field)
    if type(field) is IdField:
        return _public_id(field)
    if type(field) is serializers.BooleanField:
        return _boolean(field)
    if type(field) is serializers.ChoiceField:
        return _choice(field)
    return field.run_validation


def _compile(field) -> Callable:
    """A function of a value given for `field` (never `empty`): the validated value, or _GiveUp raised."""
    if isinstance(field, serializers.ListSerializer):
        if type(field) is not serializers.ListSerializer:
            return _always_give_up  # a subclass may validate the list its own way
        if not isinstance(field.child, serializers.Serializer):
            return _always_give_up
        child = _compile_serializer(field.child)
        bounded = (
            getattr(field, "max_length", None) is not None
            or getattr(field, "min_length", None) is not None
            or not field.allow_empty
        )
        nullable = field.allow_null

        def check_list(value):
            if value is None:
                if nullable:
                    return None
                raise _GiveUp
            if type(value) is not list or bounded or field.validators:
                raise _GiveUp
            return [child(item) for item in value]

        return check_list
    if isinstance(field, serializers.Serializer):
        return _compile_serializer(field)
    leaf = _leaf(field)

    def check_leaf(value):
        if value is None:
            if field.allow_null:
                return None
            raise _GiveUp
        try:
            return leaf(value)
        except (ValidationError, DjangoValidationError):
            raise _GiveUp from None

    return check_leaf


def _compile_serializer(serializer: serializers.Serializer) -> Callable:
    if serializer.validators or any(
        f.read_only or len(f.source_attrs) != 1 or hasattr(serializer, f"validate_{name}")
        for name, f in serializer.fields.items()
    ):
        return _always_give_up
    plan = []
    for name, field in serializer.fields.items():
        default = _GIVE_UP if field.required else (empty if field.default is empty else field.default)
        if default not in (empty, _GIVE_UP) and callable(default):
            return _always_give_up  # a callable default may depend on context: DRF's business
        plan.append((name, field.source_attrs[0], _compile(field), default))
    validate = serializer.validate  # the serializer's own cross-field rule (Serializer.validate returns attrs)
    nullable = serializer.allow_null

    def check(data):
        if data is None:
            if nullable:
                return None
            raise _GiveUp
        if type(data) is not dict:
            raise _GiveUp
        result = {}
        for name, source, compiled, default in plan:
            value = data.get(name, empty)
            if value is empty:
                if default is empty:
                    continue
                if default is _GIVE_UP:
                    raise _GiveUp
                result[source] = default
            else:
                result[source] = compiled(value)
        try:
            return validate(result)
        except (ValidationError, DjangoValidationError):
            raise _GiveUp from None

    return check


def _always_give_up(_data):
    raise _GiveUp


@functools.cache
def fast_validator(serializer_class) -> Callable[[object], dict | None]:
    """`validate(raw_item)`: the validated data exactly as `serializer_class().run_validation(raw_item)` gives it,
    or None when the item must be validated by the serializer (it may be invalid). Compiled once per class."""
    compiled = _compile_serializer(serializer_class())

    def validate(raw):
        try:
            return compiled(raw)
        except _GiveUp:
            return None

    return validate
