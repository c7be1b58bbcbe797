"""The stock an item of a product write sets, written through inventory.services (ledger included)."""

from config.kernel.actor import Actor
from config.kernel.errors import ValidationFailed
from inventory.models import Warehouse
from inventory.services import default_warehouse, fraction_refused, is_whole, set_stock_totals

from ..models import Variant


def stock_entries(
    variant: Variant, stock: list[dict], warehouses: dict[str, Warehouse], default, *, catch_weight: bool
) -> list[tuple]:
    """(variant, warehouse pk, total) for each stock item with a total; `default()` gives the default
    warehouse for items without a code. Each warehouse once (a second item would silently win), and whole
    pieces unless the product is sold by weight (`catch_weight`: the flag as this write leaves it), checked
    here so a batch refuses just this item; set_stock_totals checks the pieces again at the write."""
    entries = []
    seen: dict[int, str] = {}
    for item in stock:
        if item.get("stock_total") is None:
            continue
        code = item.get("warehouse_code")
        warehouse = warehouses.get(code) if code else default()
        if warehouse is None:
            raise ValidationFailed(f"Склад с кодом «{code}» не найден" if code else "Не настроен склад по умолчанию")
        if warehouse.pk in seen:
            raise ValidationFailed(f"stock: склад «{warehouse.code}» указан в запросе несколько раз")
        seen[warehouse.pk] = warehouse.code
        if not catch_weight and not is_whole(item["stock_total"]):
            raise ValidationFailed(f"stock: {fraction_refused(variant.public_id, item['stock_total'])}")
        entries.append((variant, warehouse.pk, item["stock_total"]))
    return entries


def apply_stock(variant: Variant, stock: list[dict], actor: Actor, *, catch_weight: bool):
    codes = [s["warehouse_code"] for s in stock if s.get("warehouse_code")]
    warehouses = {w.code: w for w in Warehouse.objects.filter(code__in=codes)}
    entries = stock_entries(variant, stock, warehouses, default_warehouse, catch_weight=catch_weight)
    set_stock_totals(
        entries=[(v.pk, w, total) for v, w, total in entries],
        source=actor.source,
        user_login=actor.login,
        reason=actor.stock_reason,
    )
