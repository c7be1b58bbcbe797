"""The shapes of the inventory's documents, declared once: the read paths (inventory.queries) are annotated
with them, and the API derives its OpenAPI components from them (config.api.shapes.component).

Plain typing only: the domain must not import DRF, so a field that needs a particular serializer field names
it as a string (`Annotated[str | None, "DateField"]`).
"""

from decimal import Decimal
from typing import Annotated, Any, TypedDict

from .models import Reservation, Warehouse

QUANTITY: dict[str, Any] = {"max_digits": 14, "decimal_places": 3}
Quantity = Annotated[Decimal, QUANTITY]


class WarehousePlace(TypedDict):
    """Where a warehouse is and whom it serves: what every channel answers alike."""

    name: str
    address: str
    city: str
    lat: float | None
    lon: float | None
    online: bool
    public: bool
    subway: str
    mall: str


class WarehouseOut(TypedDict):
    warehouseCode: str
    name: str
    type: Annotated[str, "ChoiceField", {"choices": Warehouse.Type.choices}]
    isDefault: bool
    address: str
    city: str
    lat: float | None
    lon: float | None
    online: bool
    public: bool
    subway: str
    mall: str
    deliveryCities: list[str]
    priceCode: str | None


class StockOut(TypedDict):
    stockAvailable: Quantity
    stockDefective: Quantity
    stockDefectiveReserved: Quantity
    stockExpired: Quantity
    stockReserved: Quantity
    stockTotal: Quantity
    warehouseCode: str


class VariantStockOut(TypedDict):
    id: str
    stock: list[StockOut]


class LotOut(TypedDict):
    available: Quantity
    batchAccountingNumber: str
    expirationDays: int
    expirationDaysLimit: int
    productionDate: Annotated[str | None, "DateField"]
    expirationDate: Annotated[str | None, "DateField"]
    manufacturer: str
    manufacturerRequisites: str
    useBatchAccounting: bool
    useExpiration: bool


class LotItemOut(TypedDict):
    batchAccountingStocks: list[LotOut]
    variantId: str


class ReservationLineOut(TypedDict):
    variantId: str
    warehouseCode: str
    quantity: Quantity


class ReservationDocument(TypedDict):
    """A reservation as the API answers it, inside the success envelope (ReservationOut)."""

    orderId: str
    status: Annotated[str, "ChoiceField", {"choices": Reservation.Status.values}]
    expiresAt: Annotated[str | None, "DateTimeField"]
    items: list[ReservationLineOut]


class UniqueNumberOut(TypedDict):
    disabled: bool
    isReserved: bool
    physicalSet: str
    purchaseOrder: str
    uniqueNumber: str
    type: str
