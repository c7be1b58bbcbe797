"""XLS (not XLSX: the spec demands the old format) reading and writing for the inventory."""

import io
import uuid

import xlwt
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from config.kernel.uploads import read_uploaded_spreadsheet

from .models import UniqueNumber
from .services import UniqueNumberRow
from .shapes import LotItemOut

LOT_COLUMNS = [
    ("variantId", "Вариант"),
    ("batchAccountingNumber", "Номер партии"),
    ("available", "Доступно"),
    ("productionDate", "Дата производства"),
    ("expirationDate", "Срок годности"),
    ("expirationDays", "Дней до окончания срока"),
    ("manufacturer", "Производитель"),
    ("manufacturerRequisites", "Реквизиты производителя"),
]


def _cell_text(value) -> str:
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if value is None:
        return ""
    return str(value).strip(" \t\r\n")  # not str.strip(): the GS separator (\x1d) of a code is data


def read_unique_numbers_xls(content: bytes) -> list[UniqueNumberRow]:
    """Rows of the first sheet: column 1 variant id, 2 the number, 3 its type (e.g. `1000, njkjnw9i98, UIT`).
    A first row whose third cell is not a known type is taken for a header and skipped; empty rows are skipped.
    Read by the shared reader of uploads (size, archive and row limits from settings), XLS only as the spec says.
    """
    sheet = read_uploaded_spreadsheet(content, formats=["xls"])
    rows = []
    for index, row in enumerate(sheet):
        cells = [_cell_text(c) for c in row[:3]]
        cells += [""] * (3 - len(cells))
        if not any(cells):
            continue
        if index == 0 and cells[2].upper() not in UniqueNumber.Type.values:
            continue
        rows.append(
            UniqueNumberRow(variant_id=cells[0], number=cells[1], type=cells[2].upper(), where=f"строка {index + 1}")
        )
    return rows


def write_lot_stocks_xls(*, warehouse_code: str, items: list[LotItemOut]) -> str:
    """Write the lots answer as an .xls into the default storage; returns the stored file's name."""
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Партии")
    bold = xlwt.easyxf("font: bold on")
    for col, (_, title) in enumerate(LOT_COLUMNS):
        sheet.write(0, col, title, bold)
    row = 1
    for item in items:
        for lot in item["batchAccountingStocks"]:
            values = {**lot, "variantId": item["variantId"]}
            for col, (key, _) in enumerate(LOT_COLUMNS):
                value = values.get(key)
                sheet.write(row, col, float(value) if key == "available" else ("" if value is None else value))
            row += 1
    buffer = io.BytesIO()
    book.save(buffer)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    safe_code = "".join(ch for ch in warehouse_code if ch.isalnum() or ch in "-_")[:40] or "warehouse"
    name = f"exports/batch-stocks/{safe_code}-{stamp}-{uuid.uuid4().hex[:8]}.xls"
    return default_storage.save(name, ContentFile(buffer.getvalue()))
