"""The world the spec's examples refer to: its warehouses, collections, sales channel, dictionaries."""

import pytest

from catalog.models import AccountingAttribute, Attribute, Collection, Eshop, Feature
from inventory.models import Warehouse

# Warehouse codes as the spec's examples write them.
WH_MAIN = "9a84e96f-3e8c-8f74-3b7a-50a1d3c2a130"  # GET/POST /products
WH_FF = "2970c244-20f4-bab8-4c29-b04504281120"  # export_ff, delete_barcodes_ff
ESHOP = "e4a1920d-f154-7284-bad4-a7b9546032fe"


@pytest.fixture
def spec_world(db):
    """What most examples name; each test adds the rows its own example needs."""
    main = Warehouse.objects.create(code=WH_MAIN, name="Основной склад", is_default=True)
    Collection.objects.create(public_id="1001", name="Каталог")
    for public_id in ("1029", "1031"):
        Collection.objects.create(public_id=public_id, name=f"Коллекция {public_id}", parent=None)
    Eshop.objects.create(public_id=ESHOP, type="BERU", name="Магазин на Беру")
    Attribute.objects.create(public_id="12345", code="material", title="Материал", type="string")
    Feature.objects.create(public_id="f-color", code="color", title="Цвет")
    Feature.objects.create(public_id="f-size", code="size", title="Размер")
    AccountingAttribute.objects.create(public_id="a629bb7c", code="chestnyznak", title="Честный знак")
    return main
