"""Variant write paths: create, replace (POST), partial update (PATCH), delete.

Callers pass validated snake_case data (see catalog/api/serializers.py for the camelCase mapping).
These functions do not record history: the product-level entry points in products.py do, once per
product, after all its writes.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from config.kernel.actor import Actor
from config.kernel.bulk import update_rows
from config.kernel.errors import NotFound, ValidationFailed
from inventory.models import StockLevel, Warehouse
from inventory.services import default_warehouse, set_stock_totals

from ..models import (
    Barcode,
    Eshop,
    IdCounter,
    PriceType,
    Product,
    ProductImage,
    Variant,
    VariantEshopSetting,
    VariantOption,
    VariantPrice,
)
from ..models.common import PUBLIC_ID_MAX_LENGTH, PUBLIC_ID_RE
from .history import record_product_events

VARIANT_SCALARS = [
    "ext_id",
    "ext_id2",
    "ext_id3",
    "ext_id4",
    "ext_id5",
    "article",
    "ordering",
    "default_image",
    "weight",
    "height",
    "width",
    "depth",
    "weight_fact",
    "height_fact",
    "width_fact",
    "depth_fact",
    "can_be_rotated",
    "is_physical_set",
    "discount_percent",
    "discount_fix",
    "discount_type",
    "discount_value",
    "bundle_optional_count",
    "auto_price_calculation",
    "auto_dimensions_calculation",
]
# Relations a POST (replace) clears when absent. Stock is never cleared: it changes only with
# updateStockTotal=true.
VARIANT_RELATIONS = ["prices", "barcodes", "options", "eshop_settings"]


# What a writer reports when a unique constraint catches a concurrent write that the checks above could
# not see (the same id or barcode saved by another request at the same moment).
INTEGRITY_RACE = "Не удалось сохранить: id или штрихкод только что занят другим запросом, повторите"


def validate_public_id(value: str, kind: str) -> str:
    if not PUBLIC_ID_RE.match(value or "") or len(value) > PUBLIC_ID_MAX_LENGTH:
        raise ValidationFailed(
            f'Заданный ID {kind} "{value}" не соответствует требованиям: ID должен содержать только цифры, '
            "латиницу, тире, подчеркивание, #, или точку "
        )
    return value


def free_ids(name: str, model, count: int, *, taken=frozenset()) -> list[str]:
    """`count` new public ids from the counter, skipping ids someone already chose by hand (in the
    database, or in `taken`: ids a batch is about to insert)."""
    ids: list[str] = []
    while len(ids) < count:
        candidates = IdCounter.allocate(name, count - len(ids))
        used = set(model.objects.filter(public_id__in=candidates).values_list("public_id", flat=True))
        ids += [c for c in candidates if c not in used and c not in taken]
    return ids


def new_variant(*, product: Product, public_id: str | None = None, data: dict | None = None) -> Variant:
    """Insert a variant (its scalar fields taken from `data`) with the given or a generated id."""
    if public_id is None:
        public_id = free_ids("variant", Variant, 1)[0]
    variant = Variant(product=product, public_id=public_id)
    _apply_scalars(variant, data or {}, partial=False)
    # A concurrent insert of the same id raises IntegrityError; the caller's savepoint reports it
    # (see INTEGRITY_RACE), so no savepoint of our own per variant.
    variant.save(force_insert=True)
    return variant


def save_variant(*, product: Product, variant: Variant | None, data: dict, partial: bool, actor: Actor) -> Variant:
    """Create (variant=None) or update one variant of `product` from validated data.

    A new variant has no rows to replace, so its relations are only inserted (fewer queries in batches).
    """
    created = variant is None
    check_default_image(data, product_image_ids(product, data))
    if created:
        public_id = data.get("public_id")
        if public_id is not None:
            validate_public_id(public_id, "варианта")
        variant = new_variant(product=product, public_id=public_id, data=data)
        partial = False
    else:
        _apply_scalars(variant, data, partial)
        variant.save()
    _apply_prices(variant, data, partial, created=created)
    if "barcodes" in data or not partial:
        _apply_barcodes(variant, data.get("barcodes") or [], created=created)
    if "options" in data or not partial:
        _apply_options(variant, data.get("options") or [], created=created)
    if "eshop_settings" in data or not partial:
        _apply_eshop_settings(variant, data.get("eshop_settings") or [], created=created)
    if data.get("update_stock_total") and data.get("stock"):
        _apply_stock(variant, data["stock"], actor)
    return variant


def apply_fields(instance, names: list[str], data: dict, partial: bool):
    """Set the model fields `names` from data: a PATCH (partial) leaves absent ones alone, a POST resets
    them to their default; None for a field that cannot be null means its default too."""
    meta = type(instance)._meta
    for name in names:
        if name in data:
            value = data[name]
        elif partial:
            continue
        else:
            value = meta.get_field(name).get_default()
        if value is None and not meta.get_field(name).null:
            value = meta.get_field(name).get_default()
        setattr(instance, name, value)


def _apply_scalars(variant: Variant, data: dict, partial: bool):
    apply_fields(variant, VARIANT_SCALARS, data, partial)


# --- the rules: pure functions shared by save_variant (one variant) and product_batch (a whole batch) ---------
# They take what they need to look at (price types, barcode owners, sibling options, eshops, warehouses) as
# arguments, raise ValidationFailed like the writers did, and return the rows to write.


def check_default_image(data: dict, product_image_ids) -> None:
    """defaultImage must name one of the product's images (`product_image_ids`: their ids); null or ""
    clears it."""
    image_id = data.get("default_image")
    if image_id not in (None, "") and image_id not in product_image_ids:
        raise ValidationFailed(f"defaultImage: у продукта нет изображения с id «{image_id}»")


def product_image_ids(product: Product, data: dict) -> set[str]:
    """The ids among the item's defaultImage that are images of the product (one query, only when needed)."""
    image_id = data.get("default_image")
    if image_id in (None, "") or product.pk is None:
        return set()
    return set(ProductImage.objects.filter(product=product, public_id=image_id).values_list("public_id", flat=True))


