"""Product write paths. Each public function here is the one write path for its operation: the API,
the admin, spreadsheet imports and Celery tasks all call it, so history and validation can't be skipped.
"""

import logging
from collections.abc import Callable

from django.db import IntegrityError, transaction

from config.kernel.actor import Actor
from config.kernel.catalog_version import catalog_changed
from config.kernel.errors import DomainError, NotFound, ValidationFailed
from config.kernel.locks import lock_names
from config.kernel.retry import atomic_with_retry
from inventory.models import StockLevel
from inventory.services import open_stock_rows

from ..documents import load_documents
from ..models import (
    AdditionalDescription,
    IdCounter,
    Product,
    ProductAccountingAttribute,
    ProductAttribute,
    ProductEshopSetting,
    ProductOptionOrder,
    Variant,
    VariantEshopSetting,
    VariantOption,
    VariantPrice,
)
from .history import record_product_events
from .ids import free_ids, validate_public_id
from .product_batch import batchable, save_batch
from .product_rules import (
    PRODUCT_SCALARS,
    Lookups,
    ProductResult,
    VariantResult,
    apply_scalars,
    failed_product,
    find_product,
    names_only_variants,
    nothing_written,
    relation_rows,
    variant_of,
    write_relations,
)
from .variant_eshops import merge_eshop_settings
from .variants import INTEGRITY_RACE, find_variant, save_variant

__all__ = ["PRODUCT_SCALARS", "ProductResult", "VariantResult", "save_products"]

MAX_BATCH = 1000
logger = logging.getLogger(__name__)


def save_products(
    *, items: list[dict], partial: bool, actor: Actor, allow_new_variants: bool = False
) -> list[ProductResult]:
    """Create or update products (POST replaces every field, PATCH only the given ones).

    `allow_new_variants`: a `variants_to_update` item without an id creates a variant of an existing product
    too (the admin's variant table). The API keeps the spec's rule: an existing product's variants are named.

    Runs in one transaction. The batch is written set-based (product_batch.py: a constant number of
    queries for the whole batch); a product or variant that breaks a rule is reported alone and left
    out. If a unique constraint catches a concurrent writer during the bulk write, the batch is redone
    product by product, each product and variant in its own savepoint, so only the item that collided
    fails. History events for every saved product are appended in the same transaction.
    """
    if len(items) > MAX_BATCH:
        raise ValidationFailed(f"Слишком много продуктов в запросе: {len(items)}, максимум {MAX_BATCH}")
    results, documents = _save_products_once(
        items=items, partial=partial, actor=actor, allow_new_variants=allow_new_variants
    )
    for result in results:
        result.document = documents.get(result.pk)
    return results


@atomic_with_retry  # parallel batches naming the same products deadlock now and then: the loser runs again
def _save_products_once(*, items: list[dict], partial: bool, actor: Actor, allow_new_variants: bool):
    lock_names(_names_written(items))  # writers of the same products queue here, in one order
    results = None
    if batchable(items):
        try:
            with transaction.atomic():
                results = save_batch(items=items, partial=partial, actor=actor, allow_new_variants=allow_new_variants)
        except IntegrityError as error:
            # A concurrent writer took an id or barcode after our checks: redo the batch item by item.
            logger.info("products batch of %d redone product by product: %s", len(items), error)
            results = None
    if results is None:
        results = [
            _save_one(data, partial=partial, actor=actor, allow_new_variants=allow_new_variants) for data in items
        ]
    documents = record_product_events(product_ids=[r.pk for r in results if r.success and r.written], actor=actor)
    unchanged = [r.pk for r in results if r.success and not r.written]
    if unchanged:
        documents.update(load_documents(unchanged))  # the answer still carries the product as it is
    return results, documents


def _names_written(items: list[dict]) -> list[str]:
    """The product ids, variant ids and barcodes a batch writes: what two concurrent batches can collide on."""
    names = []
    for data in items:
        if data.get("public_id") is not None:
            names.append(f"product:{data['public_id']}")
        for variant in data.get("variants_to_update") or []:
            if variant.get("public_id") is not None:
                names.append(f"variant:{variant['public_id']}")
            names += [f"barcode:{b.get('value')}" for b in variant.get("barcodes") or [] if isinstance(b, dict)]
    return names


def _save_one(data: dict, *, partial: bool, actor: Actor, allow_new_variants: bool = False) -> ProductResult:
    try:
        with transaction.atomic():
            return _save_product(data=data, partial=partial, actor=actor, allow_new_variants=allow_new_variants)
    except IntegrityError:
        return failed_product(data, ValidationFailed(INTEGRITY_RACE))
    except DomainError as error:
        return failed_product(data, error)


