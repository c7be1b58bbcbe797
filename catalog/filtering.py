r"""The filter language of product searches and the queryset it builds.

`?filters=`, `?attributes=`, `?features=` carry expressions `name1:v1,v2;name2:a-b`:
several values of one field are OR, several fields are AND, `a-b` is an inclusive decimal range, booleans
are `true`/`false`. `filters` addresses the OTHER filter types by their field name (FILTER_FIELDS below),
`attributes` attribute codes, `features` variant option codes.

A value that contains one of the separators is written with a backslash before it: `\,` `\;` `\:` and `\\`
for the backslash itself (escape_value() / format_expression()), e.g. `material:Хлопок 97%\, эластан 3%,Лён`.
A string field's values given without escapes still match a stored value that equals them as a whole:
`material:Хлопок 97%, эластан 3%` selects that one value when some product has it (checked first), and
is split at the commas otherwise.

Pure domain code: parse_expression() raises only FilterError (a ValidationFailed); apply_filter_expressions()
narrows a Product queryset with one EXISTS sub-query per field, so it is shared by the public listing and
the private GET /products.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db.models import Exists, F, OuterRef, Q
from django.db.models.expressions import Combinable

from config.kernel.errors import ValidationFailed
from inventory.available import has_available
from inventory.models import StockLevel

from .models import Attribute, Feature, Product, ProductAttribute, Variant, VariantOption, VariantPrice
from .models.attributes import ValueType

MAX_EXPRESSION_LENGTH = 4000
MAX_FIELDS = 50
MAX_VALUES = 200
MAX_DECIMAL_DIGITS = 20

_NUMBER = r"\d+(?:[.,]\d+)?"
_RANGE_RE = re.compile(rf"^\s*({_NUMBER})\s*-\s*({_NUMBER})\s*$")
_NUMBER_RE = re.compile(rf"^\s*({_NUMBER})\s*$")


class FilterError(ValidationFailed):
    """A malformed expression or an unknown field; the message names the part that is wrong."""


class FieldType:
    STRING = "string"
    DECIMAL = "decimal"
    BOOLEAN = "boolean"


@dataclass(frozen=True)
class Range:
    low: Decimal
    high: Decimal


@dataclass(frozen=True)
class Clause:
    """One `name:values` part of an expression; values stay raw until the field's type is known. `whole` is
    the values part as one value (unescaped) when it held an unescaped comma: a string field tries it first."""

    name: str
    values: tuple[str, ...]
    whole: str | None = None


ESCAPED = "\\,;:"


def escape_value(value: str) -> str:
    """A value as it is written in an expression: a backslash before `\\`, `,`, `;` and `:`."""
    return "".join("\\" + ch if ch in ESCAPED else ch for ch in str(value))


def format_expression(fields: dict[str, list]) -> str:
    """{name: [values]} -> `name1:v1,v2;name2:v3`, every value escaped (the inverse of parse_expression)."""
    return ";".join(
        f"{escape_value(name)}:{','.join(escape_value(v) for v in values)}" for name, values in fields.items()
    )


def _split(text: str, separator: str, maxsplit: int = -1) -> list[str]:
    """Split at the separators that are not escaped; escapes are kept (unescape() removes them)."""
    parts, current, index = [], [], 0
    while index < len(text):
        ch = text[index]
        if ch == "\\" and index + 1 < len(text):
            current.append(text[index : index + 2])
            index += 2
            continue
        if ch == separator and maxsplit != 0:
            parts.append("".join(current))
            current = []
            maxsplit -= 1
        else:
            current.append(ch)
        index += 1
    parts.append("".join(current))
    return parts


def _unescape(text: str) -> str:
    # A backslash before a separator or itself stands for that character; before anything else it is kept.
    return re.sub(r"\\([\\,;:])", r"\1", text)


@dataclass(frozen=True)
class FilterField:
    """An OTHER filter type as the filter language sees it."""

    filter_type: str
    name: str
    title: str
    type: str


# The OTHER filter types: the field `name` of each is its filter type in lower case.
FILTER_FIELDS: dict[str, FilterField] = {
    f.name: f
    for f in (
        FilterField("PRICE", "price", "Цена", FieldType.DECIMAL),
        FilterField("STOCK_AVAILABLE", "stock_available", "В наличии", FieldType.BOOLEAN),
        FilterField("SIZE_WIDTH", "size_width", "Ширина", FieldType.DECIMAL),
        FilterField("SIZE_DEPTH", "size_depth", "Глубина", FieldType.DECIMAL),
        FilterField("SIZE_HEIGHT", "size_height", "Высота", FieldType.DECIMAL),
        FilterField("WEIGHT", "weight", "Вес", FieldType.DECIMAL),
        FilterField("COUNTRY_OF_ORIGIN", "country_of_origin", "Страна производства", FieldType.STRING),
        FilterField("DISCOUNT_AVAILABLE", "discount_available", "Со скидкой", FieldType.BOOLEAN),
        FilterField("IS_NOVELTY", "is_novelty", "Новинка", FieldType.BOOLEAN),
        FilterField("BRAND", "brand", "Бренд", FieldType.STRING),
        FilterField("IS_BESTSELLER", "is_bestseller", "Хит продаж", FieldType.BOOLEAN),
    )
}
FIELD_BY_FILTER_TYPE = {f.filter_type: f for f in FILTER_FIELDS.values()}


def parse_expression(text: str, param: str = "filters") -> list[Clause]:
    """`name1:v1,v2;name2:a-b` -> clauses. Empty parts between `;` are ignored."""
    if not isinstance(text, str):
        raise FilterError(f"{param}: ожидается строка")
    if len(text) > MAX_EXPRESSION_LENGTH:
        raise FilterError(f"{param}: выражение длиннее {MAX_EXPRESSION_LENGTH} символов")
    if "\x00" in text:
        raise FilterError(f"{param}: недопустимый символ NUL в выражении")
    clauses = []
    for part in _split(text, ";"):
        if not part.strip():
            continue
        pieces = _split(part, ":", maxsplit=1)
        if len(pieces) < 2:
            raise FilterError(f"{param}: в части «{part}» нет двоеточия (ожидается имя:значение1,значение2)")
        name, raw_values = _unescape(pieces[0]).strip(), pieces[1]
        if not name:
            raise FilterError(f"{param}: в части «{part}» не указано имя поля")
        raw = _split(raw_values, ",")
        values = tuple(_unescape(v).strip() for v in raw)
        whole = _unescape(raw_values).strip() if len(raw) > 1 else None
        if any(not v for v in values):
            raise FilterError(f"{param}: в части «{part}» пустое значение")
        if len(values) > MAX_VALUES:
            raise FilterError(f"{param}: у поля «{name}» больше {MAX_VALUES} значений")
        clauses.append(Clause(name=name, values=values, whole=whole))
        if len(clauses) > MAX_FIELDS:
            raise FilterError(f"{param}: больше {MAX_FIELDS} полей в выражении")
    return clauses


def _decimal(raw: str, where: str) -> Decimal:
    digits = raw.replace(",", ".")
    if len(digits.replace(".", "")) > MAX_DECIMAL_DIGITS:
        raise FilterError(f"{where}: слишком длинное число «{raw}»")
    try:
        return Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the regex admits only numbers
        raise FilterError(f"{where}: «{raw}» не число") from None


def decimal_values(clause: Clause, param: str) -> list[Decimal | Range]:
    """Each value is a number or an inclusive range `a-b`."""
    out: list[Decimal | Range] = []
    where = f"{param}: поле «{clause.name}»"
    for raw in clause.values:
        if match := _RANGE_RE.match(raw):
            low, high = _decimal(match.group(1), where), _decimal(match.group(2), where)
            if low > high:
                raise FilterError(f"{where}: начало диапазона «{raw}» больше его конца")
            out.append(Range(low, high))
        elif match := _NUMBER_RE.match(raw):
            out.append(_decimal(match.group(1), where))
        else:
            raise FilterError(f"{where}: «{raw}» не число и не диапазон вида 10-20")
    return out


def string_q(column: str, clause: Clause, anywhere) -> Q | Combinable:
    """A string field equals one of the values. When the values part held a comma, the whole of it is tried
    first: if some row of `anywhere` (all rows of that field) has it, it alone is the value; otherwise the
    values split at the commas apply. Decided in the same SQL (an uncorrelated NOT EXISTS), no extra query."""
    split = Q(**{f"{column}__in": list(clause.values)})
    if clause.whole is None:
        return split
    whole_exists = Exists(anywhere.filter(**{column: clause.whole}))
    return Q(**{column: clause.whole}) | (split & ~whole_exists)


def boolean_values(clause: Clause, param: str) -> set[bool]:
    out = set()
    for raw in clause.values:
        value = raw.lower()
        if value not in ("true", "false"):
            raise FilterError(f"{param}: поле «{clause.name}» принимает true или false, получено «{raw}»")
        out.add(value == "true")
    return out


def decimal_q(column: str, values: list[Decimal | Range]) -> Q:
    exact = [v for v in values if not isinstance(v, Range)]
    q = Q(**{f"{column}__in": exact}) if exact else Q(pk__in=[])
    for value in values:
        if isinstance(value, Range):
            q |= Q(**{f"{column}__gte": value.low, f"{column}__lte": value.high})
    return q


# --- OTHER filters ---------------------------------------------------------------------------------


def _variants_where(q: Q) -> Exists:
    return Exists(Variant.objects.filter(q, product=OuterRef("pk")))


def _price_role(role: str):
    return VariantPrice.objects.filter(variant__product=OuterRef("pk"), price_type__role=role)


def _other_condition(field: FilterField, clause: Clause, param: str) -> Q | Exists | Combinable:
    name = field.filter_type
    if field.type == FieldType.BOOLEAN:
        wanted = boolean_values(clause, param)
        if len(wanted) == 2:
            return Q()
        positive = _boolean_condition(name)
        return positive if True in wanted else ~positive
    if field.type == FieldType.DECIMAL:
        values = decimal_values(clause, param)
        if name == "PRICE":
            return Exists(_price_role("RETAIL").filter(decimal_q("value", values)))
        column = {"SIZE_WIDTH": "width", "SIZE_DEPTH": "depth", "SIZE_HEIGHT": "height", "WEIGHT": "weight"}[name]
        return _variants_where(decimal_q(column, values))
    column = {"BRAND": "brand_name", "COUNTRY_OF_ORIGIN": "country_of_origin"}[name]
    return string_q(column, clause, Product.objects.all())


def _boolean_condition(name: str) -> Q | Exists:
    if name == "IS_NOVELTY":
        return Q(is_novelty=True)
    if name == "IS_BESTSELLER":
        return Q(is_bestseller=True)
    if name == "STOCK_AVAILABLE":
        return Exists(StockLevel.objects.filter(has_available(), variant__product=OuterRef("pk")))
    # DISCOUNT_AVAILABLE: a variant whose "old" price is above its selling price (a join, not a sub-plan).
    return Exists(
        _price_role("OLD").filter(variant__prices__price_type__role="RETAIL", value__gt=F("variant__prices__value"))
    )


# --- attributes and features ---------------------------------------------------------------------


def _attribute_conditions(clauses: list[Clause]) -> list[Exists]:
    codes = {c.name for c in clauses}
    attributes = {a.code: a for a in Attribute.objects.filter(code__in=codes).only("pk", "code", "type")}
    conditions = []
    for clause in clauses:
        attribute = attributes.get(clause.name)
        if attribute is None:
            raise FilterError(f"attributes: неизвестный атрибут «{clause.name}»")
        rows = ProductAttribute.objects.filter(product=OuterRef("pk"), attribute_id=attribute.pk)
        if attribute.type == ValueType.DECIMAL:
            rows = rows.filter(decimal_q("decimal_value", decimal_values(clause, "attributes")))
        else:
            anywhere = ProductAttribute.objects.filter(attribute_id=attribute.pk)
            rows = rows.filter(string_q("string_value", clause, anywhere))
        conditions.append(Exists(rows))
    return conditions


def _feature_conditions(clauses: list[Clause]) -> list[Exists]:
    codes = {c.name for c in clauses}
    types = dict(Feature.objects.filter(code__in=codes).values_list("code", "type"))
    # Codes outside the dictionary are known when some variant uses them (one EXISTS per such code).
    used = {code for code in sorted(codes - set(types)) if VariantOption.objects.filter(code=code).exists()}
    conditions = []
    for clause in clauses:
        if clause.name not in types and clause.name not in used:
            raise FilterError(f"features: неизвестная опция «{clause.name}»")
        rows = VariantOption.objects.filter(variant__product=OuterRef("pk"), code=clause.name)
        if types.get(clause.name) == ValueType.DECIMAL:
            rows = rows.filter(decimal_q("decimal_value", decimal_values(clause, "features")))
        else:
            rows = rows.filter(string_q("string_value", clause, VariantOption.objects.filter(code=clause.name)))
        conditions.append(Exists(rows))
    return conditions


@dataclass(frozen=True)
class FilterExpressions:
    """The three parameters of the Cactus filter language, as the client sent them."""

    filters: str = ""
    attributes: str = ""
    features: str = ""

    def given(self) -> bool:
        return any(text.strip() for text in (self.filters, self.attributes, self.features))


def apply_filter_expressions(queryset, expressions: FilterExpressions):
    """Narrow a Product queryset by `filters`, `attributes` and `features` (all AND-ed)."""
    other = parse_expression(expressions.filters, "filters")
    attributes = parse_expression(expressions.attributes, "attributes")
    features = parse_expression(expressions.features, "features")
    conditions = []
    for clause in other:
        field = FILTER_FIELDS.get(clause.name.lower())
        if field is None:
            raise FilterError(f"filters: неизвестное поле «{clause.name}»; доступны: {', '.join(FILTER_FIELDS)}")
        conditions.append(_other_condition(field, clause, "filters"))
    if attributes:
        conditions += _attribute_conditions(attributes)
    if features:
        conditions += _feature_conditions(features)
    for condition in conditions:
        queryset = queryset.filter(condition)
    return queryset


__all__ = [
    "FILTER_FIELDS",
    "FIELD_BY_FILTER_TYPE",
    "Clause",
    "FieldType",
    "FilterError",
    "Range",
    "FilterExpressions",
    "apply_filter_expressions",
    "escape_value",
    "format_expression",
    "parse_expression",
]
