"""Thin views of the WMS endpoints of the private API (/api/lite/products/...)."""

import io

import xlwt
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from config.api.answers import ok
from config.api.inputs import validated
from config.api.permissions import needs
from config.api.views import PrivateAPIView

from .. import queries, services

SUCCESS = inline_serializer("WmsSuccess", {"success": serializers.BooleanField()})


def id_field():
    return serializers.CharField(max_length=64)


class DeleteBarcodesIn(serializers.Serializer):
    warehouseCode = serializers.CharField(  # noqa: N815 - the spec's name
        source="warehouse_code", max_length=64, required=False, allow_blank=True, allow_null=True
    )
    barcodes = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, default=list, max_length=services.MAX_BARCODES
    )
    products = serializers.ListField(child=id_field(), required=False, default=list, max_length=services.MAX_PRODUCTS)


class ExportProductsIn(serializers.Serializer):
    warehouseCode = serializers.CharField(  # noqa: N815 - the spec's name
        source="warehouse_code", max_length=64, required=False, allow_blank=True, allow_null=True
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
        return ok()


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
        return ok()


REVISE_ITEM = inline_serializer(
    "StockReviseItem",
    {
        "item": inline_serializer(
            "StockReviseVariant",
            {
                "variantId": serializers.CharField(),
                "variantExtId": serializers.CharField(required=False),
                "productId": serializers.CharField(),
                "name": serializers.CharField(),
                "article": serializers.CharField(required=False),
                "img": serializers.CharField(required=False),
                "barcode": serializers.CharField(),
            },
        ),
        "available": serializers.DecimalField(max_digits=14, decimal_places=3),
        "reserved": serializers.DecimalField(max_digits=14, decimal_places=3),
        "external": serializers.DecimalField(max_digits=14, decimal_places=3),
        "diff": serializers.DecimalField(max_digits=14, decimal_places=3),
        "afterCorrection": serializers.DecimalField(max_digits=14, decimal_places=3),
        "reviseError": serializers.BooleanField(),
    },
)


class StockReviseView(PrivateAPIView):
    required_permissions = {"GET": needs("wms.wmscall", "view")}

    @extend_schema(
        summary="Compare our stock at the fulfillment warehouse with the WMS's",
        parameters=[
            OpenApiParameter("warehouse_id", OpenApiTypes.STR, description="warehouseCode; default: FULFILLMENT")
        ],
        responses=inline_serializer(
            "StockRevise",
            {
                "success": serializers.BooleanField(),
                "moreItems": REVISE_ITEM.__class__(many=True),
                "lessItems": REVISE_ITEM.__class__(many=True),
            },
        ),
    )
    def get(self, request):
        code = request.query_params.get("warehouse_id") or None
        if code is not None and len(code) > 64:
            raise ValidationError({"warehouse_id": "Слишком длинный код склада"})
        return ok({**queries.stock_revise(warehouse_code=code)})


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
                inline_serializer(
                    "WarehouseCategories",
                    {
                        "items": inline_serializer(
                            "WarehouseCategory", {"code": serializers.CharField(), "title": serializers.CharField()}
                        ).__class__(many=True),
                        "success": serializers.BooleanField(),
                    },
                ),
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
            return ok({"items": items})
        return xls_response(items)


def xls_response(items: list[dict]) -> HttpResponse:
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
