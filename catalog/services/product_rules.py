"""What a product item of save_products turns into: its scalar fields and the rows of its relations.

Pure rules over looked-up dictionaries (`Lookups`), shared by the per-product path (products.py) and the
set-based batch (product_batch.py), so both refuse the same input with the same message and write the same
rows. The writers at the bottom take many products at once; the per-product path passes one.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Max

from config.kernel.errors import DomainError, NotFound, ValidationFailed

from ..document_shapes import ProductDocument
from ..models import (
    AccountingAttribute,
    AdditionalDescription,
    AdditionalDescriptionTitle,
    Attribute,
    Collection,
    Eshop,
    Product,
    ProductAccountingAttribute,
    ProductAttribute,
    ProductEshopSetting,
    Variant,
)
from ..models.attributes import ValueType
from .ids import validate_public_id
from .rows import apply_fields
from .variant_lists import refuse_duplicates

PRODUCT_SCALARS = [
    "ext_id",
    "ext_id2",
    "ext_id3",
    "ext_id4",
    "ext_id5",
    "short_name",
    "human_id",
    "full_name",
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
# The relations an item replaces (all of them for a POST, the given ones for a PATCH), in the order
# they are checked: the first bad one gives the product's error.
RELATIONS = ["collections", "attributes", "accounting_attributes", "eshop_settings", "additional_descriptions"]
CollectionLink = Product.collections.through


@dataclass
class VariantResult:
    product_id: str | None
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
    document: ProductDocument | None = None  # the product as saved (the history snapshot's source)
    # False for a PATCH that named only variants, none of which could be saved: nothing of the product was
    # written, so it gets no history event and keeps its updated_at.
    written: bool = True

    @property
    def success(self) -> bool:
        return not self.errors


def names_only_variants(data: dict) -> bool:
    """A product item that names nothing of the product itself: in a PATCH its product row stays as it is."""
    return set(data) <= {"public_id", "variants_to_update"}


def nothing_written(data: dict, variants: list[VariantResult] | None, *, partial: bool) -> bool:
    """A PATCH item naming only variants, none of which was saved, wrote nothing (no event, no updated_at)."""
    return partial and names_only_variants(data) and not any(v.success for v in variants or [])


def failed_product(data: dict, error: DomainError) -> ProductResult:
    public_id = data.get("public_id")
    return ProductResult(public_id=public_id if valid_id(public_id) else None, errors=[error.message], error=error)


def valid_id(value) -> bool:
    try:
        return value is not None and bool(validate_public_id(value, "продукта"))
    except ValidationFailed:
        return False


def find_product(public_id, partial: bool, existing: Product | None):
    """Check the item's id; None means the item creates a product. PATCH needs an existing product."""
    if public_id is not None:
        validate_public_id(public_id, "продукта")
    if partial and existing is None:
        if public_id is None:
            raise ValidationFailed("Не указан id продукта")
        raise NotFound(f"Продукт с id «{public_id}» не найден")
    return existing


def variant_of(product: Product, data: dict, found: Variant | None, *, created: bool) -> Variant | None:
    """variantsToUpdate: the named variant of the product. A product created by this very request may
    name new variant ids (they are created); otherwise an unknown id is an error. An item whose productId
    names another product is refused: a variant is never moved or created silently under another one."""
    variant_id = data.get("public_id")
    named_product = data.get("product_id")
    if named_product not in (None, "") and named_product != product.public_id:
        raise ValidationFailed(
            f"Вариант {variant_id or ''} указан для продукта «{named_product}», а сохраняется продукт "
            f"«{product.public_id}»: вариант другого продукта меняется его собственным запросом"
        )
    if variant_id is None:
        if not created:
            raise ValidationFailed("Не указан variantId")
        return None
    if found is not None and not _belongs(found, product):
        raise ValidationFailed(f"Вариант {variant_id} принадлежит другому продукту")
    if found is None and not created:
        raise NotFound("Вариант с указанным id не найден")
    return found


