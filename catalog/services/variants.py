"""Variant write paths: create, replace (POST), partial update (PATCH), delete.

Callers pass validated snake_case data (see catalog/api/serializers.py for the camelCase mapping).
These functions do not record history: the product-level entry points in products.py do, once per
product, after all its writes.
"""

from decimal import Decimal

from django.db import transaction

from inventory.models import StockLevel, Warehouse
from inventory.services import default_warehouse, set_stock_totals

from ..errors import NotFound, ValidationFailed
from ..models import (
    Barcode,
    Eshop,
    IdCounter,
    PriceType,
    Product,
    Variant,
    VariantEshopSetting,
    VariantOption,
    VariantPrice,
)
from ..models.common import PUBLIC_ID_MAX_LENGTH, PUBLIC_ID_RE
from .history import Actor

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


def new_variant(*, product: Product, public_id: str | None = None, data: dict | None = None) -> Variant:
    """Insert a variant (its scalar fields taken from `data`) with the given or a generated id."""
    if public_id is None:
        public_id = IdCounter.allocate("variant")[0]
        while Variant.objects.filter(public_id=public_id).exists():
            public_id = IdCounter.allocate("variant")[0]
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


def _apply_scalars(variant: Variant, data: dict, partial: bool):
    for name in VARIANT_SCALARS:
        if name in data:
            value = data[name]
        elif partial:
            continue
        else:
            value = Variant._meta.get_field(name).get_default()
        if value is None and not Variant._meta.get_field(name).null:
            value = Variant._meta.get_field(name).get_default()
        setattr(variant, name, value)


def _apply_prices(variant: Variant, data: dict, partial: bool, *, created: bool = False):
    """`prices` by priceCode; the deprecated `price` / `oldPrice` feed the RETAIL / OLD price types."""
    given = "prices" in data or "price" in data or "old_price" in data
    if partial and not given:
        return
    wanted: dict[int, Decimal] = {}
    if given:
        types = list(PriceType.objects.all())
        by_code = {t.code: t for t in types}
        for role, key in ((PriceType.Role.RETAIL, "price"), (PriceType.Role.OLD, "old_price")):
            if data.get(key) is not None:
                price_type = next((t for t in types if t.role == role), None)
                if price_type is None:
                    raise ValidationFailed(f"Не настроен тип цены для поля {key}")
                wanted[price_type.pk] = data[key]
        for item in data.get("prices") or []:
            price_type = by_code.get(item["price_code"])
            if price_type is None:
                raise ValidationFailed(f"Не найден тип цены с кодом «{item['price_code']}»")
            wanted[price_type.pk] = item["value"]
    if created:
        VariantPrice.objects.bulk_create(
            [VariantPrice(variant=variant, price_type_id=type_id, value=value) for type_id, value in wanted.items()]
        )
        return
    if partial and "prices" not in data:
        # PATCH with only price/oldPrice keeps the other price types.
        for type_id, value in wanted.items():
            VariantPrice.objects.update_or_create(variant=variant, price_type_id=type_id, defaults={"value": value})
        return
    VariantPrice.objects.filter(variant=variant).exclude(price_type_id__in=wanted).delete()
    existing = {p.price_type_id: p for p in VariantPrice.objects.filter(variant=variant)}
    for type_id, value in wanted.items():
        if type_id in existing:
            if existing[type_id].value != value:
                VariantPrice.objects.filter(pk=existing[type_id].pk).update(value=value)
        else:
            VariantPrice.objects.create(variant=variant, price_type_id=type_id, value=value)


def _apply_barcodes(variant: Variant, barcodes: list[dict], *, created: bool = False):
    if created and not barcodes:
        return
    values = [b["value"] for b in barcodes]
    duplicates = {v for v in values if values.count(v) > 1}
    if duplicates:
        raise ValidationFailed(f"Штрихкод {sorted(duplicates)[0]} указан в запросе несколько раз")
    taken = (
        Barcode.objects.filter(value__in=values)
        .exclude(variant=variant)
        .select_related("variant__product")
        .order_by("value")
        .first()
        if values
        else None
    )
    if taken is not None:
        raise ValidationFailed(
            f"Штрихкод {taken.value} уже используются в варианте [{taken.variant.public_id}] "
            f"{taken.variant.product.short_name}, ШК: {taken.value} "
        )
    current = {} if created else {b.value: b for b in Barcode.objects.filter(variant=variant)}
    if not created:
        Barcode.objects.filter(variant=variant).exclude(value__in=values).delete()
    if barcodes and not any(b.get("is_default") for b in barcodes):
        barcodes = [{**barcodes[0], "is_default": True}, *barcodes[1:]]
    new_rows = []
    for item in barcodes:
        fields = {"is_default": bool(item.get("is_default")), "type": item.get("type") or Barcode.Type.COMMON}
        existing = current.get(item["value"])
        if existing is None:
            new_rows.append(Barcode(variant=variant, value=item["value"], **fields))
        elif (existing.is_default, existing.type) != (fields["is_default"], fields["type"]):
            Barcode.objects.filter(pk=existing.pk).update(**fields)
    if new_rows:
        # A barcode taken by a concurrent writer since the check raises IntegrityError (INTEGRITY_RACE).
        Barcode.objects.bulk_create(new_rows)


