"""Query parameters every API shares: Cactus paging (`page` from 0, `size`), ordering (`order=<field>+asc|desc`),
flags and comma lists. Bad values raise the domain's ValidationFailed ("name: message"), which every API answers
as a 400 in its own format; reads take the parsed values, never the query string."""

from dataclasses import dataclass

from .errors import ValidationFailed


def _invalid(name: str, message: str) -> ValidationFailed:
    return ValidationFailed(f"{name}: {message}")


@dataclass(frozen=True)
class Page:
    page: int
    size: int

    @property
    def offset(self) -> int:
        return self.page * self.size

    def slice(self, queryset):
        return queryset[self.offset : self.offset + self.size]


# Far beyond any real catalog, and small enough that page * size stays a 64-bit SQL OFFSET.
MAX_PAGE = 10_000_000


def parse_int(params, name: str, default: int, minimum: int = 0, maximum: int | None = None) -> int:
    raw = params.get(name)
    if raw in (None, ""):
        return default
    if len(str(raw)) > 20:  # int() of a huge string is slow, and no parameter needs more digits
        raise _invalid(name, "слишком большое число")
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise _invalid(name, f"ожидается целое число, получено «{raw}»") from None
    if value < minimum:
        raise _invalid(name, f"должно быть не меньше {minimum}")
    if maximum is not None and value > maximum:
        raise _invalid(name, f"должно быть не больше {maximum}")
    return value


def parse_page(params, *, default_size: int, max_size: int) -> Page:
    """Sizes above the cap are cut to the cap, as the spec says ("even if more is asked")."""
    page = parse_int(params, "page", 0, maximum=MAX_PAGE)
    size = parse_int(params, "size", default_size, minimum=1)
    return Page(page=page, size=min(size, max_size))


def parse_order(params, allowed: dict[str, str], default: list[str]) -> list[str]:
    """`order=shortname+asc` (the `+` arrives as a space once the query string is decoded)."""
    raw = (params.get("order") or "").strip()
    if not raw:
        return default
    field, _, direction = raw.replace("+", " ").partition(" ")
    field, direction = field.strip().lower(), (direction.strip().lower() or "asc")
    if field not in allowed:
        raise _invalid("order", f"неизвестное поле сортировки «{field}»; доступны: {', '.join(allowed)}")
    if direction not in ("asc", "desc"):
        raise _invalid("order", "направление сортировки должно быть asc или desc")
    column = allowed[field]
    return [("-" if direction == "desc" else "") + column, *[d for d in default if d.lstrip("-") != column]]


def parse_bool(params, name: str, default=None):
    raw = params.get(name)
    if raw in (None, ""):
        return default
    value = str(raw).strip().lower()
    if value in ("true", "1", "yes"):
        return True
    if value in ("false", "0", "no"):
        return False
    raise _invalid(name, f"ожидается true или false, получено «{raw}»")


def parse_csv(params, name: str) -> list[str]:
    raw = params.get(name) or ""
    return [part.strip() for part in raw.split(",") if part.strip()]
