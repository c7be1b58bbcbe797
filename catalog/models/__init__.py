from .appearance import FeatureAppearance
from .attributes import (
    AccountingAttribute,
    AccountingAttributeValue,
    Attribute,
    AttributeValue,
    ProductAccountingAttribute,
    ProductAttribute,
)
from .collections import Collection
from .common import IdCounter
from .eshops import Eshop, ProductEshopSetting, VariantEshopSetting
from .features import Feature, FeatureValue, ProductOptionOrder, VariantOption
from .filter_blocks import BlockFilter, FilterBlock, FilterField, FilterType
from .history import HistoryEvent
from .images import ProductImage
from .imports import ImportJob
from .products import AdditionalDescription, AdditionalDescriptionTitle, Product
from .variants import Barcode, PriceType, Variant, VariantPrice

__all__ = [
    "AccountingAttribute",
    "AccountingAttributeValue",
    "AdditionalDescription",
    "AdditionalDescriptionTitle",
    "Attribute",
    "AttributeValue",
    "Barcode",
    "BlockFilter",
    "Collection",
    "Eshop",
    "Feature",
    "FeatureAppearance",
    "FeatureValue",
    "FilterBlock",
    "FilterField",
    "FilterType",
    "HistoryEvent",
    "IdCounter",
    "ImportJob",
    "PriceType",
    "Product",
    "ProductAccountingAttribute",
    "ProductAttribute",
    "ProductEshopSetting",
    "ProductImage",
    "ProductOptionOrder",
    "Variant",
    "VariantEshopSetting",
    "VariantOption",
    "VariantPrice",
]
