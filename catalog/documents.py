"""The Cactus JSON document of a product (the shape of GET /api/lite/products).

It lives in the domain, not in the API layer, because product history stores exactly this document
as its snapshot. Documents are built for a whole list of products from `.values()` / `.values_list()` rows,
one query per relation whatever the number of products, and no model instances: building ~50,000 instances
for a batch of 1000 products (and Django's prefetch bookkeeping around them) cost 0.43 s of the 0.45 s its
history snapshots took; from rows the same documents take 0.10 s.
"""

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import OuterRef, Subquery

from config.kernel.media import absolute_media_url
from config.kernel.sql import among
from inventory.available import available_quantity
from inventory.models import StockLevel

from .document_shapes import (
    AccountingValueDocument,
    AdditionalDescriptionDocument,
    BarcodeDocument,
    Dimensions,
    ImageOut,
    OptionUsedDocument,
    PriceDocument,
    ProductAttributeDocument,
    ProductDocument,
    ProductEshopSettingDocument,
    ProductOption,
    StockLevelDocument,
    StockOnlyProduct,
    VariantDocument,
    VariantEshopSettingDocument,
    WithExtIds,
)
from .models import (
    AdditionalDescription,
    Barcode,
    Feature,
    Product,
    ProductAccountingAttribute,
    ProductAttribute,
    ProductEshopSetting,
    ProductImage,
    ProductOptionOrder,
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


def image_document(public_id: str, name: str | None, pos, renditions: dict | None) -> ImageOut:
    """An image from its row's columns (public_id, file name, pos, renditions)."""
    storage = ProductImage._meta.get_field("file").storage
    doc: ImageOut = {
        "id": public_id,
        "url": absolute_media_url(storage.url(name)) if name else "",  # as ProductImage.url
        "pos": decimal_string(pos),
    }
    if renditions:
        # Resized copies (long side 200/600/1200 px), once the Celery task has made them.
        doc["renditions"] = {
            size: absolute_media_url(storage.url(file)) for size, file in sorted(renditions.items(), key=_size)
        }
    return doc


def _size(item) -> int:
    return int(item[0]) if str(item[0]).isdigit() else 0


def stock_document(code: str, total, reserved, defective, defective_reserved) -> StockLevelDocument:
    return {
        "warehouseCode": code,
        "stockTotal": total,
        "stockAvailable": available_quantity(total, reserved),  # as StockLevel.available: never negative
        "stockReserved": reserved,
        "stockDefective": defective,
        "stockDefectiveReserved": defective_reserved,
    }


def _dimensions(height: Decimal | None, width: Decimal | None, depth: Decimal | None) -> Dimensions | None:
    if height is None and width is None and depth is None:
        return None
    return {"height": height, "width": width, "depth": depth}


# --- rows ------------------------------------------------------------------------------------------------
# The columns of the products and variants read (as `.values()` dicts); every other relation is read with
# `.values_list()` and turned into its part of the document as it is read. Each relation is one query, in the
# order its model's Meta (or the former prefetch) gave: the documents list rows in that order.

# The public id and the five external ids, which every product and variant shape starts with (WithExtIds).
PUBLIC_IDS = ("public_id", "ext_id", "ext_id2", "ext_id3", "ext_id4", "ext_id5")

PRODUCT_COLUMNS = (
    "id",
    *PUBLIC_IDS,
    "short_name",
    "human_id",
    "full_name",
    "description",
    "tnved_code",
    "international_description",
    "available",
    "box_needed",
    "deleted",
    "brand_name",
    "country_of_origin",
    "is_bestseller",
    "is_novelty",
    "type",
    "vat",
    "review_score",
    "use_batch_accounting",
    "expiration_mode",
    "expiration_months_limit",
    "warranty",
    "warehouse_category_code",
    "warehouse_category_title",
    "manufactured_by",
    "composition",
    "is_catch_weight",
    "subscription_info",
)
STOCK_ONLY_PRODUCT_COLUMNS = ("id", *PUBLIC_IDS)

VARIANT_COLUMNS = (
    "id",
    "product_id",
    *PUBLIC_IDS,
    "article",
    "is_ff_synchronised",
    "ff_sync_error",
    "is_physical_set",
    "is_ff_physical_set_synchronized",
    "ff_physical_set_sync_error",
    "discount_percent",
    "discount_fix",
    "discount_type",
    "discount_value",
    "bundle_optional_count",
    "auto_price_calculation",
    "auto_dimensions_calculation",
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
)
STOCK_ONLY_VARIANT_COLUMNS = ("id", "product_id", *PUBLIC_IDS)


def _variants_of(product_ids: list[int], columns: tuple[str, ...]) -> tuple[dict[int, list[dict]], list[int]]:
    """The products' variant rows by product (in variant order), and every variant's id."""
    variants: defaultdict[int, list[dict]] = defaultdict(list)
    ids = []
    for row in Variant.objects.filter(among("product_id", product_ids)).order_by("ordering", "id").values(*columns):
        variants[row["product_id"]].append(row)
        ids.append(row["id"])
    return variants, ids


def _stock_of(variant_ids: list[int]) -> dict[int, list[StockLevelDocument]]:
    stock: defaultdict[int, list[StockLevelDocument]] = defaultdict(list)
    rows = (
        StockLevel.objects.filter(among("variant_id", variant_ids))
        .order_by("warehouse_id")
        .values_list("variant_id", "warehouse__code", "total", "reserved", "defective", "defective_reserved")
    )
    for variant_id, code, total, reserved, defective, defective_reserved in rows:
        stock[variant_id].append(stock_document(code, total, reserved, defective, defective_reserved))
    return stock


class _Relations:
    """Every relation of a list of products, each as sub-documents by product or variant id."""

    __slots__ = (
        "variants",
        "stock",
        "prices",
        "barcodes",
        "options",
        "titles",
        "variant_eshops",
        "collections",
        "option_orders",
        "descriptions",
        "images",
        "attributes",
        "accounting",
        "eshops",
    )

    def __init__(self, product_ids: list[int]):
        self.variants, variant_ids = _variants_of(product_ids, VARIANT_COLUMNS)
        self._load_variant_rows(variant_ids)
        self._load_product_rows(product_ids)

    def _load_variant_rows(self, variant_ids: list[int]) -> None:
        self.stock = _stock_of(variant_ids)
        # (role, document) per variant, by price type: the document's `price` and `oldPrice` are the first
        # price of each role.
        self.prices: defaultdict[int, list[tuple[str, PriceDocument]]] = defaultdict(list)
        for variant_id, code, name, role, value in (
            VariantPrice.objects.filter(among("variant_id", variant_ids))
            .order_by("price_type_id")
            .values_list("variant_id", "price_type__code", "price_type__name", "price_type__role", "value")
        ):
            self.prices[variant_id].append((role, {"priceCode": code, "priceName": name, "value": value}))
        self.barcodes: defaultdict[int, list[BarcodeDocument]] = defaultdict(list)
        for variant_id, barcode, is_default, kind in (
            Barcode.objects.filter(among("variant_id", variant_ids))
            .order_by("-is_default", "id")
            .values_list("variant_id", "value", "is_default", "type")
        ):
            self.barcodes[variant_id].append({"value": barcode, "isDefault": is_default, "type": kind})
        # The option dictionary's titles come with the options (same query): the product's `options`.
        feature = Feature.objects.filter(code=OuterRef("code"))
        self.options: defaultdict[int, list[OptionUsedDocument]] = defaultdict(list)
        self.titles: dict[str, tuple[str, str | None]] = {}
        for variant_id, option_code, option_name, string_value, decimal_value, title, plural in (
            VariantOption.objects.filter(among("variant_id", variant_ids))
            .annotate(
                feature_title=Subquery(feature.values("title")[:1]),
                feature_title_plural=Subquery(feature.values("title_plural")[:1]),
            )
            .order_by("id")
            .values_list(
                "variant_id", "code", "name", "string_value", "decimal_value", "feature_title", "feature_title_plural"
            )
        ):
            self.options[variant_id].append(
                {"code": option_code, "stringValue": string_value, "decimalValue": decimal_value, "name": option_name}
            )
            if title is not None:
                self.titles[option_code] = (title, plural)
        self.variant_eshops: defaultdict[int, list[VariantEshopSettingDocument]] = defaultdict(list)
        for variant_id, eshop_id, eshop_type, eshop_name, enabled, zero_stock, ext_id in (
            VariantEshopSetting.objects.filter(among("variant_id", variant_ids))
            .order_by("id")
            .values_list(
                "variant_id", "eshop__public_id", "eshop__type", "eshop__name", "enabled", "zero_stock", "ext_id"
            )
        ):
            self.variant_eshops[variant_id].append(
                {
                    "eshopId": eshop_id,
                    "eshopType": eshop_type,
                    "eshopName": eshop_name,
                    "enabled": enabled,
                    "zeroStock": zero_stock,
                    "extId": ext_id,
                }
            )

    def _load_product_rows(self, product_ids: list[int]) -> None:
        self.collections: defaultdict[int, list[str]] = defaultdict(list)
        for product_id, public_id in (
            Product.collections.through.objects.filter(among("product_id", product_ids))
            .order_by("collection__ordering", "collection_id")  # Collection's Meta ordering
            .values_list("product_id", "collection__public_id")
        ):
            self.collections[product_id].append(public_id)
        self.option_orders: defaultdict[int, dict] = defaultdict(dict)
        for product_id, code, value, position in (
            ProductOptionOrder.objects.filter(among("product_id", product_ids))
            .order_by("code", "position")
            .values_list("product_id", "code", "value", "position")
        ):
            self.option_orders[product_id][(code, value)] = position
        self.descriptions: defaultdict[int, list[AdditionalDescriptionDocument]] = defaultdict(list)
        for product_id, title, description in (
            AdditionalDescription.objects.filter(among("product_id", product_ids))
            .order_by("position", "id")
            .values_list("product_id", "title", "description")
        ):
            self.descriptions[product_id].append({"title": title, "description": description})
        self.images: defaultdict[int, list[ImageOut]] = defaultdict(list)
        for product_id, *image in (
            ProductImage.objects.filter(among("product_id", product_ids))
            .order_by("pos", "id")
            .values_list("product_id", "public_id", "file", "pos", "renditions")
        ):
            self.images[product_id].append(image_document(*image))
        self.attributes: defaultdict[int, list[ProductAttributeDocument]] = defaultdict(list)
        for product_id, code, kind, string_value, decimal_value, ordering in (
            ProductAttribute.objects.filter(among("product_id", product_ids))
            .order_by("ordering", "id")
            .values_list(
                "product_id", "attribute__code", "attribute__type", "string_value", "decimal_value", "ordering"
            )
        ):
            self.attributes[product_id].append(
                {
                    "code": code,
                    "type": kind,
                    "stringValue": string_value,
                    "decimalValue": decimal_value,
                    "ordering": ordering,
                }
            )
        self.accounting: defaultdict[int, list[AccountingValueDocument]] = defaultdict(list)
        for product_id, code, title, string_value in (
            ProductAccountingAttribute.objects.filter(among("product_id", product_ids))
            .order_by("id")
            .values_list("product_id", "attribute__code", "attribute__title", "string_value")
        ):
            self.accounting[product_id].append({"code": code, "title": title, "stringValue": string_value})
        self.eshops: defaultdict[int, list[ProductEshopSettingDocument]] = defaultdict(list)
        for product_id, eshop_id, eshop_type, eshop_name, enabled, ext_id in (
            ProductEshopSetting.objects.filter(among("product_id", product_ids))
            .order_by("id")
            .values_list("product_id", "eshop__public_id", "eshop__type", "eshop__name", "enabled", "ext_id")
        ):
            self.eshops[product_id].append(
                {
                    "eshopId": eshop_id,
                    "eshopType": eshop_type,
                    "eshopName": eshop_name,
                    "enabled": enabled,
                    "extId": ext_id,
                }
            )


# --- the documents -----------------------------------------------------------------------------------------


def _ids(row: dict) -> WithExtIds:
    """The id and external ids of a product or variant row (PUBLIC_IDS), as its document names them."""
    return {
        "id": row["public_id"],
        "extId": row["ext_id"],
        "extId2": row["ext_id2"],
        "extId3": row["ext_id3"],
        "extId4": row["ext_id4"],
        "extId5": row["ext_id5"],
    }


def _price_of(prices: Iterable[tuple[str, PriceDocument]], role: str) -> Decimal | None:
    for price_role, price in prices:
        if price_role == role:
            return price["value"]
    return None


def variant_document(v: dict, p: dict, rel: _Relations) -> VariantDocument:
    pk = v["id"]
    prices = rel.prices.get(pk, ())
    return {
        **_ids(v),
        "article": v["article"],
        "price": _price_of(prices, "RETAIL"),
        "oldPrice": _price_of(prices, "OLD"),
        "isFfSynchronised": v["is_ff_synchronised"],
        "ffSyncError": v["ff_sync_error"],
        "isPhysicalSet": v["is_physical_set"],
        "isFfPhysicalSetSynchronized": v["is_ff_physical_set_synchronized"],
        "ffPhysicalSetSyncError": v["ff_physical_set_sync_error"],
        "discountPercent": v["discount_percent"],
        "discountFix": v["discount_fix"],
        "discountType": v["discount_type"],
        "discountValue": v["discount_value"],
        "bundleOptionalCount": v["bundle_optional_count"],
        "autoPriceCalculation": v["auto_price_calculation"],
        "autoDimensionsCalculation": v["auto_dimensions_calculation"],
        "prices": [price for _, price in prices],
        "stock": rel.stock.get(pk, []),
        "ordering": decimal_string(v["ordering"]),
        "defaultImage": v["default_image"],
        "weight": v["weight"],
        "dimensions": _dimensions(v["height"], v["width"], v["depth"]),
        "weightFact": v["weight_fact"],
        "dimensionsFact": _dimensions(v["height_fact"], v["width_fact"], v["depth_fact"]),
        "canBeRotated": v["can_be_rotated"],
        "barcodes": rel.barcodes.get(pk) or None,
        "optionsUsed": rel.options.get(pk) or None,
        "eshopSettings": rel.variant_eshops.get(pk, []),
        "vat": p["vat"],
        "type": p["type"],
    }


def _product_options(pk: int, variants: list[dict], rel: _Relations) -> list[ProductOption] | None:
    used = [
        (o["code"], o["name"], o["stringValue"] if o["stringValue"] is not None else o["decimalValue"])
        for v in variants
        for o in rel.options.get(v["id"], ())
    ]
    if not used:
        return None
    return options_dictionary(used, rel.option_orders.get(pk, {}), rel.titles)


def product_document(p: dict, rel: _Relations) -> ProductDocument:
    """The full private document of a product row (PRODUCT_COLUMNS) and its relations' rows."""
    pk = p["id"]
    variants = rel.variants.get(pk, [])
    doc: ProductDocument = {
        **_ids(p),
        "shortName": p["short_name"],
        "humanId": p["human_id"],
        "fullName": p["full_name"],
        "description": p["description"],
        "tnvedCode": p["tnved_code"],
        "internationalDescription": p["international_description"],
        "additionalDescriptions": rel.descriptions.get(pk, []),
        "available": p["available"],
        "boxNeeded": p["box_needed"],
        "deleted": p["deleted"],
        "brandName": p["brand_name"],
        "countryOfOrigin": p["country_of_origin"],
        "isBestseller": p["is_bestseller"],
        "isNovelty": p["is_novelty"],
        "type": p["type"],
        "vat": p["vat"],
        "reviewScore": p["review_score"],
        "options": _product_options(pk, variants, rel),
        "images": rel.images.get(pk) or None,
        "useBatchAccounting": p["use_batch_accounting"],
        "expirationMode": p["expiration_mode"],
        "expirationMonthsLimit": p["expiration_months_limit"],
        "warranty": p["warranty"],
        "warehouseCategoryCode": p["warehouse_category_code"],
        "warehouseCategoryTitle": p["warehouse_category_title"],
        "manufacturedBy": p["manufactured_by"],
        "composition": p["composition"],
        "isCatchWeight": p["is_catch_weight"],
        "variants": [variant_document(v, p, rel) for v in variants],
        "collections": rel.collections.get(pk, []),
        "attributes": rel.attributes.get(pk) or None,
        "accountingAttributes": rel.accounting.get(pk, []),
        "eshopSettings": rel.eshops.get(pk, []),
    }
    if p["subscription_info"]:
        doc["subscriptionInfo"] = p["subscription_info"]
    return doc


def build_documents(products: list[dict]) -> list[ProductDocument]:
    """Documents of the given product rows (PRODUCT_COLUMNS), in their order, in a constant number of queries."""
    if not products:
        return []
    rel = _Relations([p["id"] for p in products])
    return [product_document(p, rel) for p in products]


def build_stock_only_documents(products: list[dict]) -> list[StockOnlyProduct]:
    """The minimal shape of GET /products?only_stock=true, of product rows (STOCK_ONLY_PRODUCT_COLUMNS)."""
    if not products:
        return []
    variants, variant_ids = _variants_of([p["id"] for p in products], STOCK_ONLY_VARIANT_COLUMNS)
    stock = _stock_of(variant_ids)
    return [
        {
            **_ids(p),
            "variants": [
                {
                    **_ids(v),
                    "stock": stock.get(v["id"], []),
                }
                for v in variants.get(p["id"], [])
            ],
        }
        for p in products
    ]


def load_documents(product_ids) -> dict[int, ProductDocument]:
    """Documents of the given products (by primary key), in a constant number of queries."""
    products = list(Product.objects.filter(among("id", list(product_ids))).order_by("id").values(*PRODUCT_COLUMNS))
    return {p["id"]: document for p, document in zip(products, build_documents(products), strict=True)}
