"""Query pieces the ORM has no word for."""

import weakref
from collections.abc import Collection

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import BooleanField, CharField, F, Func, Q, TextField


class _AnyOf(Func):
    """`column = ANY(%s)`, the values as one array parameter."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, column: str, values: list):
        super().__init__(F(column))
        self.values = values

    def as_sql(self, compiler, connection, function=None, template=None, arg_joiner=None, **extra_context):
        column = self.source_expressions[0]
        sql, params = compiler.compile(column)
        # The array in the column's own type: psycopg sends a list of ints as integer[], and `bigint =
        # ANY(integer[])` compares element by element (345 ms for 2000 ids against 50,000 stock rows) where
        # `bigint = ANY(bigint[])` looks each row up in a hash of the array (10 ms).
        # Text as `text[]`, not the column's varchar(n)[]: that cast would cut a longer value to n characters,
        # and a 70-character id would find the product named by its first 64.
        field = column.output_field
        array_type = "text" if isinstance(field, CharField | TextField) else field.cast_db_type(connection)
        return f"{sql} = ANY(%s::{array_type}[])", (*params, self.values)


def among(column: str, values: Collection) -> Q | _AnyOf:
    """Rows whose `column` is one of `values` (ids, codes), for `.filter()`.

    On PostgreSQL `= ANY(array)`: with `IN (...)` Django prepares and psycopg adapts each of the (in a
    1000-product batch or its documents, a few thousand) parameters, a quarter of the documents' time. SQLite
    has no arrays: IN there. No values: IN too, so that Django answers nothing without a query."""
    if values and connection.vendor == "postgresql":
        return _AnyOf(column, list(values))
    return Q(**{f"{column}__in": values})


def among_sql(column: str, values: Collection, name: str, array_type: str = "text") -> tuple[str, dict]:
    """among() for a hand-written query with named parameters: (`column = ANY(%(name)s::type[])`, {name:
    values}) on PostgreSQL; elsewhere `column IN (%(name_0)s, ...)` with one parameter per value. Values must
    not be empty (nothing to look up: ask nothing)."""
    values = list(values)
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%({name})s::{array_type}[])", {name: values}
    names = [f"{name}_{index}" for index in range(len(values))]
    placeholders = ", ".join(f"%({each})s" for each in names)
    return f"{column} IN ({placeholders})", dict(zip(names, values, strict=True))


# The names PREPAREd on each open PostgreSQL connection (a new connection starts with none).
_prepared: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def fetch_prepared(name: str, sql: str, params: dict, using: str = DEFAULT_DB_ALIAS) -> list[tuple]:
    """The rows of a hand-written query with named parameters, planned once per connection on PostgreSQL.

    For a hot, small read whose planning costs more than its run (the IMSHOP availability: 1.6 ms planned,
    0.9 ms run): the first call on a connection sends `PREPARE name AS <sql>` (a prepared statement outlives
    a rolled-back transaction), every call `EXECUTE name(...)`. `name` stands for the SQL text: one text per
    name (build the SQL so that it does not vary with the values, as among_sql does on PostgreSQL). Off with
    settings.DATABASE_PREPARED_STATEMENTS = False (a transaction pooler such as PgBouncer shares a server
    connection between clients and cannot keep a session's prepared statements); SQLite runs the SQL as is."""
    database = connections[using]
    with database.cursor() as cursor:
        if database.vendor != "postgresql" or not settings.DATABASE_PREPARED_STATEMENTS:
            cursor.execute(sql, params)
            return cursor.fetchall()
        keys = sorted(params)  # $1, $2, ... by name: the same numbering whatever order a caller builds params in
        names = _prepared.setdefault(database.connection, set())
        if name not in names:
            text = sql
            for index, key in enumerate(keys, 1):
                text = text.replace(f"%({key})s", f"${index}")
            cursor.execute(f"PREPARE {name} AS {text}")
            names.add(name)
        cursor.execute(f"EXECUTE {name}({', '.join(['%s'] * len(keys))})", [params[key] for key in keys])
        return cursor.fetchall()
