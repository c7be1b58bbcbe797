"""The Cactus JSON document of a product (the shape of GET /api/lite/products).

It lives in the domain, not in the API layer, because product history stores exactly this document
as its snapshot. Documents are built for a whole list of products from prefetched rows: the number of
queries does not grow with the number of products.
"""

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import OuterRef, Prefetch, Subquery

from config.kernel.media import absolute_media_url
from inventory.models import StockLevel

from .document_shapes import (
    Dimensions,
    ImageOut,
    OptionUsedDocument,
    ProductAttributeDocument,
    ProductDocument,
    ProductOption,
    StockLevelDocument,
    StockOnlyProduct,
    VariantDocument,
)
from .models import (
    Feature,
    Product,
    ProductAccountingAttribute,
    ProductAttribute,
    ProductEshopSetting,
    Variant,
    VariantEshopSetting,
    VariantOption,
    VariantPrice,
)


def decimal_string(value) -> str:
    """Cactus renders orderings and positions as decimal strings: "123.000000000000000"."""
    return f"{Decimal(value):.15f}"


def fmt_ordering(value) -> str | None:
    """An ordering or position that may be empty: its decimal string, or None."""
    return None if value is None else decimal_string(value)


# Prefetched rows go to plain list attributes (`doc_<relation>`), not to the related managers: Django builds a
# filtered queryset per object and relation to hold a manager's prefetch cache, which cost more than the
# queries themselves (0.5 s of 0.6 s for a page of 100 products with 300 variants).
DOC = "doc_"


def _prefetch(relation: str, queryset=None) -> Prefetch:
    return Prefetch(relation, queryset=queryset, to_attr=DOC + relation)


def related(obj, relation: str) -> list:
    """The rows of a relation: the prefetched list when with_documents() loaded it, else a query."""
    rows = getattr(obj, DOC + relation, None)
    return rows if rows is not None else list(getattr(obj, relation).all())


def variant_prefetches() -> list:
    return [
        _prefetch("prices", VariantPrice.objects.select_related("price_type").order_by("price_type_id")),
        _prefetch("barcodes"),
        _prefetch("options", _options_with_titles()),
        _prefetch("eshop_settings", VariantEshopSetting.objects.select_related("eshop")),
        _prefetch("stock_levels", StockLevel.objects.select_related("warehouse").order_by("warehouse_id")),
    ]


def _options_with_titles():
    """Variant options with their option's dictionary title (same query): the product's `options`."""
    feature = Feature.objects.filter(code=OuterRef("code"))
    return VariantOption.objects.annotate(
        feature_title=Subquery(feature.values("title")[:1]),
        feature_title_plural=Subquery(feature.values("title_plural")[:1]),
    )


def product_prefetches() -> list:
    return [
        _prefetch("collections"),
        _prefetch("option_orders"),
        _prefetch("additional_descriptions"),
        _prefetch("images"),
        _prefetch("attribute_values", ProductAttribute.objects.select_related("attribute")),
        _prefetch("accounting_values", ProductAccountingAttribute.objects.select_related("attribute")),
        _prefetch("eshop_settings", ProductEshopSetting.objects.select_related("eshop")),
        _prefetch("variants", Variant.objects.prefetch_related(*variant_prefetches())),
    ]


def stock_only_prefetches() -> list:
    stock = [p for p in variant_prefetches() if p.prefetch_through == "stock_levels"]
    return [_prefetch("variants", Variant.objects.prefetch_related(*stock))]


def with_documents(queryset):
    return queryset.prefetch_related(*product_prefetches())


def stock_document(level: StockLevel) -> StockLevelDocument:
    return {
        "warehouseCode": level.warehouse.code,
        "stockTotal": level.total,
        "stockAvailable": level.available,
        "stockReserved": level.reserved,
        "stockDefective": level.defective,
        "stockDefectiveReserved": level.defective_reserved,
    }


def _price_of(prices: Iterable[VariantPrice], role: str) -> Decimal | None:
    for price in prices:
        if price.price_type.role == role:
            return price.value
    return None


def _dimensions(height: Decimal | None, width: Decimal | None, depth: Decimal | None) -> Dimensions | None:
    if height is None and width is None and depth is None:
        return None
    return {"height": height, "width": width, "depth": depth}


def option_used_document(option: VariantOption) -> OptionUsedDocument:
    return {
        "code": option.code,
        "stringValue": option.string_value,
        "decimalValue": option.decimal_value,
        "name": option.name,
    }