def _save_product(*, data: dict, partial: bool, actor: Actor, allow_new_variants: bool = False) -> ProductResult:
    public_id = data.get("public_id")
    existing = None
    if public_id is not None:
        validate_public_id(public_id, "продукта")
        existing = Product.objects.select_for_update().filter(public_id=public_id).first()
    product = find_product(public_id, partial, existing)
    created = product is None
    if product is None:
        product = Product(public_id=public_id or free_ids("product", Product, 1)[0])
        partial = False
    only_variants = partial and names_only_variants(data)
    if not only_variants:  # a PATCH of variants alone touches the product row only if a variant is saved (below)
        lookups = Lookups.load([data])
        apply_scalars(product, data, partial, lookups)
        product.save()  # a concurrent insert of the same id: IntegrityError, reported by save_products
        relations = relation_rows(product, data, partial, created=created, lookups=lookups)
        write_relations([(product, created, relations)])

    variant_results = None
    if "variants_to_update" in data:
        variant_results = [
            _save_variant_of(
                product, item, created=created, partial=partial, actor=actor, may_create=allow_new_variants
            )
            for item in data["variants_to_update"]
        ]
    if created and not product.variants.exists():
        # Every product has at least one variant: a new product gets one automatically.
        auto_id = product.public_id if not Variant.objects.filter(public_id=product.public_id).exists() else None
        save_variant(product=product, variant=None, data={"public_id": auto_id}, partial=False, actor=actor)
    written = not nothing_written(data, variant_results, partial=partial)  # (a new product: partial is off)
    if only_variants and written:
        product.save(update_fields=["updated_at"])  # as the batch path does: a product's variant changed
    return ProductResult(public_id=product.public_id, pk=product.pk, variants=variant_results, written=written)


def _save_variant_of(
    product: Product, data: dict, *, created: bool, partial: bool, actor: Actor, may_create: bool = False
) -> VariantResult:
    """One variantsToUpdate item. In a PATCH the item is a partial update of its variant (absent fields
    keep their values, as PATCH /products/variants does); in a POST it replaces the variant."""
    variant_id = data.get("public_id")
    # Echoes the item's productId + variantId: the caller matches each result to its item by them (spec).
    result = VariantResult(product_id=data.get("product_id") or product.public_id, variant_id=variant_id)
    try:
        with transaction.atomic():
            found = Variant.objects.filter(public_id=variant_id).first() if variant_id is not None else None
            variant = variant_of(product, data, found, created=created or may_create)
            variant = save_variant(product=product, variant=variant, data=data, partial=partial, actor=actor)
            result.variant_id = variant.public_id
    except IntegrityError:
        result.errors.append(INTEGRITY_RACE)
    except DomainError as error:
        result.errors.append(error.message)
    return result


# --- variants addressed directly -------------------------------------------------------------


def save_variant_directly(*, data: dict, partial: bool, actor: Actor) -> Variant:
    """POST / PATCH /products/variants: one variant of an existing product, with a history event."""
    try:
        return _save_variant_directly(data=data, partial=partial, actor=actor)
    except IntegrityError:
        raise ValidationFailed(INTEGRITY_RACE) from None


def _save_variant_directly(*, data: dict, partial: bool, actor: Actor) -> Variant:
    product_id = data.get("product_id")
    with transaction.atomic():
        product = Product.objects.select_for_update().filter(public_id=product_id).first()
        if product is None:
            raise NotFound(f"Продукт с id «{product_id}» не найден")
        variant = None
        if data.get("public_id") is not None:
            variant = Variant.objects.filter(public_id=data["public_id"]).first()
            if variant is not None and variant.product_id != product.pk:
                raise ValidationFailed(f"Вариант {data['public_id']} принадлежит другому продукту")
        if partial and variant is None:
            raise NotFound("Вариант с указанным id не найден")
        variant = save_variant(product=product, variant=variant, data=data, partial=partial, actor=actor)
        record_product_events(product_ids=[product.pk], actor=actor)
    return variant


def patch_variants(*, items: list[dict], actor: Actor) -> list[VariantResult]:
    """PATCH /products/variants/batch: partial updates, each variant on its own."""
    if len(items) > MAX_BATCH:
        raise ValidationFailed(f"Слишком много вариантов в запросе: {len(items)}, максимум {MAX_BATCH}")
    return _each_variant(
        items,
        actor,
        lambda variant, data: save_variant(
            product=variant.product, variant=variant, data=data, partial=True, actor=actor
        ),
    )


def _each_variant(items: list[dict], actor: Actor, write: Callable[[Variant, dict], object]) -> list[VariantResult]:
    """`write` each item to the variant it names, each in its own savepoint (a failure is that item's result);
    one history event per touched product."""
    results, touched = [], []
    with transaction.atomic():
        for data in items:
            result = VariantResult(product_id=data.get("product_id"), variant_id=data.get("public_id"))
            try:
                with transaction.atomic():
                    variant = find_variant(
                        product_public_id=data.get("product_id"), variant_public_id=data["public_id"]
                    )
                    write(variant, data)
                    touched.append(variant.product_id)
            except IntegrityError:
                result.errors.append(INTEGRITY_RACE)
            except DomainError as error:
                result.errors.append(error.message)
            results.append(result)
        record_product_events(product_ids=touched, actor=actor)
    return results


