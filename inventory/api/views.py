"""Thin views of the inventory API: parse input, call one service or query, render a plain dict."""

from django.core.files.storage import default_storage
from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.settings import api_settings

from config.api.filters import filter_parameters, filtered
from config.api.inputs import validated
from config.api.permissions import needs
from config.api.shapes import Success, component
from config.api.views import PrivateAPIView
from config.kernel.media import absolute_media_url
from config.kernel.params import parse_page
from inventory import queries, services
from inventory.models import Reservation, StockMovement
from inventory.spreadsheets import read_unique_numbers_xls, write_lot_stocks_xls

from .filters import UniqueNumberFilter, WarehouseFilter
from .serializers import (
    LotStocksOut,
    LotStocksQuery,
    OrderRefIn,
    ReservationIn,
    ReservationOut,
    StocksOut,
    TakeUniqueNumberOut,
    TakeUniqueNumberQuery,
    UniqueNumbersListOut,
    UniqueNumbersLoadIn,
    UniqueNumbersUploadIn,
    UniqueNumberUsedIn,
    WarehouseDeleted,
    WarehouseIn,
    WarehouseList,
    WarehouseSaved,
    parse_stock_date,
)

PAGE_PARAMS = [
    OpenApiParameter("page", OpenApiTypes.INT, description="Page number, from 0"),
    OpenApiParameter("size", OpenApiTypes.INT, description="Page size"),
]
STOCKS_DEFAULT_SIZE = 1000
STOCKS_MAX_SIZE = 100_000


def login_of(request) -> str:
    user = getattr(request, "user", None)
    return user.get_username() if user is not None and user.is_authenticated else ""


# --- warehouses ---------------------------------------------------------------------------------------------


class WarehousesView(PrivateAPIView):
    required_permissions = {
        "GET": needs("inventory.warehouse", "view"),
        "POST": needs("inventory.warehouse", "add", "change"),
        "DELETE": needs("inventory.warehouse", "delete"),
    }

    @extend_schema(
        summary="List warehouses and stores",
        parameters=filter_parameters(WarehouseFilter),
        responses=component(WarehouseList),
    )
    def get(self, request):
        docs = queries.warehouse_documents(filtered(WarehouseFilter, request.query_params, queries.warehouses()))
        return Response(WarehouseList(success=True, warehouses=docs))

    @extend_schema(
        summary="Create or update a warehouse by warehouseCode",
        request=WarehouseIn,
        responses=component(WarehouseSaved),
    )
    def post(self, request):
        data = validated(WarehouseIn, request.data)
        warehouse, created = services.save_warehouse(data=data)
        return Response(WarehouseSaved(success=True, created=created, warehouse=queries.warehouse_document(warehouse)))

    @extend_schema(
        summary="Delete a warehouse that holds no stock",
        parameters=[OpenApiParameter("warehouseCode", str, required=True)],
        responses=component(WarehouseDeleted),
    )
    def delete(self, request):
        code = (request.query_params.get("warehouseCode") or "").strip()
        if not code:
            raise serializers.ValidationError({"warehouseCode": "обязательный параметр"})
        services.delete_warehouse(code=code)
        return Response(WarehouseDeleted(success=True, warehouseCode=code))


# --- stock --------------------------------------------------------------------------------------------------


class StocksView(PrivateAPIView):
    required_permissions = {"GET": needs("inventory.stocklevel", "view")}

    @extend_schema(
        summary="Stock of every variant (streamed)",
        parameters=[
            OpenApiParameter(
                "stock_updated_from",
                str,
                description="Only variants whose stock changed since yyyy-MM-dd'T'HH:mm:ss[.SSS]",
            ),
            *PAGE_PARAMS,
        ],
        responses=component(StocksOut),
    )
    def get(self, request):
        params = request.query_params
        raw_from = params.get("stock_updated_from")
        updated_from = parse_stock_date(raw_from) if raw_from not in (None, "") else None
        page = parse_page(params, default_size=STOCKS_DEFAULT_SIZE, max_size=STOCKS_MAX_SIZE)
        stream = queries.stream_stocks(updated_from=updated_from, offset=page.offset, limit=page.size)
        return StreamingHttpResponse(stream, content_type="application/json")


