"""Spreadsheet cells as people write them: the one set of cell parsers shared by the Cactus item template
(spreadsheets.py, GET/POST /products/templates/items) and the admin's product import (product_resources.py).

A cell may hold text, an int, a float (XLS and XLSX readers give 7.0 for "7") or nothing. Parsers raise
ValueError with a message a manager can act on; the callers put it on the row.
"""

from decimal import ROUND_DOWN, Decimal, InvalidOperation

# What the sheets write for each VAT rate ("20 %", readable), and every spelling they accept.
VAT_LABELS = {
    "VAT_20": "20 %",
    "VAT_10": "10 %",
    "VAT_7": "7 %",
    "VAT_5": "5 %",
    "VAT_0": "0 %",
    "NO_VAT": "без НДС",
}
_VAT_SPELLINGS = {
    **{code.lower(): code for code in VAT_LABELS},
    **{rate: f"VAT_{rate}" for rate in ("20", "10", "7", "5", "0")},
    **{f"{rate}%": f"VAT_{rate}" for rate in ("20", "10", "7", "5", "0")},
    **{f"ндс{rate}%": f"VAT_{rate}" for rate in ("20", "10", "7", "5", "0")},
    "безндс": "NO_VAT",
    "novat": "NO_VAT",
}
VAT_HINT = "20 %, 10 %, 7 %, 5 %, 0 % или без НДС (или VAT_20, VAT_10, VAT_7, VAT_5, VAT_0, NO_VAT)"

YES, NO = "да", "нет"
_BOOLEANS = {"да": True, "нет": False, "1": True, "0": False, "true": True, "false": False, "yes": True, "no": False}


def text(value) -> str:
    """The cell as text: None is "", 7.0 is "7", surrounding spaces dropped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def number(value) -> Decimal | None:
    """A finite number ("1 990,50", 7.0, "7"), None for an empty cell; ValueError for anything else."""
    cell = text(value).replace(",", ".").replace(" ", "").replace("\xa0", "")
    if not cell:
        return None
    try:
        result = Decimal(cell)
    except InvalidOperation:
        raise ValueError(f"«{_quoted(value)}» не число") from None
    if not result.is_finite():
        raise ValueError(f"«{_quoted(value)}» не число")
    return result


def amount(value, *, places: int, max_digits: int) -> Decimal | None:
    """A non-negative number with at most `places` decimals that fits a DecimalField(max_digits)."""
    result = number(value)
    if result is None:
        return None
    if result < 0:
        raise ValueError(f"«{_quoted(value)}» не может быть отрицательным")
    if result >= Decimal(10) ** (max_digits - places):
        raise ValueError(f"«{_quoted(value)}» слишком большое число")
    if result != result.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN):
        raise ValueError(f"«{_quoted(value)}»: не больше {places} знаков после запятой")
    return result


def vat(value) -> str | None:
    """The VAT code of a cell ("20 %", "VAT_20", "НДС 20%", "без НДС"), None for an empty cell."""
    cell = text(value)
    if not cell:
        return None
    code = _VAT_SPELLINGS.get("".join(cell.lower().split()))
    if code is None:
        raise ValueError(f"неизвестная ставка НДС «{cell}» ({VAT_HINT})")
    return code


def boolean(value) -> bool | None:
    cell = text(value)
    if not cell:
        return None
    flag = _BOOLEANS.get(cell.lower())
    if flag is None:
        raise ValueError(f"нужно «да» или «нет», а не «{cell}»")
    return flag


def _quoted(value) -> str:
    cell = text(value)
    return cell if len(cell) <= 40 else f"{cell[:40]}…"


def plain(value: Decimal | None) -> str:
    """A number as a sheet shows it: "1990", "2.5" (no exponent, no trailing zeros)."""
    if value is None:
        return ""
    return format(Decimal(value).normalize(), "f")


def listed(value) -> list[str]:
    """A comma (or semicolon) separated list, blanks dropped, order kept."""
    return [item.strip() for item in text(value).replace(";", ",").split(",") if item.strip()]