def save_variant_eshop_settings(*, items: list[dict], actor: Actor) -> list[VariantResult]:
    """POST /products/variants/eshop_settings: up to 1000 variants, each reported on its own. The settings
    given are merged into the stored ones (variant_eshops.merge_eshop_settings), not a replacement."""
    if len(items) > MAX_BATCH:
        raise ValidationFailed(f"Слишком много вариантов в запросе: {len(items)}, максимум {MAX_BATCH}")
    return _each_variant(items, actor, _merge_eshop_settings)


def _merge_eshop_settings(variant: Variant, data: dict) -> None:
    merge_eshop_settings(variant, data["eshop_settings"])
    variant.save(update_fields=["updated_at"])  # as any other write of the variant


# --- copy and option order -------------------------------------------------------------------


def copy_product(*, public_id: str, actor: Actor) -> Product:
    """Copy a product with its variants (without barcodes, which are unique, and without stock)."""
    with transaction.atomic():
        source = Product.objects.filter(public_id=public_id).first()
        if source is None:
            raise NotFound(f"Продукт с id «{public_id}» не найден")
        new_id = f"{public_id}-copy"
        suffix = 1
        while Product.objects.filter(public_id=new_id).exists():
            suffix += 1
            new_id = f"{public_id}-copy{suffix}"
        copy = Product.objects.get(pk=source.pk)
        copy.pk = copy.id = None
        copy.public_id = new_id
        copy.review_score = None
        copy.save()
        copy.collections.set(source.collections.all())
        _copy_rows(ProductAttribute, source, copy, "product")
        _copy_rows(ProductAccountingAttribute, source, copy, "product")
        _copy_rows(ProductEshopSetting, source, copy, "product")
        _copy_rows(AdditionalDescription, source, copy, "product")
        variants = list(source.variants.all())
        new_ids = IdCounter.allocate("variant", len(variants))
        for variant, variant_id in zip(variants, new_ids, strict=True):
            original_pk = variant.pk
            variant.pk = variant.id = None
            variant.public_id = _free_variant_id(variant_id)
            variant.product = copy
            variant.is_ff_synchronised = False
            variant.save()
            open_stock_rows([variant.pk])
            for model in (VariantPrice, VariantOption, VariantEshopSetting):
                _copy_rows(model, Variant(pk=original_pk), variant, "variant")
        record_product_events(product_ids=[copy.pk], actor=actor)
    return copy


def _free_variant_id(candidate: str) -> str:
    while Variant.objects.filter(public_id=candidate).exists():
        candidate = IdCounter.allocate("variant")[0]
    return candidate


def _copy_rows(model, source, target, fk: str):
    rows = list(model.objects.filter(**{fk: source}))
    for row in rows:
        row.pk = row.id = None
        setattr(row, fk, target)
    model.objects.bulk_create(rows)


def reorder_options(*, product_public_id: str, options: list[dict], actor: Actor) -> Product:
    """POST /product/options/reorder: options the product does not use are skipped."""
    with transaction.atomic():
        product = Product.objects.select_for_update().filter(public_id=product_public_id).first()
        if product is None:
            raise NotFound(f"Продукт с id «{product_public_id}» не найден")
        used_codes = set(VariantOption.objects.filter(variant__product=product).values_list("code", flat=True))
        for option in options:
            if option["code"] not in used_codes:
                continue
            ProductOptionOrder.objects.filter(product=product, code=option["code"]).delete()
            ProductOptionOrder.objects.bulk_create(
                [
                    ProductOptionOrder(product=product, code=option["code"], value=value, position=index)
                    for index, value in enumerate(dict.fromkeys(option["values"]))
                ]
            )
        record_product_events(product_ids=[product.pk], actor=actor)
    return product


def set_products_flags(*, product_ids, actor: Actor, **flags) -> int:
    """Bulk show / hide / archive (admin actions), one history event per product."""
    allowed = {"available", "deleted"}
    if set(flags) - allowed:
        raise ValueError(f"Only {allowed} can be set in bulk")
    with transaction.atomic():
        changed = list(Product.objects.filter(pk__in=product_ids).exclude(**flags).values_list("pk", flat=True))
        Product.objects.filter(pk__in=changed).update(**flags)
        record_product_events(product_ids=changed, actor=actor)
    return len(changed)


def stock_rows_holding(product_ids):
    """Stock rows of these products' variants that still hold goods or a reserve."""
    return StockLevel.objects.filter(variant__product_id__in=list(product_ids)).exclude(total=0, reserved=0)


def delete_products(*, product_ids: list[int]) -> list[int]:
    """Delete products with their variants, except those whose variants still hold stock or a reserve:
    deleting them would erase the stock and its ledger (archive those instead). Returns the deleted ids.

    Locks the products (pk order) against concurrent saves of the same products."""
    with transaction.atomic():
        locked = Product.objects.select_for_update().filter(pk__in=product_ids).order_by("pk")
        ids = list(locked.values_list("pk", flat=True))
        held = set(stock_rows_holding(ids).values_list("variant__product_id", flat=True))
        deletable = [pk for pk in ids if pk not in held]
        if deletable:
            Product.objects.filter(pk__in=deletable).delete()
            catalog_changed()  # gone from the public listing at once
    return deletable