# --- reservations -------------------------------------------------------------------------------------------


def reservation_answer(reservation: Reservation) -> ReservationOut:
    return ReservationOut(success=True, **queries.reservation_document(reservation))


class ReservationsView(PrivateAPIView):
    required_permissions = {
        "GET": needs("inventory.reservation", "view"),
        "POST": needs("inventory.reservation", "add"),
    }

    @extend_schema(
        summary="A reservation by order id",
        parameters=[OpenApiParameter("orderId", str, required=True)],
        responses=component(ReservationOut),
    )
    def get(self, request):
        data = validated(OrderRefIn, request.query_params)
        return Response(reservation_answer(queries.find_reservation(data["order_id"])))

    @extend_schema(
        summary="Reserve stock for an order: all items or none; idempotent by orderId",
        request=ReservationIn,
        responses=component(ReservationOut),
    )
    def post(self, request):
        data = validated(ReservationIn, request.data)
        items = [
            services.ReservationItem(
                variant_id=item["variant_id"],
                warehouse_code=item.get("warehouse_code") or None,
                quantity=item["quantity"],
            )
            for item in data["items"]
        ]
        reservation, _ = services.reserve_stock(
            order_id=data["order_id"],
            items=items,
            source=StockMovement.Source.API,
            user_login=login_of(request),
            promo_code=data.get("promoCode") or "",
            customer=data.get("externalUserId") or data.get("loyaltyCard") or "",
        )
        return Response(reservation_answer(reservation))


class ReservationReleaseView(PrivateAPIView):
    required_permissions = {"POST": needs("inventory.reservation", "change")}

    @extend_schema(
        summary="Release the reserved stock of an order (idempotent)",
        request=OrderRefIn,
        responses=component(ReservationOut),
    )
    def post(self, request):
        data = validated(OrderRefIn, request.data)
        reservation = services.release_reservation(
            order_id=data["order_id"], source=StockMovement.Source.API, user_login=login_of(request)
        )
        return Response(reservation_answer(reservation))


class ReservationConfirmView(PrivateAPIView):
    required_permissions = {"POST": needs("inventory.reservation", "change")}

    @extend_schema(
        summary="Ship an order: total and reserved stock both drop (idempotent)",
        request=OrderRefIn,
        responses=component(ReservationOut),
    )
    def post(self, request):
        data = validated(OrderRefIn, request.data)
        reservation = services.confirm_reservation(
            order_id=data["order_id"], source=StockMovement.Source.API, user_login=login_of(request)
        )
        return Response(reservation_answer(reservation))


class _SettingsWithoutFormatOverride:
    URL_FORMAT_OVERRIDE = None

    def __getattr__(self, name):
        return getattr(api_settings, name)


class FormatIsAParameter(DefaultContentNegotiation):
    """The spec's `format=json|xls` is a parameter of the endpoint, not DRF's renderer override (which would
    answer 404 for `xls`); the answer is always JSON."""

    # Duck-types api_settings (every other setting is DRF's own), which the stubs type as the class _Settings.
    settings = _SettingsWithoutFormatOverride()  # type: ignore[assignment]


# --- lots ---------------------------------------------------------------------------------------------------


class LotStocksView(PrivateAPIView):
    required_permissions = {"GET": needs("inventory.lot", "view")}

    content_negotiation_class = FormatIsAParameter

    @extend_schema(
        summary="Stock by lot (batch accounting); format=xls answers a link to a file",
        parameters=[
            OpenApiParameter("warehouseCode", str, required=True),
            OpenApiParameter("variantId", str, description="Variant ids, comma separated"),
            OpenApiParameter("format", str, enum=["json", "xls"]),
        ],
        responses=component(LotStocksOut),
    )
    def get(self, request):
        data = validated(LotStocksQuery, request.query_params)
        items = queries.lot_stock_documents(
            warehouse_code=data["warehouse_code"], variant_ids=data.get("variant_ids") or []
        )
        if data["format"] == "xls":
            name = write_lot_stocks_xls(warehouse_code=data["warehouse_code"], items=items)
            return Response(LotStocksOut(success=True, file=absolute_media_url(default_storage.url(name))))
        return Response(LotStocksOut(success=True, items=items))


