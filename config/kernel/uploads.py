"""Uploaded spreadsheets: the one reader every spreadsheet upload goes through (`read_uploaded_spreadsheet`: the
admin's XLS and XLSX imports, the Cactus XLS uploads of the API), and the limits it enforces before parsing.
CSV and JSON files of the admin are parsed by django-import-export after `check_uploaded_spreadsheet`.

Size and row limits come from settings (SPREADSHEET_IMPORT_MAX_BYTES, SPREADSHEET_IMPORT_MAX_ROWS). An XLSX
file is a ZIP archive: a small file can unpack to a huge one (an "archive bomb") and keep a worker parsing for
minutes. The archive's directory declares every member's sizes; zipfile stops reading a member at its declared
size (a member that lies fails its CRC), so checking the declared sizes bounds the work.
"""

import io
import re
import zipfile
from collections.abc import Sequence

from django.conf import settings

from .errors import ValidationFailed

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound file an XLS (Excel 97-2003) is
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


def check_uploaded_spreadsheet(content: bytes) -> bytes:
    """The bytes of an uploaded spreadsheet, refused when empty, larger than the setting allows, or an archive
    that unpacks too far or declares more rows than allowed."""
    if not content:
        raise ValidationFailed("Файл пустой")
    limit = settings.SPREADSHEET_IMPORT_MAX_BYTES
    if len(content) > limit:
        raise ValidationFailed(f"Файл слишком большой, максимум {limit // (1024 * 1024)} МБ")
    check_spreadsheet_archive(content, max_rows=settings.SPREADSHEET_IMPORT_MAX_ROWS)
    return content


def read_uploaded_spreadsheet(
    content: bytes, *, formats: Sequence[str] = ("xls", "xlsx"), max_rows: int | None = None
) -> list[list]:
    """The rows of the first sheet of an uploaded XLS or XLSX file (cell values: text, numbers, dates; an empty
    cell is "" or None), after the checks of `check_uploaded_spreadsheet`. Refused (ValidationFailed, a message
    a person can act on) when it is not one of `formats`, cannot be read, or has more filled rows under the
    header than `max_rows` (default SPREADSHEET_IMPORT_MAX_ROWS)."""
    check_uploaded_spreadsheet(content)
    kind = "xlsx" if content[:4] == ZIP_MAGIC else "xls" if content[:8] == OLE_MAGIC else ""
    if kind not in formats:
        raise ValidationFailed(_format_refusal(kind, formats))
    try:
        rows = _xls_rows(content) if kind == "xls" else _xlsx_rows(content)
    except Exception:  # xlrd and openpyxl raise many unrelated types on a damaged file
        raise ValidationFailed(_format_refusal("", formats)) from None
    filled = [row for row in rows if any(cell not in (None, "") for cell in row)]
    limit = settings.SPREADSHEET_IMPORT_MAX_ROWS if max_rows is None else max_rows
    if len(filled) - 1 > limit:
        raise ValidationFailed(f"Слишком много строк: {len(filled) - 1}, максимум {limit}")
    return rows


def _format_refusal(kind: str, formats: Sequence[str]) -> str:
    if kind == "xlsx" and list(formats) == ["xls"]:
        return "Файл XLSX не поддерживается: сохраните его в формате XLS (Excel 97-2003)"
    wanted = " или ".join("XLS (Excel 97-2003)" if f == "xls" else f.upper() for f in formats)
    return f"Не удалось прочитать файл: нужен файл {wanted}"


def _xls_rows(content: bytes) -> list[list]:
    import xlrd

    book = xlrd.open_workbook(file_contents=content, on_demand=True)
    try:
        sheet = book.sheet_by_index(0)
        return [sheet.row_values(index) for index in range(sheet.nrows)]
    finally:
        book.release_resources()


def _xlsx_rows(content: bytes) -> list[list]:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        rows = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()
    width = max((len(row) for row in rows), default=0)
    return [row + [None] * (width - len(row)) for row in rows]


def check_spreadsheet_rows(count: int) -> None:
    limit = settings.SPREADSHEET_IMPORT_MAX_ROWS
    if count > limit:
        raise ValidationFailed(f"В файле {count} строк, максимум {limit}")
