"""Thin views of the WMS endpoints of the private API (/api/lite/products/...)."""

import io

import xlwt
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from config.api.fields import IdField
from config.api.inputs import validated
from config.api.permissions import needs
from config.api.shapes import Success, component
from config.api.views import PrivateAPIView

from .. import queries, services
from ..shapes import StockReviseLists, WarehouseCategory

SUCCESS = component(Success)


def id_field():
    return IdField()


class DeleteBarcodesIn(serializers.Serializer):
    warehouseCode = IdField(  # noqa: N815 - the spec's name
        source="warehouse_code", required=False, allow_blank=True, allow_null=True
    )
    barcodes = serializers.ListField(
        child=IdField(pattern=False, max_length=100), required=False, default=list, max_length=services.MAX_BARCODES
    )
    products = serializers.ListField(child=id_field(), required=False, default=list, max_length=services.MAX_PRODUCTS)


class ExportProductsIn(serializers.Serializer):
    warehouseCode = IdField(  # noqa: N815 - the spec's name
        source="warehouse_code", required=False, allow_blank=True, allow_null=True
    )
    products = serializers.ListField(child=id_field(), allow_empty=False, max_length=services.MAX_PRODUCTS)


class ExportFfView(PrivateAPIView):
    required_permissions = {"POST": needs("wms.outboxentry", "add")}

    @extend_schema(
        summary="Push products (their variants with barcodes) to the fulfillment WMS",
        request=ExportProductsIn,
        responses=SUCCESS,
    )
    def post(self, request):
        body = validated(ExportProductsIn, request.data)
        services.export_products(
            warehouse_code=body.get("warehouse_code") or None,
            product_ids=body["products"],
            source="API export_ff",
        )
        return Response(Success(success=True))


class DeleteBarcodesFfView(PrivateAPIView):
    required_permissions = {"POST": needs("wms.outboxentry", "add")}

    @extend_schema(
        summary="Delete barcodes in the fulfillment WMS (`barcodes` wins over `products` when not empty)",
        request=DeleteBarcodesIn,
        responses=SUCCESS,
    )
    def post(self, request):
        body = validated(DeleteBarcodesIn, request.data)
        services.delete_barcodes(
            warehouse_code=body.get("warehouse_code") or None,
            barcodes=body["barcodes"],
            product_ids=body["products"],
            source="API delete_barcodes_ff",
        )
        return Response(Success(success=True))


class StockRevise(Success, StockReviseLists):
    pass


class StockReviseView(PrivateAPIView):
    required_permissions = {"GET": needs("wms.wmscall", "view")}

    @extend_schema(
        summary="Compare our stock at the fulfillment warehouse with the WMS's",
        parameters=[
            OpenApiParameter("warehouse_id", OpenApiTypes.STR, description="warehouseCode; default: FULFILLMENT")
        ],
        responses=component(StockRevise),
    )
    def get(self, request):
        code = request.query_params.get("warehouse_id") or None
        if code is not None and len(code) > 64:
            raise ValidationError({"warehouse_id": "Слишком длинный код склада"})
        return Response(StockRevise(success=True, **queries.stock_revise(warehouse_code=code)))


class WarehouseCategories(Success):
    items: list[WarehouseCategory]


class WarehouseCategoriesView(PrivateAPIView):
    required_permissions = {"GET": needs("wms.warehousecategory", "view")}

    def perform_content_negotiation(self, request, force=False):
        # `format` is this endpoint's own parameter (json/xls), not DRF's renderer override.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        summary="Warehouse categories (synchronised from the WMS every night)",
        parameters=[OpenApiParameter("format", OpenApiTypes.STR, enum=["json", "xls"], description="default json")],
        responses={
            200: OpenApiResponse(
                component(WarehouseCategories),
                description="format=json; format=xls answers an .xls attachment",
            )
        },
    )
    def get(self, request):
        fmt = (request.query_params.get("format") or "json").lower()
        if fmt not in ("json", "xls"):
            raise ValidationError({"format": "Допустимые значения: json, xls"})
        items = queries.warehouse_categories()
        if fmt == "json":
            return Response(WarehouseCategories(success=True, items=items))
        return xls_response(items)


def xls_response(items: list[WarehouseCategory]) -> HttpResponse:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Категории")
    for col, title in enumerate(("code", "title")):
        sheet.write(0, col, title)
    for row, item in enumerate(items, start=1):
        sheet.write(row, 0, item["code"])
        sheet.write(row, 1, item["title"])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type="application/vnd.ms-excel")
    response["Content-Disposition"] = 'attachment; filename="warehouse_categories.xls"'
    return response