def _apply_options(variant: Variant, options: list[dict], *, created: bool = False):
    if created and not options:
        return
    codes = [o["code"] for o in options]
    if len(codes) != len(set(codes)):
        raise ValidationFailed("Опция указана в варианте несколько раз")
    signature = sorted((o["code"], _option_value(o)) for o in options)
    if signature:
        siblings = VariantOption.objects.filter(variant__product_id=variant.product_id).exclude(variant=variant)
        by_variant: dict[int, list] = {}
        for option in siblings.select_related("variant"):
            by_variant.setdefault(option.variant, []).append((option.code, _option_value_of(option)))
        for sibling, sibling_options in by_variant.items():
            if sorted(sibling_options) == signature:
                raise ValidationFailed(f"Вариант с таким набором опций уже существует: {sibling.public_id}")
    if not created:
        VariantOption.objects.filter(variant=variant).delete()
    VariantOption.objects.bulk_create(
        [
            VariantOption(
                variant=variant,
                code=o["code"],
                name=o.get("name"),
                string_value=o.get("string_value"),
                decimal_value=o.get("decimal_value"),
            )
            for o in options
        ]
    )


def _option_value(option: dict) -> str:
    value = option.get("string_value")
    return str(value) if value is not None else str(Decimal(option.get("decimal_value") or 0).normalize())


def _option_value_of(option: VariantOption) -> str:
    if option.string_value is not None:
        return option.string_value
    return str(Decimal(option.decimal_value or 0).normalize())


def _apply_eshop_settings(variant: Variant, settings: list[dict], *, created: bool = False):
    if created and not settings:
        return
    eshops = {e.public_id: e for e in Eshop.objects.filter(public_id__in=[s["eshop_id"] for s in settings])}
    for item in settings:
        if item["eshop_id"] not in eshops:
            raise ValidationFailed("Не найдена интеграция с указанным ID")
    if not created:
        VariantEshopSetting.objects.filter(variant=variant).delete()
    VariantEshopSetting.objects.bulk_create(
        [
            VariantEshopSetting(
                variant=variant,
                eshop=eshops[item["eshop_id"]],
                enabled=item.get("enabled", True),
                zero_stock=item.get("zero_stock", False),
                ext_id=item.get("ext_id"),
            )
            for item in settings
        ]
    )


def _apply_stock(variant: Variant, stock: list[dict], actor: Actor):
    codes = [s["warehouse_code"] for s in stock if s.get("warehouse_code")]
    warehouses = {w.code: w for w in Warehouse.objects.filter(code__in=codes)}
    entries = []
    for item in stock:
        if item.get("stock_total") is None:
            continue
        code = item.get("warehouse_code")
        warehouse = warehouses.get(code) if code else default_warehouse()
        if warehouse is None:
            raise ValidationFailed(f"Склад с кодом «{code}» не найден" if code else "Не настроен склад по умолчанию")
        entries.append((variant.pk, warehouse.pk, item["stock_total"]))
    set_stock_totals(entries=entries, source=actor.source, user_login=actor.login, reason=actor.action)


def find_variant(*, product_public_id: str | None, variant_public_id: str) -> Variant:
    variant = Variant.objects.select_related("product").filter(public_id=variant_public_id).first()
    if variant is None or (product_public_id and variant.product.public_id != product_public_id):
        raise NotFound("Вариант с указанным id не найден")
    return variant


def delete_variant(*, variant: Variant, actor: Actor):
    from .products import record_change

    with transaction.atomic():
        product = Product.objects.select_for_update().get(pk=variant.product_id)
        if product.variants.count() <= 1:
            raise ValidationFailed("Невозможно удалить единственный вариант продукта")
        has_stock = StockLevel.objects.filter(variant=variant).exclude(total=0, reserved=0).exists()
        if has_stock:
            raise ValidationFailed("Невозможно удалить вариант, у которого есть складские остатки")
        variant.delete()
        record_change(product_ids=[product.pk], actor=actor)
