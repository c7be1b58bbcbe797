from decimal import Decimal

import factory

from inventory.models import StockLevel, Warehouse

from .catalog import VariantFactory


class WarehouseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Warehouse

    code = factory.Sequence(lambda n: f"9a84e96f-3e8c-8f74-3b7a-50a1d3c2{n:04d}")
    name = factory.Sequence(lambda n: f"Склад {n}")
    city = "Москва"


class StockLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StockLevel

    variant = factory.SubFactory(VariantFactory)
    warehouse = factory.SubFactory(WarehouseFactory)
    total = Decimal("10")
    reserved = Decimal("0")
