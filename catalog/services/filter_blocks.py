"""Filter blocks of collections: the hand-made CUSTOMER blocks (write path), the automatic CLIENT blocks and
the values offered in both, recomputed by `recompute_filter_values` (periodic task, admin), never while a
search request is answered."""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import NotRequired, TypedDict

from django.db import transaction
from django.db.models import Max, Min, Prefetch

from config.kernel.catalog_version import catalog_changed
from config.kernel.encoding import Number
from config.kernel.errors import NotFound, ValidationFailed

from ..filtering import FIELD_BY_FILTER_TYPE, FILTER_FIELDS
from ..models import (
    Attribute,
    BlockFilter,
    Collection,
    Feature,
    FilterBlock,
    FilterField,
    FilterType,
    IdCounter,
    Product,
    ProductAttribute,
    Variant,
    VariantOption,
    VariantPrice,
)
from ..models.attributes import ValueType

BLOCK_NOT_FOUND = "Блока фильтров с указанным id не существует"
COLLECTION_NOT_FOUND = "Коллекция с указанным id не найдена"
DICTIONARY_TYPES = (FilterType.ATTRIBUTES, FilterType.FEATURES)
# A filter type made of other types' fields: SIZE (the public spec's list) is width, depth and height at once.
COMPOUND_TYPES: dict[str, tuple[str, ...]] = {
    FilterType.SIZE: (FilterType.SIZE_WIDTH, FilterType.SIZE_DEPTH, FilterType.SIZE_HEIGHT)
}
MAX_FILTERS = 100
MAX_FIELDS = 500


# --- validation (shared by the API service and the admin editor) -----------------------------------


def validate_block_filters(block_type: str, filter_types: list[str]) -> None:
    """ATTRIBUTES / FEATURES filters live only in a block of the same type, with no other filters."""
    for filter_type in filter_types:
        if filter_type in DICTIONARY_TYPES and block_type != filter_type:
            raise ValidationFailed(
                f"Фильтр типа {filter_type} можно добавить только в отдельный блок типа {filter_type}, "
                "в котором нет других фильтров"
            )
        if block_type in DICTIONARY_TYPES and filter_type != block_type:
            raise ValidationFailed(
                f"В блок типа {block_type} можно добавлять только фильтры типа {block_type}, а не {filter_type}"
            )
    if block_type == FilterBlock.Type.OTHER:
        seen: set[str] = set()
        for filter_type in filter_types:
            if filter_type in seen:
                raise ValidationFailed(f"Фильтр типа {filter_type} указан в блоке дважды")
            seen.add(filter_type)
        for compound, parts in COMPOUND_TYPES.items():
            if compound in seen and seen & set(parts):
                raise ValidationFailed(
                    f"Фильтр типа {compound} уже содержит поля {', '.join(parts)}: не указывайте их в блоке отдельно"
                )


def _decimal_strings(values, where: str) -> list[str]:
    out = []
    for value in values or []:
        try:
            number = Decimal(str(value))
        except (InvalidOperation, ValueError):
            raise ValidationFailed(f"{where}: «{value}» не число") from None
        if not number.is_finite():
            raise ValidationFailed(f"{where}: «{value}» не число")
        out.append(str(number))
    return out


# --- write path of CUSTOMER blocks ------------------------------------------------------------------


def save_filter_block(*, data: dict) -> FilterBlock:
    """Create (no `public_id`) or replace a CUSTOMER block with its filters. Fields of ATTRIBUTES / FEATURES
    filters come from the request; the field of every other filter type is added here, with the values last
    computed for the collection."""
    block_type = data["type"]
    filters = data.get("filters") or []
    if len(filters) > MAX_FILTERS:
        raise ValidationFailed(f"Слишком много фильтров в блоке: {len(filters)}, максимум {MAX_FILTERS}")
    validate_block_filters(block_type, [f["type"] for f in filters])
    collection = Collection.objects.filter(public_id=data["collection_id"]).first()
    if collection is None:
        raise ValidationFailed(COLLECTION_NOT_FOUND)
    with transaction.atomic():
        if data.get("public_id"):
            block = (
                FilterBlock.objects.select_for_update()
                .filter(public_id=data["public_id"], mode=FilterBlock.Mode.CUSTOMER)
                .first()
            )
            if block is None:
                raise NotFound(BLOCK_NOT_FOUND)
            block.filters.all().delete()
        else:
            block = FilterBlock(public_id=IdCounter.allocate("filter_block")[0], mode=FilterBlock.Mode.CUSTOMER)
        block.collection = collection
        block.type = block_type
        block.ordering = data.get("ordering") or 0
        block.save()
        computed = _client_other_fields(collection)
        for index, item in enumerate(filters):
            block_filter = BlockFilter.objects.create(
                block=block,
                type=item["type"],
                enabled=item.get("enabled", True),
                ordering=item.get("ordering", (index + 1) * 10),
            )
            if item["type"] in DICTIONARY_TYPES:
                FilterField.objects.bulk_create(_dictionary_fields(block_filter, item.get("fields") or []))
            else:
                FilterField.objects.bulk_create(_other_fields(block_filter, computed))
        catalog_changed()
    return block


