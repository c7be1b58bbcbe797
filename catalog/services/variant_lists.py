"""Each list of a variant item names a key once (issue 17).

Two prices of one price type, two default barcodes, one barcode, warehouse or eshop twice: before, the last
row silently won. The input serializers (catalog/api/serializers.py: VariantIn.validate) refuse such an item
with a 400 before anything is written, and the writers (save_variant, product_batch) run the same check for
the doors without a serializer (the admin pages, the spreadsheet import)."""

from config.kernel.errors import ValidationFailed

# An item without warehouseCode writes the default warehouse: two of them name it twice.
DEFAULT_WAREHOUSE = "склад по умолчанию"


def refuse_duplicates(field_name: str, values, what: str) -> None:
    """Refuse the first value met twice, naming the field and the value."""
    seen: set = set()
    for value in values:
        if value in seen:
            raise ValidationFailed(f"{field_name}: {what} «{value}» указан в запросе несколько раз")
        seen.add(value)


def check_variant_lists(data: dict) -> None:
    """A variant item's (snake_case, validated) prices, barcodes, stock and eshopSettings: each key once."""
    refuse_duplicates("prices", (p["price_code"] for p in data.get("prices") or []), "тип цены")
    barcodes = data.get("barcodes") or []
    refuse_duplicates("barcodes", (b["value"] for b in barcodes), "штрихкод")
    defaults = [b["value"] for b in barcodes if b.get("is_default")]
    if len(defaults) > 1:
        # One barcode is the default: with two, which one it is would depend on the order of the rows.
        raise ValidationFailed(f"barcodes: основным (isDefault) отмечено несколько штрихкодов: {', '.join(defaults)}")
    codes = (s.get("warehouse_code") or DEFAULT_WAREHOUSE for s in data.get("stock") or [])
    refuse_duplicates("stock", codes, "склад")
    refuse_duplicates("eshopSettings", (s["eshop_id"] for s in data.get("eshop_settings") or []), "eshopId")
