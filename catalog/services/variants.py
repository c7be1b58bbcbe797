"""Variant write paths: create, replace (POST), partial update (PATCH), delete. Each relation of a variant has
its own module (variant_prices, variant_barcodes, variant_options, variant_eshops, variant_stock), shared with
the set-based batch (product_batch.py); ids and row diffs are in ids.py and rows.py.

Callers pass validated snake_case data (see catalog/api/serializers.py for the camelCase mapping).
These functions do not record history: the product-level entry points in products.py do, once per
product, after all its writes.
"""

from decimal import Decimal

from django.db import transaction

from config.kernel.actor import Actor
from config.kernel.errors import NotFound, ValidationFailed
from inventory.models import StockLevel
from inventory.services import open_stock_rows

from ..models import (
    Product,
    ProductImage,
    Variant,
)
from .history import record_product_events
from .ids import free_ids, validate_public_id
from .rows import apply_fields
from .variant_barcodes import apply_barcodes
from .variant_eshops import apply_eshop_settings
from .variant_lists import check_variant_lists
from .variant_options import apply_options
from .variant_prices import apply_prices
from .variant_stock import apply_stock

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


# What a writer reports when a unique constraint catches a concurrent write that the checks above could
# not see (the same id or barcode saved by another request at the same moment).
INTEGRITY_RACE = "Не удалось сохранить: id или штрихкод только что занят другим запросом, повторите"


def new_variant(*, product: Product, public_id: str | None = None, data: dict | None = None) -> Variant:
    """Insert a variant (its scalar fields taken from `data`) with the given or a generated id."""
    if public_id is None:
        public_id = free_ids("variant", Variant, 1)[0]
    variant = Variant(product=product, public_id=public_id)
    _apply_scalars(variant, data or {}, partial=False)
    check_discount(variant)
    # A concurrent insert of the same id raises IntegrityError; the caller's savepoint reports it
    # (see INTEGRITY_RACE), so no savepoint of our own per variant.
    variant.save(force_insert=True)
    open_stock_rows([variant.pk])
    return variant


def save_variant(*, product: Product, variant: Variant | None, data: dict, partial: bool, actor: Actor) -> Variant:
    """Create (variant=None) or update one variant of `product` from validated data.

    A new variant has no rows to replace, so its relations are only inserted (fewer queries in batches).
    """
    created = variant is None
    check_variant_lists(data)
    check_default_image(data, product_image_ids(product, data))
    if variant is None:
        public_id = data.get("public_id")
        if public_id is not None:
            validate_public_id(public_id, "варианта")
        variant = new_variant(product=product, public_id=public_id, data=data)
        partial = False
    else:
        _apply_scalars(variant, data, partial)
        check_discount(variant)
        variant.save()
    apply_prices(variant, data, partial, created=created)
    if "barcodes" in data or not partial:
        apply_barcodes(variant, data.get("barcodes") or [], created=created)
    if "options" in data or not partial:
        apply_options(variant, data.get("options") or [], created=created)
    if "eshop_settings" in data or not partial:
        apply_eshop_settings(variant, data.get("eshop_settings") or [], created=created)
    if data.get("update_stock_total") and data.get("stock"):
        apply_stock(variant, data["stock"], actor, catch_weight=product.is_catch_weight)
    return variant


def _apply_scalars(variant: Variant, data: dict, partial: bool):
    apply_fields(variant, VARIANT_SCALARS, data, partial)


# --- the rules: pure functions shared by save_variant (one variant) and product_batch (a whole batch) ---------
# They take what they need to look at (price types, barcode owners, sibling options, eshops, warehouses) as
# arguments, raise ValidationFailed like the writers did, and return the rows to write.


def check_discount(variant: Variant) -> None:
    """A percentage discount is at most 100 %. Checked on the variant as it will be saved, so a PATCH of
    `discountValue` alone meets the type already stored (and a type changed to PERCENT meets the stored value)."""
    if variant.discount_type == Variant.DiscountType.PERCENT and (variant.discount_value or 0) > 100:
        raise ValidationFailed(
            f"discountValue: скидка в процентах не может быть больше 100 (передано {variant.discount_value})"
        )


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


# --- the writers of one variant --------------------------------------------------------------------------


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


# The warehouse's measurements (weightFact / dimensionsFact), by the key the WMS protocol uses.
MEASUREMENT_FIELDS = {"weight": "weight_fact", "height": "height_fact", "width": "width_fact", "depth": "depth_fact"}


def set_warehouse_measurements(*, measurements: dict[str, dict], actor: Actor) -> int:
    """Store the warehouse's own measurements of variants ({variant id: {"weight": g, "height": cm, ...}}):
    the only writer of weightFact / dimensionsFact (clients may not send them). A key absent from an item
    keeps its value, `None` clears it. Only changed variants are written, in one bulk UPDATE, and each of
    their products gets one history event. `updated_at` is left alone on purpose: a measurement is the
    warehouse's news, not a reason to push the item back to it (WMS_AUTO_PUSH reads `updated_at`)."""
    if not measurements:
        return 0
    fields = list(MEASUREMENT_FIELDS.values())
    changed = []
    for variant in Variant.objects.filter(public_id__in=list(measurements)).only(
        "pk", "product_id", "public_id", *fields
    ):
        item = measurements[variant.public_id]
        dirty = False
        for key, field_name in MEASUREMENT_FIELDS.items():
            if key not in item:
                continue
            value = None if item[key] is None else Decimal(str(item[key])).quantize(Decimal("0.001"))
            if getattr(variant, field_name) != value:
                setattr(variant, field_name, value)
                dirty = True
        if dirty:
            changed.append(variant)
    if changed:
        with transaction.atomic():
            Variant.objects.bulk_update(changed, fields, batch_size=500)
            record_product_events(
                product_ids=[v.product_id for v in changed], actor=actor, description="Замеры склада (WMS)"
            )
    return len(changed)
