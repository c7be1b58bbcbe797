"""The shapes of the WMS endpoints' answers, declared once (see config/api/shapes.py).

The queries return these dicts; the API derives their OpenAPI components. Domain code: only `typing`, no DRF.
"""

from decimal import Decimal
from typing import Annotated, Any, NotRequired, TypedDict

QUANTITY: dict[str, Any] = {"max_digits": 14, "decimal_places": 3}


class StockReviseVariant(TypedDict):
    variantId: str
    variantExtId: NotRequired[str]  # when the variant has one
    productId: str
    name: str
    article: NotRequired[str]  # when the variant has one
    img: NotRequired[str]  # the product's first image, when it has one
    barcode: str  # the first barcode, "" without one


class StockReviseItem(TypedDict):
    item: StockReviseVariant
    available: Annotated[Decimal, QUANTITY]
    reserved: Annotated[Decimal, QUANTITY]
    external: Annotated[Decimal, QUANTITY]
    diff: Annotated[Decimal, QUANTITY]
    afterCorrection: Annotated[Decimal, QUANTITY]
    reviseError: bool


class StockReviseLists(TypedDict):
    moreItems: list[StockReviseItem]  # we hold more than the WMS
    lessItems: list[StockReviseItem]  # we hold less


class WarehouseCategory(TypedDict):
    code: str
    title: str