def _belongs(variant: Variant, product: Product) -> bool:
    # A variant created earlier in the same batch has no pk yet and points to its product object.
    return variant.product_id == product.pk if variant.pk else variant.product is product


@dataclass
class Lookups:
    """The dictionaries items refer to, looked up with one IN query per kind for all the items."""

    collections: dict[str, Collection] = field(default_factory=dict)
    attributes: dict[str, Attribute] = field(default_factory=dict)
    accounting: dict[str, AccountingAttribute] = field(default_factory=dict)
    eshops: dict[str, Eshop] = field(default_factory=dict)
    category_titles: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, items: list[dict], *, variant_eshop_ids=()) -> "Lookups":
        def wanted(key, name):
            return {v[name] for item in items for v in (item.get(key) or [])}

        collection_ids = {i for item in items for i in (item.get("collections") or [])}
        if settings.DEFAULT_PRODUCT_COLLECTION:
            collection_ids.add(settings.DEFAULT_PRODUCT_COLLECTION)
        eshop_ids = wanted("eshop_settings", "eshop_id") | set(variant_eshop_ids)
        return cls(
            collections=_by(Collection, "public_id", collection_ids),
            attributes=_by(Attribute, "code", wanted("attributes", "code")),
            accounting=_by(AccountingAttribute, "code", wanted("accounting_attributes", "code")),
            eshops=_by(Eshop, "public_id", eshop_ids),
            category_titles=_category_titles({item.get("warehouse_category_code") for item in items} - {None, ""}),
        )


def _by(model, key: str, values: set) -> dict:
    return {getattr(row, key): row for row in model.objects.filter(**{f"{key}__in": values})} if values else {}


def _category_titles(codes: set) -> dict[str, str]:
    try:
        model = apps.get_model("wms", "WarehouseCategory")
    except LookupError:
        return {}
    return dict(model.objects.filter(code__in=codes).values_list("code", "title")) if codes else {}


def apply_scalars(product: Product, data: dict, partial: bool, lookups: Lookups):
    apply_fields(product, PRODUCT_SCALARS, data, partial)
    if "warehouse_category_code" in data or not partial:
        code = product.warehouse_category_code
        product.warehouse_category_title = lookups.category_titles.get(code) if code else None


def relation_rows(product: Product, data: dict, partial: bool, *, created: bool, lookups: Lookups) -> dict:
    """The relations this item replaces -> their new rows. A new product has nothing to replace, so
    empty lists are left out (no query to write them)."""
    replaced = {}
    for key in RELATIONS:
        if key not in data and partial:
            continue
        values = data.get(key) or []
        if key == "collections" and key not in data:  # a POST without collections: the default one
            values = _default_collections(lookups)
        if created and not values:
            continue
        replaced[key] = ROW_BUILDERS[key](product, values, lookups)
    return replaced


def _default_collections(lookups: Lookups) -> list[str]:
    """DEFAULT_PRODUCT_COLLECTION: the collections of a product written (POST) without `collections`: Cactus
    keeps products in the catalog's root collection ("1001" in the spec's batch examples, for new and for
    rewritten products); unset or unknown: none."""
    default = settings.DEFAULT_PRODUCT_COLLECTION
    return [default] if default and default in lookups.collections else []


def _collection_rows(product: Product, ids: list[str], lookups: Lookups) -> list:
    missing = sorted(set(ids) - set(lookups.collections))
    if missing:
        raise ValidationFailed(f"Коллекция с id «{missing[0]}» не найдена")
    return [CollectionLink(product=product, collection=lookups.collections[i]) for i in dict.fromkeys(ids)]


def _attribute_rows(product: Product, values: list[dict], lookups: Lookups) -> list:
    rows = {}
    for item in values:
        attribute = lookups.attributes.get(item["code"])
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
    return list(rows.values())


