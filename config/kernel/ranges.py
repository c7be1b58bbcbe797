"""Number ranges derived from the model fields, so input is checked against the column that will store it
(an `ordering` of 2147483648 is a clear 400 naming the field, not a database error).

The ranges are PostgreSQL's (the production database) whatever the database in use: SQLite's integers are
wider, and a value it would store must not be one PostgreSQL refuses."""

from decimal import Decimal
from typing import Any

from django.db.backends.base.operations import BaseDatabaseOperations


def integer_bounds(model, field_name: str) -> dict[str, Any]:  # Any: spread into a field's keyword arguments
    """`{"min_value": ..., "max_value": ...}` of an integer model field, for a serializer's IntegerField."""
    field = model._meta.get_field(field_name)
    low, high = BaseDatabaseOperations.integer_field_ranges[field.get_internal_type()]
    return {"min_value": low, "max_value": high}


def decimal_limits(model, field_name: str) -> dict[str, Any]:  # Any: spread into a field's keyword arguments
    """`max_digits`, `decimal_places`, `min_value` and `max_value` of a decimal model field, for a serializer's
    DecimalField: the column's digits, and at most one whole unit below its limit (999999999999999 for
    NUMERIC(30, 15)). The margin is for SQLite, which stores a decimal as a double and reads it back rounded to
    15 significant digits: 999999999999999.9 would come back as 1E+15, a number the column's own converter then
    refuses (decimal.InvalidOperation, a 500 on the next read)."""
    field = model._meta.get_field(field_name)
    limit = Decimal(10) ** (field.max_digits - field.decimal_places) - 1
    return {
        "max_digits": field.max_digits,
        "decimal_places": field.decimal_places,
        "min_value": -limit,
        "max_value": limit,
    }


# Numbers inside free-form JSON (e.g. a product's subscriptionInfo) stay exact in a double and in PostgreSQL's
# jsonb round trip: 1e308 would come back from jsonb as a 309-digit integer no JSON writer can render.
JSON_NUMBER_LIMIT = 2**53


def json_number_out_of_range(value) -> float | int | None:
    """The first number in a JSON value whose magnitude exceeds JSON_NUMBER_LIMIT, else None."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, int | float) and not isinstance(item, bool) and abs(item) > JSON_NUMBER_LIMIT:
            return item
    return None
