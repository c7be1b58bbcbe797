"""The item template (GET/POST /products/templates/items): an XLS a buyer fills in, and its analysis.

The analysis only reads the catalog: it recognises the goods of each row and reports the rows it cannot
use, so a client can build a purchase order from the answer. Nothing on the server changes.
"""

import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NotRequired, TypedDict

import xlwt
from django.conf import settings
from django.db.models import Prefetch

from config.kernel.encoding import Number
from config.kernel.errors import ValidationFailed
from config.kernel.uploads import read_uploaded_spreadsheet

from . import cells as parse
from .models import Barcode, Variant

TEMPLATE_FILE_NAME = "ItemTemplate.xls"
CODE, PRODUCT_CODE, EXT_ID, ARTICLE, NAME, PRICE, QUANTITY, VAT, BARCODE = (
    "Код",
    "Код продукта",
    "Внешний код",
    "Артикул",
    "Наименование",
    "Цена",
    "Количество",
    "НДС",
    "Штрихкод",
)
COLUMNS = [CODE, PRODUCT_CODE, EXT_ID, ARTICLE, NAME, PRICE, QUANTITY, VAT, BARCODE]
COLUMN_WIDTHS = {CODE: 12, PRODUCT_CODE: 12, EXT_ID: 14, ARTICLE: 16, NAME: 40, PRICE: 10, QUANTITY: 12, VAT: 10}


def template_max_rows() -> int:
    return getattr(settings, "ITEM_TEMPLATE_MAX_ROWS", 5000)


# --- the template ------------------------------------------------------------------------------


def variant_name(variant: Variant) -> str:
    values = [str(o.value) for o in variant.options.all() if o.value not in (None, "")]
    name = variant.product.short_name or ""
    return ", ".join([name, *values]) if name and values else (name or ", ".join(values))