def variant_document(variant: Variant, product: Product) -> VariantDocument:
    prices = related(variant, "prices")
    options = related(variant, "options")
    barcodes = related(variant, "barcodes")
    return {
        "id": variant.public_id,
        "extId": variant.ext_id,
        "extId2": variant.ext_id2,
        "extId3": variant.ext_id3,
        "extId4": variant.ext_id4,
        "extId5": variant.ext_id5,
        "article": variant.article,
        "price": _price_of(prices, "RETAIL"),
        "oldPrice": _price_of(prices, "OLD"),
        "isFfSynchronised": variant.is_ff_synchronised,
        "ffSyncError": variant.ff_sync_error,
        "isPhysicalSet": variant.is_physical_set,
        "isFfPhysicalSetSynchronized": variant.is_ff_physical_set_synchronized,
        "ffPhysicalSetSyncError": variant.ff_physical_set_sync_error,
        "discountPercent": variant.discount_percent,
        "discountFix": variant.discount_fix,
        "discountType": variant.discount_type,
        "discountValue": variant.discount_value,
        "bundleOptionalCount": variant.bundle_optional_count,
        "autoPriceCalculation": variant.auto_price_calculation,
        "autoDimensionsCalculation": variant.auto_dimensions_calculation,
        "prices": [{"priceCode": p.price_type.code, "priceName": p.price_type.name, "value": p.value} for p in prices],
        "stock": [stock_document(level) for level in related(variant, "stock_levels")],
        "ordering": decimal_string(variant.ordering),
        "defaultImage": variant.default_image,
        "weight": variant.weight,
        "dimensions": _dimensions(variant.height, variant.width, variant.depth),
        "weightFact": variant.weight_fact,
        "dimensionsFact": _dimensions(variant.height_fact, variant.width_fact, variant.depth_fact),
        "canBeRotated": variant.can_be_rotated,
        "barcodes": [{"value": b.value, "isDefault": b.is_default, "type": b.type} for b in barcodes] or None,
        "optionsUsed": [option_used_document(o) for o in options] or None,
        "eshopSettings": [
            {
                "eshopId": s.eshop.public_id,
                "eshopType": s.eshop.type,
                "eshopName": s.eshop.name,
                "enabled": s.enabled,
                "zeroStock": s.zero_stock,
                "extId": s.ext_id,
            }
            for s in related(variant, "eshop_settings")
        ],
        "vat": product.vat,
        "type": product.type,
    }


def options_dictionary(used, positions: dict, titles: dict) -> list[ProductOption]:
    """The product's option dictionary, `[{id, name, name_plural, values}]` (the spec's `options`), from the
    options its variants use: `used` are (code, name, value) in variant order, `positions` maps
    (code, str(value)) to the position set by POST /product/options/reorder, `titles` maps a code to the
    dictionary's (title, plural title). Values are ordered by that position, else by first use; names come
    from the option dictionary, else from the option's own name, else the code. One function for the private
    and the public document."""
    seen: dict[str, dict] = {}
    for code, name, value in used:
        entry = seen.get(code)
        if entry is None:
            title, plural = titles.get(code) or (None, None)
            entry = seen[code] = {
                "name": title or name or code,
                "plural": plural or title or name or code,
                "values": [],
            }
        if value not in entry["values"]:
            entry["values"].append(value)
    out: list[ProductOption] = []
    for code, entry in seen.items():
        values = entry["values"]
        if positions:  # without a reorder the values stay in first-use order: the options query's (by id)
            first_use = {value: index for index, value in enumerate(values)}
            values.sort(key=lambda value: (positions.get((code, str(value)), 1 << 30), first_use[value]))
        out.append({"id": code, "name": entry["name"], "name_plural": entry["plural"], "values": values})
    return out


def _product_options(product: Product, variants: list) -> list[ProductOption] | None:
    used = []
    titles = {}
    annotated = True
    for variant in variants:
        for option in related(variant, "options"):
            used.append((option.code, option.name, option.value))
            if not hasattr(option, "feature_title"):
                annotated = False
            elif option.feature_title is not None:
                titles[option.code] = (option.feature_title, option.feature_title_plural)
    if not used:
        return None
    if not annotated:
        # Not loaded through with_documents(): one query for the dictionary's names.
        codes = {code for code, _, _ in used}
        rows = Feature.objects.filter(code__in=codes).values_list("code", "title", "title_plural")
        titles = {code: (title, plural) for code, title, plural in rows}
    positions = {(o.code, o.value): o.position for o in related(product, "option_orders")}
    return options_dictionary(used, positions, titles)


