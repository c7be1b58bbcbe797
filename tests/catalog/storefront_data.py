"""A small storefront catalog shared by the storefront search tests."""

from decimal import Decimal

from catalog.models import ProductAttribute, ProductImage, ProductOptionOrder
from tests.factories import (
    AttributeFactory,
    CollectionFactory,
    FeatureFactory,
    ProductFactory,
    StockLevelFactory,
    VariantFactory,
    VariantOptionFactory,
    VariantPriceFactory,
    WarehouseFactory,
    price_type,
)


def make_product(
    public_id,
    *,
    prices=((990, None),),
    collections=(),
    brand=None,
    country=None,
    attributes=(),
    sizes=(),
    stock=None,
    weight=Decimal("500"),
    dims=(5, 5, 10),
    **fields,
):
    """A product with one variant per price (retail, old), option `size` per variant, stock in a warehouse."""
    product = ProductFactory(public_id=public_id, variants=0, brand_name=brand, country_of_origin=country, **fields)
    for index, (retail, old) in enumerate(prices):
        height, width, depth = dims
        variant = VariantFactory(
            product=product, public_id=f"{public_id}-v{index + 1}", ordering=index + 1, weight=weight,
            height=height, width=width, depth=depth, article=f"ART-{public_id}-{index + 1}",
        )
        VariantPriceFactory(variant=variant, value=Decimal(retail))
        if old is not None:
            VariantPriceFactory(variant=variant, price_type=price_type("OLD"), value=Decimal(old))
        if index < len(sizes):
            VariantOptionFactory(variant=variant, code="size", string_value=sizes[index])
        if stock is not None:
            warehouse, total, reserved = stock
            StockLevelFactory(variant=variant, warehouse=warehouse, total=total, reserved=reserved)
    for attribute, value in attributes:
        if attribute.type == "decimal":
            ProductAttribute.objects.create(product=product, attribute=attribute, decimal_value=Decimal(value))
        else:
            ProductAttribute.objects.create(product=product, attribute=attribute, string_value=value)
    product.collections.set(collections)
    return product


def spec_example(warehouse=None):
    """The product of the spec's example answer of GET /api/lite/pub/products."""
    warehouse = warehouse or WarehouseFactory(code="a8064680-6f8c-830c-1ea1-0ab8a032e244")
    FeatureFactory(code="size", title="Размер", title_plural="Размеры")
    material = AttributeFactory(code="material", type="string")
    public, hidden = CollectionFactory(public_id="1029"), CollectionFactory(public_id="1031", is_public=False)
    product = ProductFactory(
        public_id="1002", variants=0, ext_id="", short_name="Футболка",
        description="<p><h1><strong>Лучшие</strong> футболки</h1><br></p>", review_score=Decimal("4.0"),
    )
    for index, size in enumerate(["L", "M"]):
        variant = VariantFactory(
            product=product, public_id=f"{1005 + index}", ext_id=None, article="", ordering=index + 1,
            weight=Decimal(500), height=Decimal(5), width=Decimal(5), depth=Decimal(10),
            default_image="8b16a469-2b8c-4df4-85f2-c9c9afa1f921" if index == 0 else None,
        )
        VariantPriceFactory(variant=variant, value=Decimal(990))
        VariantPriceFactory(variant=variant, price_type=price_type("OLD"), value=Decimal(1200))
        StockLevelFactory(variant=variant, warehouse=warehouse, total=Decimal(40), reserved=Decimal(2))
        VariantOptionFactory(variant=variant, code="size", string_value=size)
    ProductImage.objects.create(
        product=product, public_id="8b16a469-2b8c-4df4-85f2-c9c9afa1f921", file="images/8b/one.jpg", pos=10000
    )
    ProductImage.objects.create(
        product=product, public_id="8b16a469-2b8c-4df4-85f2-c9c9afa1b323", file="images/8b/two.jpg", pos=5000
    )
    ProductAttribute.objects.create(product=product, attribute=material, string_value="Хлопок 97%, эластан 3%",
                                    ordering=1)
    product.collections.set([public, hidden])
    ProductOptionOrder.objects.create(product=product, code="size", value="M", position=0)
    ProductOptionOrder.objects.create(product=product, code="size", value="L", position=1)
    return product