def _to_decimal(raw, code):
    try:
        return Decimal(str(raw).replace(",", "."))
    except InvalidOperation:
        raise ValidationFailed(f"Атрибут «{code}» числовой, а передано значение «{raw}»") from None


def _accounting_rows(product: Product, values: list[dict], lookups: Lookups) -> list:
    rows = {}
    for item in values:
        attribute = lookups.accounting.get(item["code"])
        if attribute is None:
            raise ValidationFailed(f"Атрибут учета с кодом «{item['code']}» не найден")
        rows[attribute.pk] = ProductAccountingAttribute(
            product=product, attribute=attribute, string_value=item.get("string_value") or ""
        )
    return list(rows.values())


def _eshop_setting_rows(product: Product, settings: list[dict], lookups: Lookups) -> list:
    refuse_duplicates("eshopSettings", (item["eshop_id"] for item in settings), "eshopId")
    rows = {}
    for item in settings:
        eshop = lookups.eshops.get(item["eshop_id"])
        if eshop is None:
            raise ValidationFailed("Не найдена интеграция с указанным ID")
        rows[eshop.pk] = ProductEshopSetting(
            product=product, eshop=eshop, enabled=item.get("enabled", True), ext_id=item.get("ext_id")
        )
    return list(rows.values())


def _description_rows(product: Product, descriptions: list[dict], lookups: Lookups) -> list:
    return [
        AdditionalDescription(product=product, title=d["title"], description=d.get("description") or "", position=i)
        for i, d in enumerate(descriptions)
    ]


ROW_BUILDERS: dict[str, Callable[..., list]] = {
    "collections": _collection_rows,
    "attributes": _attribute_rows,
    "accounting_attributes": _accounting_rows,
    "eshop_settings": _eshop_setting_rows,
    "additional_descriptions": _description_rows,
}
RELATION_MODELS: dict[str, type[models.Model]] = {
    "collections": CollectionLink,
    "attributes": ProductAttribute,
    "accounting_attributes": ProductAccountingAttribute,
    "eshop_settings": ProductEshopSetting,
    "additional_descriptions": AdditionalDescription,
}


def write_relations(replaced: list[tuple[Product, bool, dict]]):
    """Replace relations of saved products: (product, created, relation_rows(...)) each. One DELETE and
    one INSERT per relation for all the products; new products have nothing to delete. (Rows built before
    their product had a pk get it from the product object in bulk_create.)"""
    for key, model in RELATION_MODELS.items():
        owners = [product.pk for product, created, rows in replaced if key in rows and not created]
        if owners:
            model._default_manager.filter(product_id__in=owners).delete()
        new_rows = [row for _product, _created, rows in replaced for row in rows.get(key, [])]
        if new_rows:
            model._default_manager.bulk_create(new_rows)
    _add_description_titles(
        [
            [d.title for d in rows["additional_descriptions"]]
            for _p, _c, rows in replaced
            if "additional_descriptions" in rows
        ]
    )


def _add_description_titles(titles_per_product: list[list[str]]):
    """Every description title goes to the account-wide dictionary; new ones are appended in the order
    they are first written (products in order, each product's titles as it lists them), as the spec's
    titles example lists them."""
    wanted = {t for titles in titles_per_product for t in titles}
    if not wanted:
        return
    known = set(AdditionalDescriptionTitle.objects.filter(title__in=wanted).values_list("title", flat=True))
    new_titles = []
    for titles in titles_per_product:
        fresh = [t for t in dict.fromkeys(titles) if t not in known]
        new_titles += fresh
        known.update(fresh)
    if new_titles:
        top = AdditionalDescriptionTitle.objects.aggregate(m=Max("pos"))["m"] or 0
        AdditionalDescriptionTitle.objects.bulk_create(
            [AdditionalDescriptionTitle(title=t, pos=top + i + 1) for i, t in enumerate(new_titles)],
            ignore_conflicts=True,
        )