def wanted_prices(data: dict, price_types: list[PriceType]) -> dict[int, Decimal]:
    """`prices` by priceCode; the deprecated `price` / `oldPrice` feed the RETAIL / OLD price types."""
    wanted: dict[int, Decimal] = {}
    by_code = {t.code: t for t in price_types}
    for role, key in ((PriceType.Role.RETAIL, "price"), (PriceType.Role.OLD, "old_price")):
        if data.get(key) is not None:
            price_type = next((t for t in price_types if t.role == role), None)
            if price_type is None:
                raise ValidationFailed(f"Не настроен тип цены для поля {key}")
            wanted[price_type.pk] = data[key]
    for item in data.get("prices") or []:
        price_type = by_code.get(item["price_code"])
        if price_type is None:
            raise ValidationFailed(f"Не найден тип цены с кодом «{item['price_code']}»")
        wanted[price_type.pk] = item["value"]
    return wanted


def prices_given(data: dict) -> bool:
    return "prices" in data or "price" in data or "old_price" in data


@dataclass
class RowChanges:
    """What replacing a variant's rows of one table takes: rows to delete, to update and to insert."""

    delete: list = field(default_factory=list)
    update: list = field(default_factory=list)
    create: list = field(default_factory=list)


def price_changes(variant: Variant, wanted: dict[int, Decimal], existing: dict[int, VariantPrice]) -> RowChanges:
    """Replace the variant's prices with `wanted` (price type pk -> value); `existing` by price type pk."""
    changes = RowChanges(delete=[p for type_id, p in existing.items() if type_id not in wanted])
    for type_id, value in wanted.items():
        current = existing.get(type_id)
        if current is None:
            changes.create.append(VariantPrice(variant=variant, price_type_id=type_id, value=value))
        elif current.value != value:
            current.value = value
            changes.update.append(current)
    return changes


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


def option_signature(options: list[dict]) -> list[tuple[str, str]]:
    codes = [o["code"] for o in options]
    if len(codes) != len(set(codes)):
        raise ValidationFailed("Опция указана в варианте несколько раз")
    return sorted((o["code"], _option_value(o)) for o in options)


def check_options(signature: list, siblings: dict[str, list]):
    """Two variants of a product cannot have the same set of options. `siblings`: the other variants'
    public ids -> their (code, value) pairs."""
    if not signature:
        return
    for sibling_id, sibling_options in siblings.items():
        if sorted(sibling_options) == signature:
            raise ValidationFailed(f"Вариант с таким набором опций уже существует: {sibling_id}")


def option_rows(variant: Variant, options: list[dict]) -> list[VariantOption]:
    return [
        VariantOption(
            variant=variant,
            code=o["code"],
            name=o.get("name"),
            string_value=o.get("string_value"),
            decimal_value=o.get("decimal_value"),
        )
        for o in options
    ]


def _option_value(option: dict) -> str:
    value = option.get("string_value")
    return str(value) if value is not None else str(Decimal(option.get("decimal_value") or 0).normalize())


def option_value_of(option: VariantOption) -> str:
    if option.string_value is not None:
        return option.string_value
    return str(Decimal(option.decimal_value or 0).normalize())