def _dictionary_fields(block_filter: BlockFilter, fields: list[dict]) -> list[FilterField]:
    if len(fields) > MAX_FIELDS:
        raise ValidationFailed(f"Слишком много полей в фильтре: {len(fields)}, максимум {MAX_FIELDS}")
    names = [f["name"] for f in fields]
    if block_filter.type == FilterType.ATTRIBUTES:
        known = dict(Attribute.objects.filter(code__in=names).values_list("code", "type"))
        kind = "атрибут"
    else:
        known = dict(Feature.objects.filter(code__in=names).values_list("code", "type"))
        used = set(names) - set(known)
        in_use = VariantOption.objects.filter(code__in=used).values_list("code", flat=True)
        known |= {code: ValueType.STRING for code in in_use}
        kind = "опция"
    out = []
    for index, item in enumerate(fields):
        name = item["name"]
        if name not in known:
            raise ValidationFailed(f"Неизвестный {kind} «{name}» в полях фильтра {block_filter.type}")
        field_type = item.get("type") or known[name]
        where = f"Поле «{name}»"
        out.append(
            FilterField(
                filter=block_filter,
                name=name,
                name_readable=item.get("name_readable") or name,
                type=field_type,
                ordering=item.get("ordering", (index + 1) * 10),
                string_values=[str(v) for v in item.get("string_values") or []] if field_type == "string" else [],
                decimal_values=_decimal_strings(item.get("decimal_values"), where) if field_type == "decimal" else [],
            )
        )
    return out


def _other_field(block_filter: BlockFilter, computed: dict, filter_type: str | None = None, ordering=10) -> FilterField:
    spec = FIELD_BY_FILTER_TYPE[filter_type or block_filter.type]
    string_values, decimal_values = computed.get(spec.filter_type, ([], []))
    return FilterField(
        filter=block_filter,
        name=spec.name,
        name_readable=spec.title,
        type=spec.type,
        ordering=ordering,
        string_values=string_values,
        decimal_values=decimal_values,
    )


def _other_fields(block_filter: BlockFilter, computed: dict) -> list[FilterField]:
    """The automatic fields of a non-dictionary filter: one, or one per part of a compound type (SIZE)."""
    parts = COMPOUND_TYPES.get(block_filter.type)
    if parts is None:
        return [_other_field(block_filter, computed)]
    return [_other_field(block_filter, computed, part, (i + 1) * 10) for i, part in enumerate(parts)]


def _client_other_fields(collection: Collection) -> dict:
    """The values last computed for the collection (its CLIENT OTHER block), by filter type."""
    rows = FilterField.objects.filter(
        filter__block__collection=collection,
        filter__block__mode=FilterBlock.Mode.CLIENT,
        filter__block__type=FilterBlock.Type.OTHER,
    ).values_list("filter__type", "string_values", "decimal_values")
    return {t: (s, d) for t, s, d in rows}


def delete_filter_blocks(*, block_ids: list[int]) -> None:
    """The admin's delete: blocks of either mode (a CLIENT block comes back at the next recompute)."""
    with transaction.atomic():
        FilterBlock.objects.filter(pk__in=block_ids).delete()
        catalog_changed()


def delete_block_filters(*, filter_ids: list[int]) -> None:
    """The admin's delete of single filters of a block, with their fields."""
    with transaction.atomic():
        BlockFilter.objects.filter(pk__in=filter_ids).delete()
        catalog_changed()


def delete_filter_block(*, public_id: str) -> None:
    with transaction.atomic():
        deleted, _ = FilterBlock.objects.filter(public_id=public_id, mode=FilterBlock.Mode.CUSTOMER).delete()
        catalog_changed()
    if not deleted:
        raise NotFound(BLOCK_NOT_FOUND)


# --- read path -----------------------------------------------------------------------------------


class FilterFieldOut(TypedDict):
    """A field: stringValues for a string field, decimalValues for a decimal one, no values for a boolean."""

    name: str
    nameReadable: str
    type: str
    ordering: int
    stringValues: NotRequired[list[str]]
    decimalValues: NotRequired[list[Number]]


class FilterOut(TypedDict):
    type: str
    enabled: NotRequired[bool]  # not in the public answer
    ordering: int
    fields: list[FilterFieldOut]


