"""Uploaded spreadsheets: the one place every import reads a file through, and the limits it enforces.

Limits come from settings (SPREADSHEET_IMPORT_MAX_BYTES, SPREADSHEET_IMPORT_MAX_ROWS). The archive checks of
the hardening work (zip bombs in XLSX) belong in read_spreadsheet_upload, so that every import gets them.
"""

from django.conf import settings

from .errors import ValidationFailed


def read_spreadsheet_upload(content: bytes) -> bytes:
    """The bytes of an uploaded spreadsheet, refused when empty or larger than the setting allows."""
    if not content:
        raise ValidationFailed("Файл пустой")
    limit = settings.SPREADSHEET_IMPORT_MAX_BYTES
    if len(content) > limit:
        raise ValidationFailed(f"Файл слишком большой, максимум {limit // (1024 * 1024)} МБ")
    return content


def check_spreadsheet_rows(count: int) -> None:
    limit = settings.SPREADSHEET_IMPORT_MAX_ROWS
    if count > limit:
        raise ValidationFailed(f"В файле {count} строк, максимум {limit}")
