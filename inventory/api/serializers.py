"""Input and output shapes of the inventory API (camelCase lives only here).

The documents' shapes are TypedDicts in inventory.shapes (the read paths build them); the answers' envelopes
are declared here, and the views derive their OpenAPI components from them (config.api.shapes.component).
"""

import re
from datetime import datetime
from typing import Annotated, NotRequired, TypedDict

from django.utils import timezone
from rest_framework import serializers

from config.api.fields import IdField
from config.api.shapes import Success
from inventory.models import UniqueNumber, Warehouse
from inventory.shapes import QUANTITY, LotItemOut, ReservationDocument, UniqueNumberOut, VariantStockOut, WarehouseOut

STOCK_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?$")


def parse_stock_date(raw: str) -> datetime:
    """`yyyy-MM-dd'T'HH:mm:ss[.SSS]`, in the shop's time zone (TIME_ZONE)."""
    raw = raw.strip()
    if not STOCK_DATE_RE.match(raw):
        raise serializers.ValidationError(
            {"stock_updated_from": f"ожидается дата в формате yyyy-MM-dd'T'HH:mm:ss[.SSS], получено «{raw}»"}
        )
    try:
        value = datetime.strptime(raw, "%Y-%m-%dT%H:%M:%S.%f" if "." in raw else "%Y-%m-%dT%H:%M:%S")
    except ValueError:
        raise serializers.ValidationError({"stock_updated_from": f"несуществующая дата «{raw}»"}) from None
    return timezone.make_aware(value)


class WarehouseIn(serializers.Serializer):
    warehouseCode = IdField(source="code")
    name = serializers.CharField(max_length=255)
    type = serializers.ChoiceField(choices=Warehouse.Type.choices, required=False)
    isDefault = serializers.BooleanField(source="is_default", required=False)
    address = serializers.CharField(max_length=500, required=False, allow_blank=True)
    city = serializers.CharField(max_length=255, required=False, allow_blank=True)
    lat = serializers.FloatField(min_value=-90, max_value=90, required=False, allow_null=True)
    lon = serializers.FloatField(min_value=-180, max_value=180, required=False, allow_null=True)
    online = serializers.BooleanField(required=False)
    public = serializers.BooleanField(required=False)
    subway = serializers.CharField(max_length=255, required=False, allow_blank=True)
    mall = serializers.CharField(max_length=255, required=False, allow_blank=True)
    deliveryCities = serializers.ListField(
        child=serializers.CharField(max_length=255), max_length=1000, required=False, source="delivery_cities"
    )
    priceCode = serializers.CharField(
        max_length=100, required=False, allow_blank=True, allow_null=True, source="price_type_code"
    )

    def validate_priceCode(self, value):
        return value or ""


class ReservationItemIn(serializers.Serializer):
    variantId = IdField(source="variant_id")
    warehouseCode = IdField(required=False, allow_null=True, allow_blank=True, source="warehouse_code")
    quantity = serializers.DecimalField(**QUANTITY, min_value=0)


class ReservationIn(serializers.Serializer):
    orderId = IdField(max_length=255, source="order_id")
    # many=True hands max_length to the ListSerializer; the stubs type only the child's own arguments.
    items = ReservationItemIn(many=True, allow_empty=False, max_length=1000)  # type: ignore[call-arg]
    # The order's promo code and customer: confirming the reservation records one use of the code.
    promoCode = serializers.CharField(max_length=255, required=False, allow_null=True, allow_blank=True)
    externalUserId = serializers.CharField(max_length=255, required=False, allow_null=True, allow_blank=True)
    loyaltyCard = serializers.CharField(max_length=255, required=False, allow_null=True, allow_blank=True)


class OrderRefIn(serializers.Serializer):
    orderId = IdField(max_length=255, source="order_id")


class LotStocksQuery(serializers.Serializer):
    warehouseCode = serializers.CharField(max_length=64, source="warehouse_code")
    variantId = serializers.CharField(max_length=100_000, required=False, allow_blank=True, source="variant_ids")
    format = serializers.ChoiceField(choices=["json", "xls"], required=False, default="json")

    def validate_variantId(self, value):
        ids = [part.strip() for part in value.split(",") if part.strip()]
        if len(ids) > 10_000:
            raise serializers.ValidationError("не больше 10000 вариантов")
        return ids


class UniqueNumberIn(serializers.Serializer):
    uniqueNumber = serializers.CharField(max_length=1000, source="number", trim_whitespace=False)
    type = serializers.CharField(max_length=20)


class UniqueNumberItemIn(serializers.Serializer):
    variantId = IdField(source="variant_id")
    uniqueNumbers = UniqueNumberIn(many=True, allow_empty=False, source="numbers")


class UniqueNumbersLoadIn(serializers.Serializer):
    # many=True hands max_length to the ListSerializer; the stubs type only the child's own arguments.
    items = UniqueNumberItemIn(many=True, allow_empty=False, max_length=100_000)  # type: ignore[call-arg]


class UniqueNumbersUploadIn(serializers.Serializer):
    upFile = serializers.FileField(source="file")

    def validate_upFile(self, value):
        if value.size > 20 * 1024 * 1024:
            raise serializers.ValidationError("файл больше 20 МБ")
        return value


class TakeUniqueNumberQuery(serializers.Serializer):
    variant_id = serializers.CharField(max_length=64)
    type_unique_number = serializers.CharField(max_length=20)
    id = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    doc_type = serializers.ChoiceField(
        choices=UniqueNumber.DocType.values, required=False, allow_blank=True, default=""
    )


class UniqueNumberUsedIn(serializers.Serializer):
    variantId = IdField(source="variant_id")
    uniqueNumber = serializers.CharField(max_length=1000, source="number", trim_whitespace=False)


# --- answers ------------------------------------------------------------------------------------------------


class WarehouseList(Success):
    warehouses: list[WarehouseOut]


class WarehouseSaved(Success):
    created: bool
    warehouse: WarehouseOut


class WarehouseDeleted(Success):
    warehouseCode: str


class StocksOut(TypedDict):
    """Streamed by inventory.queries.stream_stocks, recordsTotal first."""

    recordsTotal: int
    success: bool
    variants: list[VariantStockOut]


class ReservationOut(Success, ReservationDocument):
    """A reservation's document inside the envelope, success first."""


class LotStocksOut(Success):
    items: NotRequired[list[LotItemOut]]  # format=json
    file: NotRequired[Annotated[str, serializers.URLField]]  # format=xls


class UniqueNumbersListOut(Success):
    recordsTotal: int
    uniqueNumbers: list[UniqueNumberOut]


class TakeUniqueNumberOut(Success):
    variantId: str
    uniqueNumber: str
