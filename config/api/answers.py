"""The Cactus answers, written once: the success envelope, a page of records, and the batch loop.

Views return `ok(...)` / `records(...)`; the three batch endpoints (products, variants, eshop settings) run
`run_batch`, which validates each item on its own, hands the good ones to one service call and answers every
item in the order it was sent, so one bad item never rejects the others. A batch's body is declared once, as a
serializer with one list field (`products = ProductIn(many=True)`): the OpenAPI request body, the key read and
the item serializer all come from it.
"""

import functools
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from .errors import error_list, flatten_validation
from .fast_validation import fast_validator
from .shapes import ErrorItem

Saved = TypeVar("Saved")
Refused = TypeVar("Refused")


def ok(fields: dict | None = None, /, **more: Any) -> Response:
    """`{"success": true, ...}`."""
    return Response({"success": True, **(fields or {}), **more})


def records(key: str, items: list, total: int) -> Response:
    """A page of a listing: `{"success": true, "recordsTotal": N, "<key>": [...]}`."""
    return ok({"recordsTotal": total, key: items})


@functools.cache
def batch_list(body: type[serializers.Serializer]) -> tuple[str, type[serializers.Serializer]]:
    """A batch body's one list field: its key and the serializer class of an item."""
    ((key, field),) = body().fields.items()
    child = getattr(field, "child", None)
    if not isinstance(field, serializers.ListSerializer) or not isinstance(child, serializers.Serializer):
        raise TypeError(f"{body.__name__}: one field `key = ItemSerializer(many=True)`, not {field!r}")
    return key, type(child)


def batch_items(data: Mapping, *, key: str, noun: str, max_items: int) -> list:
    """The list under `key` of a batch request, refused as a whole when it is not a list or too long."""
    raw_items = data.get(key)
    if not isinstance(raw_items, list):
        raise ValidationError({key: f"ожидается список {noun}"})
    if len(raw_items) > max_items:
        raise ValidationError(f"Слишком много {noun} в запросе: {len(raw_items)}, максимум {max_items}")
    return raw_items


def validate_items(
    serializer_class, raw_items: list, *, clean: Callable[[dict], dict] = dict
) -> list[tuple[dict | None, list[str]]]:
    """Validate each item of a batch on its own: (data, []) for a good item, (None, messages) for a bad one.

    One serializer validates every item (as DRF's ListSerializer does with its child): binding a new
    serializer per item deep-copies all its nested fields, 5 ms an item, most of a 1000-product batch. Before
    it, `fast_validator` takes the items it can vouch for (the same data the serializer gives, a fraction of
    the time); an item it is unsure of, and every invalid one, goes to the serializer and gets its messages.
    """
    serializer = serializer_class()
    fast = fast_validator(serializer_class)
    validated: list[tuple[dict | None, list[str]]] = []
    for raw in raw_items:
        if not isinstance(raw, dict):
            validated.append((None, ["Элемент списка должен быть объектом"]))
            continue
        data = fast(raw)
        if data is not None:
            validated.append((clean(data), []))
            continue
        try:
            validated.append((clean(dict(serializer.run_validation(raw))), []))
        except ValidationError as error:
            validated.append((None, flatten_validation(error.detail)))
    return validated


def run_batch(
    data: Mapping,
    body: type[serializers.Serializer],
    *,
    noun: str,
    max_items: int,
    save: Callable[[list[dict]], Iterable],
    answer: Callable[[Any], Saved],
    refuse: Callable[[Any, list[ErrorItem]], Refused],
    clean: Callable[[dict], dict] = dict,
) -> list[Saved | Refused]:
    """The items of a batch body (`data`, a JSON object, shaped as `body`; up to `max_items` `noun`s): validate
    every item, `save` the good ones in one call (it returns one result per item, in order), and answer each
    item where it stood: `answer(result)` for a saved one, `refuse(raw_item, errors)` for a bad one."""
    key, item_serializer = batch_list(body)
    raw_items = batch_items(data, key=key, noun=noun, max_items=max_items)
    validated = validate_items(item_serializer, raw_items, clean=clean)
    results = iter(save([item for item, errors in validated if item is not None and not errors]))
    answers: list[Saved | Refused] = []
    for (_data, errors), raw in zip(validated, raw_items, strict=True):
        answers.append(refuse(raw, error_list(*errors)) if errors else answer(next(results)))
    return answers