class FilterBlockOut(TypedDict):
    id: str
    type: str
    mode: str
    ordering: int
    collectionId: str
    filters: list[FilterOut]


def filter_block_documents(*, collection_public_id: str, mode: str, public: bool) -> list[FilterBlockOut]:
    """Blocks of a collection as the API renders them, in 3 queries. The public shape has no `enabled`
    key and leaves disabled filters out."""
    collection = Collection.objects.filter(public_id=collection_public_id).only("pk", "public_id").first()
    if collection is None:
        raise NotFound(COLLECTION_NOT_FOUND)
    filters = BlockFilter.objects.order_by("ordering", "id").prefetch_related(
        Prefetch("fields", queryset=FilterField.objects.order_by("ordering", "id"))
    )
    if public:
        filters = filters.filter(enabled=True)
    blocks = FilterBlock.objects.filter(collection=collection, mode=mode).prefetch_related(
        Prefetch("filters", queryset=filters)
    )
    return [
        FilterBlockOut(
            id=b.public_id,
            type=b.type,
            mode=b.mode,
            ordering=b.ordering,
            collectionId=collection.public_id,
            filters=[_filter_document(f, public) for f in b.filters.all()],
        )
        for b in blocks
    ]


def _filter_document(block_filter: BlockFilter, public: bool) -> FilterOut:
    fields = [_field_document(f) for f in block_filter.fields.all()]
    if public:
        return FilterOut(type=block_filter.type, ordering=block_filter.ordering, fields=fields)
    return FilterOut(
        type=block_filter.type, enabled=block_filter.enabled, ordering=block_filter.ordering, fields=fields
    )


def _field_document(f: FilterField) -> FilterFieldOut:
    doc = FilterFieldOut(name=f.name, nameReadable=f.name_readable, type=f.type, ordering=f.ordering)
    if f.type == FilterField.Type.STRING:
        doc["stringValues"] = list(f.string_values)
    elif f.type == FilterField.Type.DECIMAL:
        doc["decimalValues"] = [Decimal(v) for v in f.decimal_values]
    return doc


# --- automatic values ----------------------------------------------------------------------------


@dataclass
class CollectionValues:
    other: dict = field(default_factory=dict)  # filter type -> (string values, decimal strings)
    attributes: list = field(default_factory=list)  # (code, title, type, string values, decimal strings)
    features: list = field(default_factory=list)


def _num(value) -> str | None:
    return str(Decimal(value).normalize()) if value is not None else None


def collection_values(collection: Collection) -> CollectionValues:
    """Every value used by the collection's non-archived products, in a fixed number of queries."""
    product_ids = Product.collections.through.objects.filter(collection=collection, product__deleted=False).values(
        "product_id"
    )
    values = CollectionValues()
    products = Product.objects.filter(pk__in=product_ids)
    for filter_type, column in (("BRAND", "brand_name"), ("COUNTRY_OF_ORIGIN", "country_of_origin")):
        names = products.exclude(**{f"{column}__isnull": True}).exclude(**{column: ""})
        values.other[filter_type] = (sorted(set(names.values_list(column, flat=True))), [])
    price = VariantPrice.objects.filter(variant__product_id__in=product_ids, price_type__role="RETAIL").aggregate(
        low=Min("value"), high=Max("value")
    )
    values.other["PRICE"] = ([], [_num(price["low"]), _num(price["high"])] if price["low"] is not None else [])
    sizes = Variant.objects.filter(product_id__in=product_ids).aggregate(
        **{f"{c}_{m.__name__}": m(c) for c in ("weight", "width", "height", "depth") for m in (Min, Max)}
    )
    for filter_type, column in (
        ("WEIGHT", "weight"),
        ("SIZE_WIDTH", "width"),
        ("SIZE_HEIGHT", "height"),
        ("SIZE_DEPTH", "depth"),
    ):
        low, high = sizes[f"{column}_Min"], sizes[f"{column}_Max"]
        values.other[filter_type] = ([], [_num(low), _num(high)] if low is not None else [])
    for filter_type in ("STOCK_AVAILABLE", "DISCOUNT_AVAILABLE", "IS_NOVELTY", "IS_BESTSELLER"):
        values.other[filter_type] = ([], [])

    grouped: dict = {}
    rows = (
        ProductAttribute.objects.filter(product_id__in=product_ids)
        .values_list("attribute__code", "attribute__title", "attribute__type", "string_value", "decimal_value")
        .distinct()
    )
    for code, title, kind, string_value, decimal_value in rows:
        entry = grouped.setdefault(code, (title, kind, set(), set()))
        if string_value is not None:
            entry[2].add(string_value)
        if decimal_value is not None:
            entry[3].add(Decimal(decimal_value))
    values.attributes = [
        (code, title, kind, sorted(strings), [_num(d) for d in sorted(numbers)])
        for code, (title, kind, strings, numbers) in sorted(grouped.items())
    ]

    titles = dict(Feature.objects.values_list("code", "title"))
    types = dict(Feature.objects.values_list("code", "type"))
    grouped = {}
    option_rows = (
        VariantOption.objects.filter(variant__product_id__in=product_ids)
        .values_list("code", "name", "string_value", "decimal_value")
        .distinct()
    )
    for code, name, string_value, decimal_value in option_rows:
        entry = grouped.setdefault(code, (titles.get(code) or name or code, types.get(code, "string"), set(), set()))
        if string_value is not None:
            entry[2].add(string_value)
        if decimal_value is not None:
            entry[3].add(Decimal(decimal_value))
    values.features = [
        (code, title, kind, sorted(strings), [_num(d) for d in sorted(numbers)])
        for code, (title, kind, strings, numbers) in sorted(grouped.items())
    ]
    return values


