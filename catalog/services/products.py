"""Product write paths. Each public function here is the one write path for its operation: the API,
the admin, spreadsheet imports and Celery tasks all call it, so history and validation can't be skipped.
"""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction

from ..errors import DomainError, NotFound, ValidationFailed
from ..models import (
    AccountingAttribute,
    AdditionalDescription,
    AdditionalDescriptionTitle,
    Attribute,
    Barcode,
    Collection,
    Eshop,
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
from ..models.attributes import ValueType
from .history import Actor, record_product_events
from .variants import INTEGRITY_RACE, find_variant, save_variant, validate_public_id

MAX_BATCH = 1000

PRODUCT_SCALARS = [
    "ext_id",
    "ext_id2",
    "ext_id3",
    "ext_id4",
    "ext_id5",
    "short_name",
    "description",
    "tnved_code",
    "international_description",
    "available",
    "deleted",
    "box_needed",
    "brand_name",
    "country_of_origin",
    "is_bestseller",
    "is_novelty",
    "is_catch_weight",
    "type",
    "vat",
    "use_batch_accounting",
    "expiration_mode",
    "expiration_months_limit",
    "warranty",
    "manufactured_by",
    "composition",
    "warehouse_category_code",
    "subscription_info",
]


@dataclass
class VariantResult:
    product_id: str
    variant_id: str | None
    errors: list[str] = field(default_factory=list)

    @property
    def success(self) -> bool:
        return not self.errors


@dataclass
class ProductResult:
    """The outcome of one product write: its id and product pk on success, errors otherwise."""

    public_id: str | None = None
    pk: int | None = None
    errors: list[str] = field(default_factory=list)
    variants: list[VariantResult] | None = None
    error: DomainError | None = None
    document: dict | None = None  # the product as saved (the history snapshot's source)

    @property
    def success(self) -> bool:
        return not self.errors


def record_change(*, product_ids, actor: Actor):
    record_product_events(product_ids=product_ids, actor=actor)


def save_products(*, items: list[dict], partial: bool, actor: Actor) -> list[ProductResult]:
    """Create or update products (POST replaces every field, PATCH only the given ones).

    Runs in one transaction; each product in its own savepoint, so a bad product is reported and
    rolled back alone while the others are kept. History events for every saved product are appended
    in the same transaction.
    """
    if len(items) > MAX_BATCH:
        raise ValidationFailed(f"Слишком много продуктов в запросе: {len(items)}, максимум {MAX_BATCH}")
    results = []
    with transaction.atomic():
        for data in items:
            try:
                with transaction.atomic():
                    results.append(_save_product(data=data, partial=partial, actor=actor))
            except IntegrityError:
                error = ValidationFailed(INTEGRITY_RACE)
                results.append(_failed(data, error))
            except DomainError as error:
                results.append(_failed(data, error))
        documents = record_product_events(product_ids=[r.pk for r in results if r.success], actor=actor)
    for result in results:
        result.document = documents.get(result.pk)
    return results


def _failed(data: dict, error: DomainError) -> ProductResult:
    public_id = data.get("public_id")
    return ProductResult(public_id=public_id if _valid_id(public_id) else None, errors=[error.message], error=error)


def _valid_id(value) -> bool:
    try:
        return value is not None and bool(validate_public_id(value, "продукта"))
    except ValidationFailed:
        return False


def _save_product(*, data: dict, partial: bool, actor: Actor) -> ProductResult:
    public_id = data.get("public_id")
    product = None
    if public_id is not None:
        validate_public_id(public_id, "продукта")
        product = Product.objects.select_for_update().filter(public_id=public_id).first()
    if partial and product is None:
        if public_id is None:
            raise ValidationFailed("Не указан id продукта")
        raise NotFound(f"Продукт с id «{public_id}» не найден")
    created = product is None
    if created:
        product = Product(public_id=public_id or _new_product_id())
        partial = False
    _apply_scalars(product, data, partial)
    product.save()  # a concurrent insert of the same id: IntegrityError, reported by save_products
    _apply_relations(product, data, partial, created=created)

    variant_results = None
    if "variants_to_update" in data:
        variant_results = [
            _save_variant_of(product, item, created=created, actor=actor) for item in data["variants_to_update"]
        ]
    if created and not product.variants.exists():
        # Every product has at least one variant: a new product gets one automatically.
        auto_id = product.public_id if not Variant.objects.filter(public_id=product.public_id).exists() else None
        save_variant(product=product, variant=None, data={"public_id": auto_id}, partial=False, actor=actor)
    return ProductResult(public_id=product.public_id, pk=product.pk, variants=variant_results)


def _save_variant_of(product: Product, data: dict, *, created: bool, actor: Actor) -> VariantResult:
    """variantsToUpdate: updates the named variants of the product. A product created by this very
    request may name new variant ids (they are created); otherwise an unknown id is an error."""
    variant_id = data.get("public_id")
    result = VariantResult(product_id=product.public_id, variant_id=variant_id)
    try:
        with transaction.atomic():
            variant = None
            if variant_id is not None:
                variant = Variant.objects.filter(public_id=variant_id).first()
                if variant is not None and variant.product_id != product.pk:
                    raise ValidationFailed(f"Вариант {variant_id} принадлежит другому продукту")
                if variant is None and not created:
                    raise NotFound("Вариант с указанным id не найден")
            elif not created:
                raise ValidationFailed("Не указан variantId")
            variant = save_variant(product=product, variant=variant, data=data, partial=False, actor=actor)
            result.variant_id = variant.public_id
    except IntegrityError:
        result.errors.append(INTEGRITY_RACE)
    except DomainError as error:
        result.errors.append(error.message)
    return result


def _new_product_id() -> str:
    public_id = IdCounter.allocate("product")[0]
    while Product.objects.filter(public_id=public_id).exists():
        public_id = IdCounter.allocate("product")[0]
    return public_id


def _apply_scalars(product: Product, data: dict, partial: bool):
    for name in PRODUCT_SCALARS:
        if name in data:
            value = data[name]
        elif partial:
            continue
        else:
            value = Product._meta.get_field(name).get_default()
        if value is None and not Product._meta.get_field(name).null:
            value = Product._meta.get_field(name).get_default()
        setattr(product, name, value)
    if "warehouse_category_code" in data or not partial:
        product.warehouse_category_title = _warehouse_category_title(product.warehouse_category_code)


def _warehouse_category_title(code):
    if not code:
        return None
    from django.apps import apps

    try:
        model = apps.get_model("wms", "WarehouseCategory")
    except LookupError:
        return None
    return model.objects.filter(code=code).values_list("title", flat=True).first()


def _apply_relations(product: Product, data: dict, partial: bool, *, created: bool = False):
    """Replace the product's relations that the request gives (all of them for a POST). A new product
    has nothing to replace, so empty lists cost no query."""
    for key, apply in (
        ("collections", _apply_collections),
        ("attributes", _apply_attributes),
        ("accounting_attributes", _apply_accounting),
        ("eshop_settings", _apply_eshop_settings),
        ("additional_descriptions", _apply_descriptions),
    ):
        if key not in data and partial:
            continue
        values = data.get(key) or []
        if created and not values:
            continue
        apply(product, values)


def _apply_collections(product: Product, ids: list[str]):
    collections = list(Collection.objects.filter(public_id__in=ids))
    missing = sorted(set(ids) - {c.public_id for c in collections})
    if missing:
        raise ValidationFailed(f"Коллекция с id «{missing[0]}» не найдена")
    product.collections.set(collections)


def _apply_attributes(product: Product, values: list[dict]):
    attributes = {a.code: a for a in Attribute.objects.filter(code__in=[v["code"] for v in values])}
    rows = {}
    for item in values:
        attribute = attributes.get(item["code"])
        if attribute is None:
            raise ValidationFailed(f"Атрибут с кодом «{item['code']}» не найден")
        string_value, decimal_value = item.get("string_value"), item.get("decimal_value")
        if attribute.type == ValueType.DECIMAL:
            if decimal_value is None and string_value not in (None, ""):
                decimal_value = _to_decimal(string_value, attribute.code)
            string_value = None
            if decimal_value is None:
                raise ValidationFailed(f"Атрибут «{attribute.code}» числовой: укажите decimalValue")
        else:
            if string_value is None and decimal_value is not None:
                string_value = str(decimal_value)
            decimal_value = None
        rows[attribute.pk] = ProductAttribute(
            product=product,
            attribute=attribute,
            string_value=string_value,
            decimal_value=decimal_value,
            ordering=item.get("ordering") or 0,
        )
    ProductAttribute.objects.filter(product=product).delete()
    ProductAttribute.objects.bulk_create(rows.values())


def _to_decimal(raw, code):
    from decimal import Decimal, InvalidOperation

    try:
        return Decimal(str(raw).replace(",", "."))
    except InvalidOperation:
        raise ValidationFailed(f"Атрибут «{code}» числовой, а передано значение «{raw}»") from None


def _apply_accounting(product: Product, values: list[dict]):
    attributes = {a.code: a for a in AccountingAttribute.objects.filter(code__in=[v["code"] for v in values])}
    rows = {}
    for item in values:
        attribute = attributes.get(item["code"])
        if attribute is None:
            raise ValidationFailed(f"Атрибут учета с кодом «{item['code']}» не найден")
        rows[attribute.pk] = ProductAccountingAttribute(
            product=product, attribute=attribute, string_value=item.get("string_value") or ""
        )
    ProductAccountingAttribute.objects.filter(product=product).delete()
    ProductAccountingAttribute.objects.bulk_create(rows.values())


def _apply_eshop_settings(product: Product, settings: list[dict]):
    eshops = {e.public_id: e for e in Eshop.objects.filter(public_id__in=[s["eshop_id"] for s in settings])}
    rows = {}
    for item in settings:
        eshop = eshops.get(item["eshop_id"])
        if eshop is None:
            raise ValidationFailed("Не найдена интеграция с указанным ID")
        rows[eshop.pk] = ProductEshopSetting(
            product=product, eshop=eshop, enabled=item.get("enabled", True), ext_id=item.get("ext_id")
        )
    ProductEshopSetting.objects.filter(product=product).delete()
    ProductEshopSetting.objects.bulk_create(rows.values())


def _apply_descriptions(product: Product, descriptions: list[dict]):
    AdditionalDescription.objects.filter(product=product).delete()
    AdditionalDescription.objects.bulk_create(
        [
            AdditionalDescription(product=product, title=d["title"], description=d.get("description") or "", position=i)
            for i, d in enumerate(descriptions)
        ]
    )
    titles = {d["title"] for d in descriptions}
    known = set(AdditionalDescriptionTitle.objects.filter(title__in=titles).values_list("title", flat=True))
    if titles - known:
        from django.db.models import Max

        top = AdditionalDescriptionTitle.objects.aggregate(m=Max("pos"))["m"] or 0
        AdditionalDescriptionTitle.objects.bulk_create(
            [AdditionalDescriptionTitle(title=t, pos=top + i + 1) for i, t in enumerate(sorted(titles - known))],
            ignore_conflicts=True,
        )


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
        record_change(product_ids=[product.pk], actor=actor)
    return variant


def patch_variants(*, items: list[dict], actor: Actor) -> list[VariantResult]:
    """PATCH /products/variants/batch: partial updates, each variant on its own."""
    if len(items) > MAX_BATCH:
        raise ValidationFailed(f"Слишком много вариантов в запросе: {len(items)}, максимум {MAX_BATCH}")
    results, touched = [], []
    with transaction.atomic():
        for data in items:
            result = VariantResult(product_id=data.get("product_id"), variant_id=data.get("public_id"))
            try:
                with transaction.atomic():
                    variant = find_variant(
                        product_public_id=data.get("product_id"), variant_public_id=data["public_id"]
                    )
                    save_variant(product=variant.product, variant=variant, data=data, partial=True, actor=actor)
                    touched.append(variant.product_id)
            except IntegrityError:
                result.errors.append(INTEGRITY_RACE)
            except DomainError as error:
                result.errors.append(error.message)
            results.append(result)
        record_change(product_ids=touched, actor=actor)
    return results


def save_variant_eshop_settings(*, items: list[dict], actor: Actor) -> list[VariantResult]:
    """POST /products/variants/eshop_settings: up to 1000 variants, each reported on its own."""
    if len(items) > MAX_BATCH:
        raise ValidationFailed(f"Слишком много вариантов в запросе: {len(items)}, максимум {MAX_BATCH}")
    return patch_variants(
        items=[{"public_id": i["public_id"], "eshop_settings": i["eshop_settings"]} for i in items], actor=actor
    )


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
            for model in (VariantPrice, VariantOption, VariantEshopSetting):
                _copy_rows(model, Variant(pk=original_pk), variant, "variant")
        record_change(product_ids=[copy.pk], actor=actor)
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
        record_change(product_ids=[product.pk], actor=actor)
    return product


def barcode_owner(value: str) -> Variant | None:
    barcode = Barcode.objects.select_related("variant").filter(value=value).first()
    return barcode.variant if barcode else None


def set_products_flags(*, product_ids, actor: Actor, **flags) -> int:
    """Bulk show / hide / archive (admin actions), one history event per product."""
    allowed = {"available", "deleted"}
    if set(flags) - allowed:
        raise ValueError(f"Only {allowed} can be set in bulk")
    with transaction.atomic():
        changed = list(Product.objects.filter(pk__in=product_ids).exclude(**flags).values_list("pk", flat=True))
        Product.objects.filter(pk__in=changed).update(**flags)
        record_change(product_ids=changed, actor=actor)
    return len(changed)