def build_item_template() -> bytes:
    """The XLS template, prefilled with the catalog's variants (not deleted, up to ITEM_TEMPLATE_MAX_ROWS)."""
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Товары")
    bold = xlwt.easyxf("font: bold on")
    for col, title in enumerate(COLUMNS):
        sheet.write(0, col, title, bold)
        sheet.col(col).width = 256 * COLUMN_WIDTHS.get(title, 16)
    variants = (
        Variant.objects.filter(product__deleted=False)
        .select_related("product")
        .prefetch_related("options", Prefetch("barcodes", queryset=Barcode.objects.order_by("-is_default", "id")))
        .order_by("product_id", "ordering", "id")[: template_max_rows()]
    )
    for row, variant in enumerate(variants, start=1):
        barcodes = list(variant.barcodes.all())
        values = [
            variant.public_id,
            variant.product.public_id,
            variant.ext_id or "",
            variant.article or "",
            variant_name(variant),
            "",
            "",
            variant.product.vat,
            barcodes[0].value if barcodes else "",
        ]
        for col, value in enumerate(values):
            sheet.write(row, col, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- reading a filled template ---------------------------------------------------------------


def read_xls_rows(content: bytes) -> list[list]:
    """The rows of the first sheet of a filled template: the shared reader of uploads (size, archive and row
    limits from settings; at most ITEM_TEMPLATE_MAX_ROWS rows), XLS only as the spec defines the endpoint."""
    return read_uploaded_spreadsheet(content, formats=["xls"], max_rows=template_max_rows())


@dataclass
class TemplateRow:
    number: int
    cells: dict
    errors: list[str] = field(default_factory=list)


class TemplateItem(TypedDict):
    """A recognised row of the template: the goods it names and the quantity, VAT and price to order."""

    num: int
    variantId: str
    productId: str
    variantExtId: NotRequired[str]
    name: str
    article: str
    quantity: Number
    vatRate: str
    price: Number
    barcode: NotRequired[str]


_text = parse.text
_number = parse.number


def analyse_item_template(content: bytes) -> tuple[list[TemplateItem], list[str]]:
    """(items, row errors) of a filled item template. Reads the catalog only."""
    rows = read_xls_rows(content)
    header_index = next((i for i, row in enumerate(rows) if any(_text(c) for c in row)), None)
    if header_index is None:
        raise ValidationFailed("В файле нет ни одной строки")
    header = {_text(c).lower(): col for col, c in enumerate(rows[header_index]) if _text(c)}
    missing = [title for title in (CODE, QUANTITY) if title.lower() not in header]
    if missing:
        raise ValidationFailed(
            f"В файле нет колонки «{missing[0]}»: заполните шаблон GET /api/lite/products/templates/items"
        )
    data_rows = []
    for index in range(header_index + 1, len(rows)):
        line = rows[index]
        cells = {
            title: _text(line[header[title.lower()]]) if header.get(title.lower(), 99999) < len(line) else ""
            for title in COLUMNS
        }
        if any(cells.values()):
            data_rows.append(TemplateRow(number=index + 1, cells=cells))

    items: list[TemplateItem] = []
    errors: list[str] = []
    # A NUL character cannot be stored or compared by PostgreSQL: the row is an error, never looked up.
    for row in [r for r in data_rows if any("\x00" in value for value in r.cells.values())]:
        errors.append(f"Найдены следующие ошибки в строке {row.number} : недопустимый символ NUL в ячейке")
        data_rows.remove(row)
    by_id, by_barcode, by_article = _load_variants(data_rows)
    for row in data_rows:
        cells = row.cells
        variant, lookup_error = _find(cells, by_id, by_barcode, by_article)
        suffix = f" - Артикул {cells[ARTICLE]}, {cells[NAME]}"
        if variant is None:
            errors.append(f"Найдены следующие ошибки в строке {row.number} : {lookup_error}{suffix}")
            continue
        problems, item = _row_values(cells, variant)
        if problems or item is None:
            errors.append(f"Найдены следующие ошибки в строке {row.number} : {'; '.join(problems)};{suffix}")
            continue
        item["num"] = len(items) + 1
        items.append(item)
    return items, errors


def _load_variants(rows: list[TemplateRow]):
    codes = {r.cells[CODE] for r in rows if r.cells[CODE]}
    barcodes = {r.cells[BARCODE] for r in rows if r.cells[BARCODE] and not r.cells[CODE]}
    articles = {r.cells[ARTICLE] for r in rows if r.cells[ARTICLE] and not r.cells[CODE] and not r.cells[BARCODE]}
    base = Variant.objects.select_related("product").prefetch_related(
        "options", Prefetch("barcodes", queryset=Barcode.objects.order_by("-is_default", "id"))
    )
    by_id = {v.public_id: v for v in base.filter(public_id__in=codes)} if codes else {}
    by_barcode = {}
    if barcodes:
        owners = dict(Barcode.objects.filter(value__in=barcodes).values_list("value", "variant_id"))
        variants = {v.pk: v for v in base.filter(pk__in=owners.values())}
        by_barcode = {value: variants[pk] for value, pk in owners.items()}
    by_article = {}
    if articles:
        for variant in base.filter(article__in=articles).order_by("-id"):
            by_article[variant.article] = variant
    return by_id, by_barcode, by_article


def _find(cells, by_id, by_barcode, by_article) -> tuple[Variant | None, str | None]:
    if cells[CODE]:
        variant = by_id.get(cells[CODE])
        field_name, value = CODE, cells[CODE]
    elif cells[BARCODE]:
        variant = by_barcode.get(cells[BARCODE])
        field_name, value = BARCODE, cells[BARCODE]
    elif cells[ARTICLE]:
        variant = by_article.get(cells[ARTICLE])
        field_name, value = ARTICLE, cells[ARTICLE]
    else:
        return None, "не указан ни Код, ни Штрихкод, ни Артикул товара"
    if variant is None:
        return None, f"не найден товар по полю {field_name} в kak2c и значению {value}"
    return variant, None


def _row_values(cells, variant: Variant) -> tuple[list[str], TemplateItem | None]:
    problems = []
    try:
        quantity = _number(cells[QUANTITY])
        if quantity is None:
            problems.append("не указано количество")
        elif quantity <= 0:
            problems.append("количество должно быть больше нуля")
    except ValueError:
        quantity = None
        problems.append(f"количество «{cells[QUANTITY]}» не число")
    try:
        price = _number(cells[PRICE]) or Decimal(0)
        if price < 0:
            problems.append("цена не может быть отрицательной")
    except ValueError:
        price = Decimal(0)
        problems.append(f"цена «{cells[PRICE]}» не число")
    vat = variant.product.vat
    if cells[VAT]:
        try:
            vat = parse.vat(cells[VAT]) or vat  # a filled cell is a code or a ValueError, never None
        except ValueError:
            problems.append(f"неизвестная ставка НДС «{cells[VAT]}» (VAT_20, VAT_10, VAT_7, VAT_5, VAT_0 или NO_VAT)")
    if problems or quantity is None:
        return problems, None
    item = TemplateItem(
        num=0,
        variantId=variant.public_id,
        productId=variant.product.public_id,
        variantExtId=variant.ext_id or "",
        name=cells[NAME] or variant_name(variant),
        article=variant.article or "",
        quantity=quantity,
        vatRate=vat,
        price=price,
    )
    if not variant.ext_id:  # written in its place when there is one, else left out
        del item["variantExtId"]
    barcodes = list(variant.barcodes.all())
    barcode = cells[BARCODE] or (barcodes[0].value if barcodes else "")
    if barcode:
        item["barcode"] = barcode
    return [], item