def image_document(image) -> ImageOut:
    doc: ImageOut = {"id": image.public_id, "url": image.url, "pos": decimal_string(image.pos)}
    if image.renditions:
        # Resized copies (long side 200/600/1200 px), once the Celery task has made them.
        storage = image.file.storage
        doc["renditions"] = {
            size: absolute_media_url(storage.url(name)) for size, name in sorted(image.renditions.items(), key=_size)
        }
    return doc


def _size(item) -> int:
    return int(item[0]) if str(item[0]).isdigit() else 0


def product_document(product: Product) -> ProductDocument:
    """The full private document; relations must be prefetched (see with_documents)."""
    images = [image_document(i) for i in related(product, "images")]
    variants = related(product, "variants")
    attributes: list[ProductAttributeDocument] = [
        {
            "code": a.attribute.code,
            "type": a.attribute.type,
            "stringValue": a.string_value,
            "decimalValue": a.decimal_value,
            "ordering": a.ordering,
        }
        for a in related(product, "attribute_values")
    ]
    doc: ProductDocument = {
        "id": product.public_id,
        "extId": product.ext_id,
        "extId2": product.ext_id2,
        "extId3": product.ext_id3,
        "extId4": product.ext_id4,
        "extId5": product.ext_id5,
        "shortName": product.short_name,
        "humanId": product.human_id,
        "fullName": product.full_name,
        "description": product.description,
        "tnvedCode": product.tnved_code,
        "internationalDescription": product.international_description,
        "additionalDescriptions": [
            {"title": d.title, "description": d.description} for d in related(product, "additional_descriptions")
        ],
        "available": product.available,
        "boxNeeded": product.box_needed,
        "deleted": product.deleted,
        "brandName": product.brand_name,
        "countryOfOrigin": product.country_of_origin,
        "isBestseller": product.is_bestseller,
        "isNovelty": product.is_novelty,
        "type": product.type,
        "vat": product.vat,
        "reviewScore": product.review_score,
        "options": _product_options(product, variants),
        "images": images or None,
        "useBatchAccounting": product.use_batch_accounting,
        "expirationMode": product.expiration_mode,
        "expirationMonthsLimit": product.expiration_months_limit,
        "warranty": product.warranty,
        "warehouseCategoryCode": product.warehouse_category_code,
        "warehouseCategoryTitle": product.warehouse_category_title,
        "manufacturedBy": product.manufactured_by,
        "composition": product.composition,
        "isCatchWeight": product.is_catch_weight,
        "variants": [variant_document(v, product) for v in variants],
        "collections": [c.public_id for c in related(product, "collections")],
        "attributes": attributes or None,
        "accountingAttributes": [
            {"code": a.attribute.code, "title": a.attribute.title, "stringValue": a.string_value}
            for a in related(product, "accounting_values")
        ],
        "eshopSettings": [
            {
                "eshopId": s.eshop.public_id,
                "eshopType": s.eshop.type,
                "eshopName": s.eshop.name,
                "enabled": s.enabled,
                "extId": s.ext_id,
            }
            for s in related(product, "eshop_settings")
        ],
    }
    if product.subscription_info:
        doc["subscriptionInfo"] = product.subscription_info
    return doc


def stock_only_document(product: Product) -> StockOnlyProduct:
    """The minimal shape of GET /products?only_stock=true."""
    return {
        "id": product.public_id,
        "extId": product.ext_id,
        "extId2": product.ext_id2,
        "extId3": product.ext_id3,
        "extId4": product.ext_id4,
        "extId5": product.ext_id5,
        "variants": [
            {
                "id": v.public_id,
                "extId": v.ext_id,
                "extId2": v.ext_id2,
                "extId3": v.ext_id3,
                "extId4": v.ext_id4,
                "extId5": v.ext_id5,
                "stock": [stock_document(level) for level in related(v, "stock_levels")],
            }
            for v in related(product, "variants")
        ],
    }


def load_documents(product_ids) -> dict[int, ProductDocument]:
    """Documents of the given products (by primary key), in a constant number of queries."""
    products = with_documents(Product.objects.filter(pk__in=list(product_ids)))
    return {p.pk: product_document(p) for p in products}
