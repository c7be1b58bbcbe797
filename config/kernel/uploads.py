"""Uploaded spreadsheets: the one place every import reads a file through (`read_spreadsheet_upload`: the admin
imports, the API's XLS uploads), and the limits it enforces before any reader parses the file.

Size and row limits come from settings (SPREADSHEET_IMPORT_MAX_BYTES, SPREADSHEET_IMPORT_MAX_ROWS). An XLSX
file is a ZIP archive: a small file can unpack to a huge one (an "archive bomb") and keep a worker parsing for
minutes. The archive's directory declares every member's sizes; zipfile stops reading a member at its declared
size (a member that lies fails its CRC), so checking the declared sizes bounds the work.
"""

import io
import re
import zipfile

from django.conf import settings

from .errors import ValidationFailed

ZIP_MAGIC = b"PK\x03\x04"
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
MAX_MEMBERS = 1000
# Spreadsheet XML packs about 5-20 to 1; far more is a file built to be expanded.
MAX_RATIO = 100
RATIO_CHECKED_FROM_BYTES = 1024 * 1024
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]+\d+(?::[A-Z]+(\d+))?"')


def check_spreadsheet_archive(content: bytes, *, max_rows: int | None = None) -> None:
    """Refuse (ValidationFailed) an XLSX whose members declare more than MAX_UNPACKED_BYTES in all, or pack
    suspiciously well, or whose sheets declare more than `max_rows` rows. Other formats pass unchanged."""
    if content[:4] != ZIP_MAGIC:
        return
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
            _check_sizes(members)
            if max_rows is not None:
                _check_rows(archive, members, max_rows)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError):
        return  # a damaged archive: the reader refuses it with its own message, without unpacking anything


def _check_sizes(members: list[zipfile.ZipInfo]) -> None:
    if len(members) > MAX_MEMBERS:
        raise ValidationFailed(f"Файл XLSX отклонен: в архиве больше {MAX_MEMBERS} частей")
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise ValidationFailed(
            f"Файл XLSX отклонен: в распакованном виде {unpacked // (1024 * 1024)} МБ, "
            f"максимум {MAX_UNPACKED_BYTES // (1024 * 1024)} МБ"
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_CHECKED_FROM_BYTES and ratio > MAX_RATIO:
            raise ValidationFailed(
                f"Файл XLSX отклонен: часть {member.filename} сжата в {int(ratio)} раз, так таблицы не сжимаются"
            )


def _check_rows(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], max_rows: int) -> None:
    for member in members:
        if not (member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml")):
            continue
        with archive.open(member) as sheet:
            head = sheet.read(16 * 1024)  # <dimension> comes first in a sheet written by any spreadsheet tool
        found = _DIMENSION.search(head)
        if found and found.group(1) and int(found.group(1)) > max_rows + 1:  # + the header row
            raise ValidationFailed(f"Слишком много строк: {int(found.group(1)) - 1}, максимум {max_rows}")


def read_spreadsheet_upload(content: bytes) -> bytes:
    """The bytes of an uploaded spreadsheet, refused when empty, larger than the setting allows, or an archive
    that unpacks too far or declares more rows than allowed."""
    if not content:
        raise ValidationFailed("Файл пустой")
    limit = settings.SPREADSHEET_IMPORT_MAX_BYTES
    if len(content) > limit:
        raise ValidationFailed(f"Файл слишком большой, максимум {limit // (1024 * 1024)} МБ")
    check_spreadsheet_archive(content, max_rows=settings.SPREADSHEET_IMPORT_MAX_ROWS)
    return content


def check_spreadsheet_rows(count: int) -> None:
    limit = settings.SPREADSHEET_IMPORT_MAX_ROWS
    if count > limit:
        raise ValidationFailed(f"В файле {count} строк, максимум {limit}")