# --- unique numbers -----------------------------------------------------------------------------------------


class UniqueNumbersJsonLoadView(PrivateAPIView):
    required_permissions = {"POST": needs("inventory.uniquenumber", "add")}

    @extend_schema(
        summary="Load unique item numbers (all or none)", request=UniqueNumbersLoadIn, responses=component(Success)
    )
    def post(self, request):
        data = validated(UniqueNumbersLoadIn, request.data)
        rows = [
            services.UniqueNumberRow(
                variant_id=item["variant_id"],
                number=entry["number"],
                type=entry["type"],
                where=f"items[{i}].uniqueNumbers[{j}]",
            )
            for i, item in enumerate(data["items"])
            for j, entry in enumerate(item["numbers"])
        ]
        services.load_unique_numbers(rows=rows)
        return Response(Success(success=True))


class UniqueNumbersExcelLoadView(PrivateAPIView):
    required_permissions = {"POST": needs("inventory.uniquenumber", "add")}
    parser_classes = [MultiPartParser]  # a file upload; the API's default parser is JSON only

    @extend_schema(
        summary="Load unique item numbers from an .xls (columns: variant id, number, type); all or none",
        request={"multipart/form-data": UniqueNumbersUploadIn},
        responses=component(Success),
    )
    def post(self, request):
        data = validated(UniqueNumbersUploadIn, request.data)
        services.load_unique_numbers(rows=read_unique_numbers_xls(data["file"].read()))
        return Response(Success(success=True))


class UniqueNumbersListView(PrivateAPIView):
    required_permissions = {"GET": needs("inventory.uniquenumber", "view")}

    @extend_schema(
        summary="Loaded unique item numbers",
        parameters=[*filter_parameters(UniqueNumberFilter), *PAGE_PARAMS],
        responses=component(UniqueNumbersListOut),
    )
    def get(self, request):
        params = request.query_params
        page = parse_page(params, default_size=100, max_size=1000)
        numbers = filtered(UniqueNumberFilter, params, queries.unique_numbers())
        total, docs = queries.unique_numbers_page(numbers, offset=page.offset, size=page.size)
        return Response(UniqueNumbersListOut(success=True, recordsTotal=total, uniqueNumbers=docs))


class TakeUniqueNumberView(PrivateAPIView):
    required_permissions = {"GET": needs("inventory.uniquenumber", "change")}

    @extend_schema(
        summary="Reserve and return one free unique number of a variant",
        parameters=[
            OpenApiParameter("variant_id", str, required=True),
            OpenApiParameter("type_unique_number", str, required=True),
            OpenApiParameter("id", str, description="Document number (purchase or physical set order)"),
            OpenApiParameter("doc_type", str, enum=["PURCHASE_ORDER", "PHYSICAL_SET_ORDER"]),
        ],
        responses=component(TakeUniqueNumberOut),
    )
    def get(self, request):
        data = validated(TakeUniqueNumberQuery, request.query_params)
        number = services.take_unique_number(
            variant_id=data["variant_id"], type=data["type_unique_number"], doc_id=data["id"], doc_type=data["doc_type"]
        )
        return Response(TakeUniqueNumberOut(success=True, variantId=data["variant_id"], uniqueNumber=number.number))


class UniqueNumberUsedView(PrivateAPIView):
    required_permissions = {"POST": needs("inventory.uniquenumber", "change")}

    @extend_schema(summary="Flag a unique number as used", request=UniqueNumberUsedIn, responses=component(Success))
    def post(self, request):
        data = validated(UniqueNumberUsedIn, request.data)
        services.mark_unique_number_used(variant_id=data["variant_id"], number=data["number"])
        return Response(Success(success=True))
