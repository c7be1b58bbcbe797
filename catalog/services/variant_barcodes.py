"""A variant's barcodes: unique across the catalog, the rows an item changes, and the write."""

from config.kernel.errors import ValidationFailed

from ..models import (
    Barcode,
    Variant,
)
from .rows import RowChanges, write_changes


def check_barcodes(barcodes: list[dict], taken_by_others: dict[str, tuple[str, str]]):
    """Refuse duplicates in the request and barcodes another variant holds.

    `taken_by_others`: barcode value -> (variant public id, product short name) of the other holder.
    """
    values = [b["value"] for b in barcodes]
    duplicates = {v for v in values if values.count(v) > 1}
    if duplicates:
        raise ValidationFailed(f"Штрихкод {sorted(duplicates)[0]} указан в запросе несколько раз")
    taken = sorted(v for v in values if v in taken_by_others)
    if taken:
        value = taken[0]
        variant_id, short_name = taken_by_others[value]
        raise ValidationFailed(
            f"Штрихкод {value} уже используются в варианте [{variant_id}] {short_name}, ШК: {value} "
        )


def barcode_changes(variant: Variant, barcodes: list[dict], current: dict[str, Barcode]) -> RowChanges:
    """Replace the variant's barcodes (`current` by value); the first one is the default unless one is."""
    values = {b["value"] for b in barcodes}
    changes = RowChanges(delete=[b for value, b in current.items() if value not in values])
    if barcodes and not any(b.get("is_default") for b in barcodes):
        barcodes = [{**barcodes[0], "is_default": True}, *barcodes[1:]]
    for item in barcodes:
        is_default, kind = bool(item.get("is_default")), item.get("type") or Barcode.Type.COMMON
        existing = current.get(item["value"])
        if existing is None:
            changes.create.append(Barcode(variant=variant, value=item["value"], is_default=is_default, type=kind))
        elif (existing.is_default, existing.type) != (is_default, kind):
            existing.is_default, existing.type = is_default, kind
            changes.update.append(existing)
    return changes


def apply_barcodes(variant: Variant, barcodes: list[dict], *, created: bool = False):
    if created and not barcodes:
        return
    values = [b["value"] for b in barcodes]
    taken = (
        Barcode.objects.filter(value__in=values)
        .exclude(variant=variant)
        .select_related("variant__product")
        .order_by("value")
        if values
        else []
    )
    check_barcodes(barcodes, {b.value: (b.variant.public_id, b.variant.product.short_name) for b in taken})
    current = {} if created else {b.value: b for b in Barcode.objects.filter(variant=variant)}
    write_changes(Barcode, barcode_changes(variant, barcodes, current), ["is_default", "type"])
