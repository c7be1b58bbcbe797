"""JSON encoding shared by the API renderer and history snapshots."""

from decimal import Decimal

import orjson


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
