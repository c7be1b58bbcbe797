"""SQLite's LIKE folds case only for ASCII, so `icontains` misses "Поло" for "поло". Development and the
SQLite test run replace it with a Unicode-aware LIKE; PostgreSQL needs nothing."""

import re
from functools import lru_cache

from django.db.backends.signals import connection_created


@lru_cache(maxsize=256)
def _like_regex(pattern: str, escape: str | None) -> re.Pattern:
    out, i = [], 0
    while i < len(pattern):
        char = pattern[i]
        if escape and char == escape and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        out.append(".*" if char == "%" else "." if char == "_" else re.escape(char))
        i += 1
    return re.compile("".join(out), re.DOTALL | re.IGNORECASE)


def _unicode_like(pattern, value, escape=None):
    if pattern is None or value is None:
        return None
    return _like_regex(pattern.casefold(), escape).fullmatch(str(value).casefold()) is not None


def install_unicode_like(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("like", 2, _unicode_like, deterministic=True)
        connection.connection.create_function("like", 3, _unicode_like, deterministic=True)


connection_created.connect(install_unicode_like)
