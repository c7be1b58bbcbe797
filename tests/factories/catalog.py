from decimal import Decimal

import factory

from catalog.models import (
    Attribute,
    Barcode,
    Collection,
    Eshop,
    Feature,
    HistoryEvent,
    PriceType,
    Product,
    Variant,
    VariantOption,
    VariantPrice,
)


def price_type(role: str = "RETAIL") -> PriceType:
    """The price types created by migration: RETAIL = "Розничная цена", OLD = "Цена до скидки"."""
    return PriceType.objects.filter(role=role).order_by("pk").first()


class CollectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Collection

    public_id = factory.Sequence(lambda n: f"{5000 + n}")
    name = factory.Sequence(lambda n: f"Коллекция {n}")


class ProductFactory(factory.django.DjangoModelFactory):
    """A product; pass `variants=0` to create it bare (the API always gives one)."""

    class Meta:
        model = Product
        skip_postgeneration_save = True

    public_id = factory.Sequence(lambda n: f"P{1000 + n}")
    short_name = factory.Sequence(lambda n: f"Товар {n}")
    description = "Описание"

    @factory.post_generation
    def variants(self, create, extracted, **kwargs):
        count = 1 if extracted is None else extracted
        for index in range(count):
            VariantFactory(product=self, ordering=index)


class VariantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Variant

    public_id = factory.Sequence(lambda n: f"V{1000 + n}")
    product = factory.SubFactory(ProductFactory, variants=0)
    article = factory.Sequence(lambda n: f"ART-{n}")
    weight = Decimal("500")


class VariantPriceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VariantPrice

    variant = factory.SubFactory(VariantFactory)
    price_type = factory.LazyFunction(lambda: price_type("RETAIL"))
    value = Decimal("990.00")


class BarcodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Barcode

    variant = factory.SubFactory(VariantFactory)
    value = factory.Sequence(lambda n: f"46000000{n:05d}")
    is_default = True


class AttributeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attribute

    public_id = factory.Sequence(lambda n: f"A{n}")
    code = factory.Sequence(lambda n: f"attr{n}")
    title = factory.Sequence(lambda n: f"Атрибут {n}")
    type = "string"


class FeatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feature

    public_id = factory.Sequence(lambda n: f"F{n}")
    code = factory.Sequence(lambda n: f"feature{n}")
    title = factory.Sequence(lambda n: f"Опция {n}")


class VariantOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VariantOption

    variant = factory.SubFactory(VariantFactory)
    code = "size"
    string_value = "M"


class EshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Eshop

    public_id = factory.Sequence(lambda n: f"e4a1920d-f154-7284-bad4-a7b95460{n:04d}")
    type = "BERU"
    name = "Магазин на Беру"


class HistoryEventFactory(factory.django.DjangoModelFactory):
    """An event of `product` (none: of a product since deleted, "gone-1"), as an API write records it."""

    class Meta:
        model = HistoryEvent

    product = None
    product_public_id = factory.LazyAttribute(lambda event: event.product.public_id if event.product else "gone-1")
    change_source = "API"
    source_action = "x"
    snapshot = factory.LazyFunction(dict)
