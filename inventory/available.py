"""Available stock: what may still be sold from a stock row, total − reserved, never negative.

The one definition, in each language the project reads stock in (Python, the ORM, SQL). A warehouse may
report less than is reserved (its figure is the truth, see inventory.services); such a row is over-reserved
and has nothing available, never a negative figure.
"""

from decimal import Decimal

from django.conf import settings
from django.db.models import F, Q, Value
from django.db.models.functions import Greatest

ZERO = Decimal(0)


def available_quantity(total: Decimal | None, reserved: Decimal | None) -> Decimal:
    """From a row's figures; no row (total None): 0."""
    if total is None:
        return ZERO
    return max(total - (reserved or ZERO), ZERO)


def available_expression(prefix: str = "") -> Greatest:
    """The ORM expression over a stock row reached by `prefix` (e.g. "stock_levels__")."""
    return Greatest(F(f"{prefix}total") - F(f"{prefix}reserved"), Value(ZERO))


def has_available(prefix: str = "") -> Q:
    """Rows with something available (written as total > reserved so an index on the columns can serve it)."""
    return Q(**{f"{prefix}total__gt": F(f"{prefix}reserved")})


def over_reserved(prefix: str = "") -> Q:
    """Rows where the warehouse counted fewer goods than are reserved (StockLevel.over_reserved)."""
    return Q(**{f"{prefix}reserved__gt": F(f"{prefix}total")})


def available_sql(alias: str) -> str:
    """The SQL expression over the stock row aliased `alias` in a raw query."""
    return f"GREATEST({alias}.total - {alias}.reserved, 0)"


def low_stock_threshold() -> Decimal:
    """Free stock at or below this is low (settings.LOW_STOCK_THRESHOLD): the admin's filter and the dashboard."""
    return Decimal(str(getattr(settings, "LOW_STOCK_THRESHOLD", 5)))
