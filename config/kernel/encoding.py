"""JSON encoding shared by the API renderer and history snapshots."""

from collections.abc import Iterable
from decimal import Decimal

import orjson

from .errors import ValidationFailed


def json_default(value):
    """Decimals render as JSON numbers: whole ones without a fraction (111, not 111.000)."""
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        return float(value)
    raise TypeError(f"Cannot serialise {type(value).__name__}")


def dumps(data) -> bytes:
    return orjson.dumps(data, default=json_default, option=orjson.OPT_NON_STR_KEYS)


def stream_object(head: dict, key: str, chunks):
    """`{**head, key: [...]}` as a byte stream, from chunks of comma-separated JSON items (empty ones
    skipped): large answers are written as they are read, never held whole."""
    yield dumps(head)[:-1] + (b"," if head else b"") + f'"{key}":['.encode()
    first = True
    for body in chunks:
        if body:
            yield body if first else b"," + body
            first = False
    yield b"]}"


MAX_JSON_DEPTH = 32  # the deepest body of the spec (a batch's variants' prices) is 6 levels


def loads(raw: bytes | str, *, max_depth: int = MAX_JSON_DEPTH):
    """Parse a JSON body from outside: orjson (strict UTF-8, so a lone surrogate is refused; no NaN or
    Infinity), then nesting deeper than `max_depth` refused, so no later step (validation, history
    snapshots, error messages) can recurse into a RecursionError. Raises ValidationFailed."""
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise ValidationFailed(f"некорректный JSON: {exc}") from None
    _check_depth(data, max_depth)
    return data


def _check_depth(data, max_depth: int) -> None:
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        children: Iterable
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > max_depth:
            raise ValidationFailed(f"некорректный JSON: вложенность больше {max_depth} уровней")
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
