from .catalog import (
    AttributeFactory,
    BarcodeFactory,
    CollectionFactory,
    EshopFactory,
    FeatureFactory,
    HistoryEventFactory,
    ProductFactory,
    VariantFactory,
    VariantOptionFactory,
    VariantPriceFactory,
    price_type,
)
from .inventory import StockLevelFactory, WarehouseFactory

__all__ = [
    "AttributeFactory",
    "BarcodeFactory",
    "CollectionFactory",
    "EshopFactory",
    "FeatureFactory",
    "HistoryEventFactory",
    "ProductFactory",
    "StockLevelFactory",
    "VariantFactory",
    "VariantOptionFactory",
    "VariantPriceFactory",
    "WarehouseFactory",
    "price_type",
]
