"""Numbers as people write them: 7, 1,5 (not 7.000, 1.500000000000000, 0E-15 or 1E+4)."""

from decimal import Decimal

from django.utils.formats import number_format


def plain_decimal(value: Decimal) -> Decimal:
    """The same number without trailing zeros and without an exponent: 10000.000 -> 10000, 0E-15 -> 0."""
    if not value.is_finite():
        return value
    if value == value.to_integral():
        return value.quantize(Decimal(1))
    return value.normalize()


def format_number(value: Decimal | int | None, *, signed: bool = False, empty: str = "—") -> str:
    """A number for a page, in the active language's format (1,5 in Russian, 1.5 in English)."""
    if value is None:
        return empty
    if isinstance(value, Decimal):
        value = plain_decimal(value)
    text = number_format(value, use_l10n=True)
    return f"+{text}" if signed and value > 0 else text