def eshop_setting_rows(variant: Variant, settings: list[dict], eshops: dict[str, Eshop]) -> list[VariantEshopSetting]:
    for item in settings:
        if item["eshop_id"] not in eshops:
            raise ValidationFailed("Не найдена интеграция с указанным ID")
    return [
        VariantEshopSetting(
            variant=variant,
            eshop=eshops[item["eshop_id"]],
            enabled=item.get("enabled", True),
            zero_stock=item.get("zero_stock", False),
            ext_id=item.get("ext_id"),
        )
        for item in settings
    ]


def stock_entries(variant: Variant, stock: list[dict], warehouses: dict[str, Warehouse], default) -> list[tuple]:
    """(variant, warehouse pk, total) for each stock item with a total; `default()` gives the default
    warehouse for items without a code."""
    entries = []
    for item in stock:
        if item.get("stock_total") is None:
            continue
        code = item.get("warehouse_code")
        warehouse = warehouses.get(code) if code else default()
        if warehouse is None:
            raise ValidationFailed(f"Склад с кодом «{code}» не найден" if code else "Не настроен склад по умолчанию")
        entries.append((variant, warehouse.pk, item["stock_total"]))
    return entries


def write_changes(model, changes: RowChanges, fields: list[str]):
    """Deletes first, so a value a variant gives up can be taken by another in the same write."""
    if changes.delete:
        model.objects.filter(pk__in=[row.pk for row in changes.delete]).delete()
    if changes.update:
        update_rows(model, changes.update, fields)
    if changes.create:
        # A unique value taken by a concurrent writer since the checks raises IntegrityError (INTEGRITY_RACE).
        model.objects.bulk_create(changes.create)


# --- the writers of one variant --------------------------------------------------------------------------


def _apply_prices(variant: Variant, data: dict, partial: bool, *, created: bool = False):
    given = prices_given(data)
    if partial and not given:
        return
    wanted = wanted_prices(data, list(PriceType.objects.all())) if given else {}
    if created:
        write_changes(VariantPrice, price_changes(variant, wanted, {}), ["value"])
        return
    existing = {p.price_type_id: p for p in VariantPrice.objects.filter(variant=variant)}
    if partial and "prices" not in data:
        # PATCH with only price/oldPrice keeps the other price types.
        existing = {type_id: p for type_id, p in existing.items() if type_id in wanted}
    write_changes(VariantPrice, price_changes(variant, wanted, existing), ["value"])


def _apply_barcodes(variant: Variant, barcodes: list[dict], *, created: bool = False):
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


def _apply_options(variant: Variant, options: list[dict], *, created: bool = False):
    if created and not options:
        return
    signature = option_signature(options)
    if signature:
        siblings = VariantOption.objects.filter(variant__product_id=variant.product_id).exclude(variant=variant)
        by_variant: dict[str, list] = {}
        for option in siblings.select_related("variant"):
            by_variant.setdefault(option.variant.public_id, []).append((option.code, option_value_of(option)))
        check_options(signature, by_variant)
    if not created:
        VariantOption.objects.filter(variant=variant).delete()
    VariantOption.objects.bulk_create(option_rows(variant, options))


def _apply_eshop_settings(variant: Variant, settings: list[dict], *, created: bool = False):
    if created and not settings:
        return
    eshops = {e.public_id: e for e in Eshop.objects.filter(public_id__in=[s["eshop_id"] for s in settings])}
    rows = eshop_setting_rows(variant, settings, eshops)
    if not created:
        VariantEshopSetting.objects.filter(variant=variant).delete()
    VariantEshopSetting.objects.bulk_create(rows)


def _apply_stock(variant: Variant, stock: list[dict], actor: Actor):
    codes = [s["warehouse_code"] for s in stock if s.get("warehouse_code")]
    warehouses = {w.code: w for w in Warehouse.objects.filter(code__in=codes)}
    entries = stock_entries(variant, stock, warehouses, default_warehouse)
    set_stock_totals(
        entries=[(v.pk, w, total) for v, w, total in entries],
        source=actor.source,
        user_login=actor.login,
        reason=actor.action,
    )


def find_variant(*, product_public_id: str | None, variant_public_id: str) -> Variant:
    variant = Variant.objects.select_related("product").filter(public_id=variant_public_id).first()
    if variant is None or (product_public_id and variant.product.public_id != product_public_id):
        raise NotFound("Вариант с указанным id не найден")
    return variant


def delete_variant(*, variant: Variant, actor: Actor):
    with transaction.atomic():
        product = Product.objects.select_for_update().get(pk=variant.product_id)
        if product.variants.count() <= 1:
            raise ValidationFailed("Невозможно удалить единственный вариант продукта")
        has_stock = StockLevel.objects.filter(variant=variant).exclude(total=0, reserved=0).exists()
        if has_stock:
            raise ValidationFailed("Невозможно удалить вариант, у которого есть складские остатки")
        variant.delete()
        record_product_events(product_ids=[product.pk], actor=actor)
