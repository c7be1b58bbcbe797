"""The shapes of the IMSHOP webhooks' answers, declared once (see config/api/shapes.py).

The services and the cart builder return these dicts; the webhooks derive their OpenAPI components.
Domain code: only `typing`, no DRF. Every key the code writes is here; a key written only sometimes is
`NotRequired`.
"""

from decimal import Decimal
from typing import Annotated, Any, NotRequired, TypedDict

from config.kernel.encoding import Number

MONEY: dict[str, Any] = {"max_digits": 14, "decimal_places": 2}
QUANTITY: dict[str, Any] = {"max_digits": 14, "decimal_places": 3}
BONUSES: dict[str, Any] = {"max_digits": 14, "decimal_places": 0}  # whole points


# --- stock availability ------------------------------------------------------------------------------------


class ImshopWarehouse(TypedDict):
    """A store or warehouse serving the city: its code and inventory.queries.warehouse_place()."""

    warehouseId: str
    name: str
    address: str
    city: str
    lat: float | None
    lon: float | None
    online: bool
    public: bool
    subway: str
    mall: str


class ImshopAvailabilityEntry(TypedDict):
    id: str
    warehouseId: str
    quantity: Annotated[Decimal, QUANTITY]
    price: Annotated[Decimal, MONEY]  # the spec makes it optional; only priced offers are listed


class ImshopAvailabilityOut(TypedDict):
    warehouses: list[ImshopWarehouse]
    availability: list[ImshopAvailabilityEntry]


# --- pickup point ------------------------------------------------------------------------------------------


class ImshopPickupItem(TypedDict):
    id: str
    quantity: Annotated[Decimal, QUANTITY]
    price: NotRequired[Annotated[Decimal, MONEY]]  # offered items only
    preDiscountPrice: NotRequired[Annotated[Decimal, MONEY]]  # only above the price


class ImshopTimeInterval(TypedDict):
    id: str
    title: str
    price: NotRequired[Number]  # the slot's own delivery price, as the admin typed it


class ImshopDateInterval(TypedDict):
    id: str
    title: str
    subTitle: str
    timeIntervals: list[ImshopTimeInterval]


class ImshopPickupInfo(TypedDict):
    """Every field of the spec's list, with the spec's types (0 without a price, "" without coordinates)."""

    price: Annotated[Decimal, MONEY]
    address: str
    priceDescription: str
    lat: str
    lon: str
    locationDescription: str
    title: str
    locationId: str
    deliveryTerm: str
    timetable: str
    images: list[str]
    items: NotRequired[list[ImshopPickupItem]]  # when the request names items
    dateIntervals: NotRequired[list[ImshopDateInterval]]  # when the point has delivery days ahead


class ImshopPickupOut(TypedDict):
    pickupInfo: ImshopPickupInfo


# --- cart --------------------------------------------------------------------------------------------------


class ImshopCartItemBonuses(TypedDict):
    canSpend: Annotated[Decimal, BONUSES]


class ImshopCartItem(TypedDict):
    name: str
    id: str
    price: Annotated[Decimal, MONEY]
    discount: Annotated[Decimal, MONEY]
    quantity: Annotated[Decimal, QUANTITY]
    subtotal: Annotated[Decimal, MONEY]
    gift: NotRequired[Annotated[Decimal, QUANTITY]]  # units given free, when some are
    appliedDiscounts: NotRequired[list[str]]  # ids of the promotions that touched the line, when any did
    bonuses: ImshopCartItemBonuses


class ImshopGift(TypedDict):
    id: str
    quantity: Annotated[Decimal, QUANTITY]


class ImshopDynamicDiscount(TypedDict):
    id: str
    name: str
    gifts: NotRequired[list[ImshopGift]]  # a GIFT promotion
    giftOptions: NotRequired[list[ImshopGift]]  # a GIFT_CHOICE promotion: one of them


class ImshopCartBonuses(TypedDict):
    canSpend: Annotated[Decimal, BONUSES]
    willEarn: Annotated[Decimal, BONUSES]


class ImshopCartOut(TypedDict):
    totalPrice: Annotated[Decimal, MONEY]
    appliedPromocode: str | None
    discount: Annotated[Decimal, MONEY]
    items: list[ImshopCartItem]
    dynamicDiscounts: list[ImshopDynamicDiscount]
    bonuses: ImshopCartBonuses
