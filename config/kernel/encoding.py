"""JSON encoding shared by the API renderer and history snapshots."""

import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Annotated

import orjson

from .errors import ValidationFailed

# A JSON number in an answer's shape (config/api/shapes.py): json_default writes a Decimal as a number, a whole
# one without a fraction. No digit limits in the schema: quantities, prices and dimensions each have their own.
Number = Annotated[Decimal, {"max_digits": None, "decimal_places": None}]
# Not `Number | None`: a Union hashes its members, and a dict in Annotated is unhashable.
NumberOrNone = Annotated[Decimal | None, {"max_digits": None, "decimal_places": None}]


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
    snapshots, error messages) can recurse into a RecursionError, and a key repeated in one object refused
    (orjson, like every parser, keeps the last silently: `{"id": "a", "id": "b"}` is not what was meant).
    Raises ValidationFailed."""
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise ValidationFailed(f"некорректный JSON: {_decode_error_reason(exc, max_depth)}") from None
    _check_depth(data, max_depth)
    if _may_repeat_keys(raw, data):
        _check_no_repeated_keys(raw)
    return data


# orjson's own messages are English; the API answers in Russian. First match wins, by a part of orjson's text.
_DECODE_REASONS = (
    ("byte order mark", "метка порядка байтов (BOM) в начале не допускается"),
    ("not valid UTF-8", "текст не в кодировке UTF-8"),
    ("surrogate", "одиночный суррогат UTF-16 (\\ud800-\\udfff)"),
    ("empty document", "пустой документ"),
    ("infinity", "число вне допустимого диапазона"),
    ("trailing comma", "лишняя запятая"),
    ("after document", "лишние символы после документа"),
)


def _decode_error_reason(exc: orjson.JSONDecodeError, max_depth: int) -> str:
    if "depth limit" in exc.msg:  # orjson's own limit (1024) comes before ours: say what ours says
        return f"вложенность больше {max_depth} уровней"
    reason = next((ru for en, ru in _DECODE_REASONS if en in exc.msg), "синтаксическая ошибка")
    return f"{reason} (строка {exc.lineno}, символ {exc.colno})"


def _may_repeat_keys(raw: bytes | str, data) -> bool:
    """A cheap test, in C, that no object lost a key: outside strings a colon follows each key once, and
    orjson writes every kept key with one colon and every colon inside a string as is. So the body has
    more colons than its re-encoding exactly when a key (and its value) was dropped, unless the body
    escapes a colon as \\u003a: then (and on any difference) the exact, slower check decides."""
    if isinstance(raw, str):
        raw = raw.encode()
    return raw.count(b":") != orjson.dumps(data).count(b":") or b"\\u003a" in raw or b"\\u003A" in raw


def _check_no_repeated_keys(raw: bytes | str) -> None:
    # Only reached for a body orjson accepted and _check_depth bounded, so the stdlib parser cannot fail
    # or recurse deeply here; it is slower, but calls the hook with every object's pairs in order.
    json.loads(raw, object_pairs_hook=_refuse_repeated_keys)


def _refuse_repeated_keys(pairs: list[tuple[str, object]]) -> dict:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        repeated = next(key for key, _ in pairs if key in seen or seen.add(key))  # type: ignore[func-returns-value]
        raise ValidationFailed(f"некорректный JSON: ключ «{repeated[:100]}» повторяется в одном объекте")
    return result


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
