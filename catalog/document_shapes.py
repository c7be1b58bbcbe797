"""The shapes of the catalog's documents, declared once (see config/api/shapes.py).

The builders in catalog/documents.py (the private product document, which product history also stores as its
snapshot) and catalog/public.py (the storefront's) are annotated with these TypedDicts, so mypy checks every
key and value they write; the API derives the OpenAPI components from the same classes. Domain code: only
`typing`, no DRF. A key written only sometimes is `NotRequired`.
"""

from typing import Any, NotRequired, TypedDict

from config.kernel.encoding import Number, NumberOrNone

# --- shared by the private and the public document --------------------------------------------------------


class Dimensions(TypedDict):
    height: NumberOrNone
    width: NumberOrNone
    depth: NumberOrNone


class ProductOption(TypedDict):
    """An option of the product's variants and the values they use (`documents.options_dictionary`)."""

    id: str
    name: str
    name_plural: str
    values: list[Any]  # strings or numbers, by the option's type


class ImageOut(TypedDict):
    """A product image (`documents.image_document`), in the private document and in a review's product."""

    id: str
    url: str
    pos: str
    renditions: NotRequired[dict[str, str]]  # resized copies by long side ("200", "600", "1200"), once made


# --- the private document (GET /api/lite/products, product history) -----------------------------------------


class StockLevelDocument(TypedDict):
    warehouseCode: str
    stockTotal: Number
    stockAvailable: Number
    stockReserved: Number
    stockDefective: Number
    stockDefectiveReserved: Number


class PriceDocument(TypedDict):
    priceCode: str
    priceName: str
    value: Number


class BarcodeDocument(TypedDict):
    value: str
    isDefault: bool
    type: str


class OptionUsedDocument(TypedDict):
    code: str
    stringValue: str | None
    decimalValue: NumberOrNone
    name: str | None


class VariantEshopSettingDocument(TypedDict):
    eshopId: str
    eshopType: str
    eshopName: str
    enabled: bool
    zeroStock: bool
    extId: str | None


class WithExtIds(TypedDict):
    """The id and the five external ids every product and variant shape starts with."""

    id: str
    extId: str | None
    extId2: str | None
    extId3: str | None
    extId4: str | None
    extId5: str | None


class VariantDocument(WithExtIds):
    article: str | None
    price: NumberOrNone
    oldPrice: NumberOrNone
    isFfSynchronised: bool
    ffSyncError: str | None
    isPhysicalSet: bool
    isFfPhysicalSetSynchronized: bool
    ffPhysicalSetSyncError: str | None
    discountPercent: Number
    discountFix: Number
    discountType: str | None
    discountValue: NumberOrNone
    bundleOptionalCount: int
    autoPriceCalculation: bool
    autoDimensionsCalculation: bool
    prices: list[PriceDocument]
    stock: list[StockLevelDocument]
    ordering: str  # a decimal string, "123.000000000000000"
    defaultImage: str | None
    weight: NumberOrNone
    dimensions: Dimensions | None  # null when none of the three is set
    weightFact: NumberOrNone
    dimensionsFact: Dimensions | None
    canBeRotated: bool | None
    barcodes: list[BarcodeDocument] | None  # null, not [], without barcodes
    optionsUsed: list[OptionUsedDocument] | None  # null, not [], without options
    eshopSettings: list[VariantEshopSettingDocument]
    vat: str  # the product's
    type: str  # the product's


class AdditionalDescriptionDocument(TypedDict):
    title: str
    description: str


class ProductAttributeDocument(TypedDict):
    code: str
    type: str
    stringValue: str | None
    decimalValue: NumberOrNone
    ordering: int


class AccountingValueDocument(TypedDict):
    code: str
    title: str
    stringValue: str


class ProductEshopSettingDocument(TypedDict):
    eshopId: str
    eshopType: str
    eshopName: str
    enabled: bool
    extId: str | None


class ProductDocument(WithExtIds):
    shortName: str
    humanId: str | None
    fullName: str | None
    description: str | None
    tnvedCode: str | None
    internationalDescription: str | None
    additionalDescriptions: list[AdditionalDescriptionDocument]
    available: bool
    boxNeeded: bool
    deleted: bool
    brandName: str | None
    countryOfOrigin: str | None
    isBestseller: bool | None
    isNovelty: bool | None
    type: str
    vat: str
    reviewScore: NumberOrNone
    options: list[ProductOption] | None  # null, not [], when no variant uses an option
    images: list[ImageOut] | None  # null, not [], without images
    useBatchAccounting: bool
    expirationMode: str
    expirationMonthsLimit: int | None
    warranty: int | None
    warehouseCategoryCode: str | None
    warehouseCategoryTitle: str | None
    manufacturedBy: str | None
    composition: str | None
    isCatchWeight: bool
    variants: list[VariantDocument]
    collections: list[str]
    attributes: list[ProductAttributeDocument] | None  # null, not [], without attributes
    accountingAttributes: list[AccountingValueDocument]
    eshopSettings: list[ProductEshopSettingDocument]
    subscriptionInfo: NotRequired[Any]  # only when set: the JSON given


# --- the minimal stock shape (GET /api/lite/products?only_stock=true) ----------------------------------------


class StockOnlyVariant(WithExtIds):
    stock: list[StockLevelDocument]


class StockOnlyProduct(WithExtIds):
    variants: list[StockOnlyVariant]
