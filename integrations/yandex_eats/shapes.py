"""The shapes of the Yandex Eats partner API's answers, declared once (see config/api/shapes.py).

The queries build these dicts (or, on PostgreSQL, the JSON text of the same rows); the API derives their
OpenAPI components. Domain code: only `typing` and Django, no DRF.
"""

from decimal import Decimal
from typing import Annotated, Any, NotRequired, TypedDict

from django.core.validators import URLValidator

from config.kernel.encoding import Number

ID: dict[str, Any] = {"max_length": 64}
MONEY: dict[str, Any] = {"max_digits": 14, "decimal_places": 2}


# --- errors (not the Cactus envelope) ----------------------------------------------------------------------


class YandexErrors(TypedDict):
    """One error of the list every Yandex error answer is (`[{"code": 404, "description": "..."}]`)."""

    code: int
    description: str


class YandexUnauthorized(TypedDict):
    """The nomenclature's 401: `{"reason": "Access token has been expired. ..."}`."""

    reason: str


# --- token ---------------------------------------------------------------------------------------------------


class YandexToken(TypedDict):
    access_token: str
    token_type: str
    expires_in: int


# --- availability ------------------------------------------------------------------------------------------


class YandexAvailabilityItem(TypedDict):
    """A row of the availability feed (on PostgreSQL the SQL writes the same object as JSON text)."""

    id: Annotated[str, ID]
    stock: Number  # any JSON number: kilograms to the gram for catch-weight products, whole pieces for others


class YandexAvailability(TypedDict):
    items: list[YandexAvailabilityItem]


# --- prices ------------------------------------------------------------------------------------------------


class YandexPriced(TypedDict):
    """The price fields an item of the prices feed and of the catalog feed share."""

    price: Annotated[Decimal, MONEY]
    oldPrice: NotRequired[Annotated[Decimal, MONEY]]  # only above the price
    vat: Annotated[int, {"help_text": "20, 10, or -1 for no VAT (0% is sent as -1)"}]


class YandexPriceItem(YandexPriced):
    id: Annotated[str, ID]


class YandexPrices(TypedDict):
    items: list[YandexPriceItem]


# --- composition (the catalog feed) ------------------------------------------------------------------------


class YandexCategory(TypedDict):
    id: str
    name: str
    parentId: str | None


class YandexBarcode(TypedDict):
    value: str
    values: list[str]


class YandexDescription(TypedDict):
    general: str
    composition: NotRequired[str]
    vendorCountry: NotRequired[str]
    vendorName: NotRequired[str]


class YandexImage(TypedDict):
    hash: str
    url: Annotated[str, {"validators": [URLValidator()]}]  # a URL (format: uri in the schema)


class YandexMeasure(TypedDict):
    value: Annotated[Decimal, {"max_digits": 12, "decimal_places": 3}]
    unit: str  # KGRM (catch-weight products, per kilogram) or GRM


class YandexCompositionItem(YandexPriced):
    id: Annotated[str, ID]
    categoryId: str
    name: str
    barcode: NotRequired[YandexBarcode]
    description: YandexDescription
    images: list[YandexImage]
    isCatchWeight: bool
    measure: NotRequired[YandexMeasure]
    vendorCode: NotRequired[str]


class YandexComposition(TypedDict):
    categories: list[YandexCategory]
    items: list[YandexCompositionItem]


# --- places (the Cactus side: /api/lite/yandex_places) -----------------------------------------------------


class YandexPlaceOut(TypedDict):
    placeId: str
    warehouseCode: str
    name: str
    assortmentCollectionId: str | None
