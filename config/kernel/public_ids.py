"""The rule of a client-supplied public id (product, variant, collection, warehouse code...), one place for
every door: the API's IdField, the services' validate_public_id, the spreadsheet import."""

import re

# Digits, Latin letters, "-", "_", "#" and "." only. `\Z`, not `$`: `$` also matches before a trailing
# newline, so "demo1\n" passed as a valid id.
PUBLIC_ID_RE = re.compile(r"[0-9A-Za-z_#.-]+\Z")
PUBLIC_ID_MAX_LENGTH = 64


def is_public_id(value: str) -> bool:
    return bool(value) and len(value) <= PUBLIC_ID_MAX_LENGTH and PUBLIC_ID_RE.match(value) is not None