def recompute_filter_values(*, collection_ids: list[int] | None = None) -> int:
    """Rebuild the CLIENT blocks of the collections (all when None) and refresh the values of the automatic
    fields of their CUSTOMER blocks. Idempotent; each collection in its own transaction. Returns how many
    collections were processed."""
    collections = Collection.objects.order_by("pk")
    if collection_ids is not None:
        collections = collections.filter(pk__in=collection_ids)
    count = 0
    for collection in collections.iterator():
        values = collection_values(collection)
        with transaction.atomic():
            _rebuild_client_blocks(collection, values)
            _refresh_customer_fields(collection, values)
            catalog_changed()
        count += 1
    return count


def _client_block(collection: Collection, block_type: str, ordering: int) -> FilterBlock:
    block = FilterBlock.objects.filter(collection=collection, mode=FilterBlock.Mode.CLIENT, type=block_type).first()
    if block is None:
        block = FilterBlock.objects.create(
            public_id=IdCounter.allocate("filter_block")[0],
            collection=collection,
            mode=FilterBlock.Mode.CLIENT,
            type=block_type,
            ordering=ordering,
        )
    else:
        block.filters.all().delete()
    return block


def _rebuild_client_blocks(collection: Collection, values: CollectionValues) -> None:
    fields = []
    other = _client_block(collection, FilterBlock.Type.OTHER, 10)
    for index, spec in enumerate(FIELD_BY_FILTER_TYPE.values()):
        block_filter = BlockFilter.objects.create(block=other, type=spec.filter_type, ordering=(index + 1) * 10)
        fields.append(_other_field(block_filter, values.other))
    for block_type, ordering, entries in (
        (FilterBlock.Type.ATTRIBUTES, 20, values.attributes),
        (FilterBlock.Type.FEATURES, 30, values.features),
    ):
        block = _client_block(collection, block_type, ordering)
        block_filter = BlockFilter.objects.create(block=block, type=block_type, ordering=10)
        for index, (code, title, kind, strings, numbers) in enumerate(entries):
            fields.append(
                FilterField(
                    filter=block_filter,
                    name=code,
                    name_readable=title or code,
                    type=kind,
                    ordering=(index + 1) * 10,
                    string_values=strings if kind == "string" else [],
                    decimal_values=numbers if kind == "decimal" else [],
                )
            )
    FilterField.objects.bulk_create(fields)


def _refresh_customer_fields(collection: Collection, values: CollectionValues) -> None:
    fields = list(
        FilterField.objects.filter(filter__block__collection=collection, filter__block__mode=FilterBlock.Mode.CUSTOMER)
        .exclude(filter__type__in=DICTIONARY_TYPES)
        .select_related("filter")
    )
    for f in fields:
        # A compound filter's (SIZE) fields take the values of the filter type their name belongs to.
        part = FILTER_FIELDS.get(f.name) if f.filter.type in COMPOUND_TYPES else None
        source = part.filter_type if part is not None else f.filter.type
        f.string_values, f.decimal_values = values.other.get(source, ([], []))
    FilterField.objects.bulk_update(fields, ["string_values", "decimal_values"])


def complete_block_fields(*, block: FilterBlock) -> None:
    """Give every non-dictionary filter of a block edited by hand (admin) its automatic field."""
    with transaction.atomic():
        missing = [f for f in block.filters.exclude(type__in=DICTIONARY_TYPES) if not f.fields.exists()]
        if missing:
            computed = _client_other_fields(block.collection)
            FilterField.objects.bulk_create([field for f in missing for field in _other_fields(f, computed)])
        catalog_changed()  # the admin saved the block itself just before
