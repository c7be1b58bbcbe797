"""Thin views of the private catalog API: parse input, call one service or query, render.

Each answer's shape is declared once, as a TypedDict its builder returns (`ProductSaved`...; the documents'
in catalog/document_shapes.py), and the OpenAPI component is derived from it (config/api/shapes.py).
"""

from typing import NotRequired, TypedDict

from django.conf import settings
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from config.api.answers import ok, run_batch
from config.api.errors import error_list
from config.api.fields import IdField
from config.api.inputs import json_object, validated
from config.api.permissions import needs
from config.api.shapes import ErrorItem, Success, component
from config.api.views import PrivateAPIView
from config.kernel.actor import Actor
from config.kernel.params import parse_bool, parse_order, parse_page

from .. import queries
from ..document_shapes import ProductDocument, StockOnlyProduct, VariantDocument
from ..documents import load_documents
from ..services import products as product_services
from ..services.variants import delete_variant, find_variant
from .params import product_search
from .serializers import ProductIn, ProductPatchIn, VariantEshopMergeIn, VariantIn, VariantRefIn, none_to_empty_lists

SUCCESS = component(Success)
PAGE_PARAMS = [
    OpenApiParameter("page", OpenApiTypes.INT, description="Page number, from 0"),
    OpenApiParameter("size", OpenApiTypes.INT, description="Page size"),
]


# --- the answers' shapes -----------------------------------------------------------------------------------


class ProductList(Success):
    recordsTotal: int
    products: list[ProductDocument] | list[StockOnlyProduct]  # only_stock=true: the minimal stock shape


class VariantResult(TypedDict):
    """A variant written with its product, or an item of PATCH /products/variants/batch."""

    success: bool
    productId: str | None
    variantId: str | None
    errors: NotRequired[list[ErrorItem]]  # a refused variant only


class ProductSaved(Success):
    id: str
    product: NotRequired[ProductDocument]  # with needApiProductsReturnDetails (always in a batch)
    variantsResult: NotRequired[list[VariantResult]]  # when the write named variants


class ProductRefused(TypedDict):
    """An item of a product batch that was not saved."""

    success: bool
    errors: list[ErrorItem]
    id: NotRequired[str]  # when the item named one


class ProductBatchOut(Success):
    startTime: str  # "yyyy-MM-dd HH:mm:ss", server time zone
    finishTime: str
    products: list[ProductSaved | ProductRefused]  # one per item sent, in its order


class ProductCopyOut(Success):
    id: str


class VariantSaved(Success):
    productId: str
    variantId: str
    variant: NotRequired[VariantDocument]  # with needApiProductsReturnDetails


class VariantDeleted(Success):
    productId: str
    variantId: str


class VariantsBatchOut(Success):
    variantsResult: list[VariantResult]  # one per item sent, in its order


class EshopSettingsResult(TypedDict):
    success: bool
    variantId: str | None
    errors: NotRequired[list[ErrorItem]]  # a refused item only


class EshopSettingsBatchOut(Success):
    variants: list[EshopSettingsResult]  # one per item sent, in its order


# --- the answers' builders ---------------------------------------------------------------------------------


def variant_result_document(result) -> VariantResult:
    doc: VariantResult = {"success": result.success, "productId": result.product_id, "variantId": result.variant_id}
    if result.errors:
        doc["errors"] = error_list(*result.errors)
    return doc


def failed_product(public_id: str | None, errors: list[ErrorItem]) -> ProductRefused:
    item: ProductRefused = {"success": False, "errors": errors}
    if public_id:
        item["id"] = public_id
    return item


def _echoed(raw, key: str) -> str | None:
    """An id of a refused batch item, as sent: only a string (the answer's shape says so), else None."""
    value = raw.get(key) if isinstance(raw, dict) else None
    return value if isinstance(value, str) else None


def product_batch_answer(result) -> ProductSaved | ProductRefused:
    if result.success:
        return product_write_answer(result, result.document)
    return failed_product(result.public_id, error_list(*result.errors))


def eshop_settings_result(result) -> EshopSettingsResult:
    item: EshopSettingsResult = {"success": result.success, "variantId": result.variant_id}
    if result.errors:
        item["errors"] = error_list(*result.errors)
    return item


def product_write_answer(result, document: ProductDocument | None) -> ProductSaved:
    answer: ProductSaved = {"success": True, "id": result.public_id}
    if document is not None:
        answer["product"] = document
    if result.variants is not None:
        answer["variantsResult"] = [variant_result_document(v) for v in result.variants]
    return answer


class ProductsView(PrivateAPIView):
    required_permissions = {
        "GET": needs("catalog.product", "view"),
        "POST": needs("catalog.product", "add", "change"),
        "PATCH": needs("catalog.product", "change"),
    }

    @extend_schema(
        summary="List products with variants",
        parameters=[
            *PAGE_PARAMS,
            OpenApiParameter(
                "query", str, description="Search in article, id, humanId, shortName, fullName, description"
            ),
            OpenApiParameter("id", str, description="One product by id"),
            OpenApiParameter("collections", str, description="Collection ids, comma separated"),
            OpenApiParameter("deleted", bool, description="true: archived products are listed too"),
            OpenApiParameter("order", str, description="field+asc|desc: id, shortname, created, updated, brand"),
            OpenApiParameter("only_stock", bool, description="Minimal stock shape, size up to 1000"),
        ],
        responses=component(ProductList),
    )
    def get(self, request):
        only_stock = parse_bool(request.query_params, "only_stock", False)
        page = parse_page(request.query_params, default_size=100, max_size=1000 if only_stock else 100)
        products, total = queries.private_product_page(
            product_search(request.query_params),
            ordering=parse_order(request.query_params, queries.PRIVATE_ORDERING, default=["id"]),
            page=page,
            only_stock=only_stock,
        )
        answer: ProductList = {
            "success": True,
            "recordsTotal": total,
            "products": products,
        }
        return Response(answer)

    @extend_schema(summary="Create or replace a product", request=ProductIn, responses=component(ProductSaved))
    def post(self, request):
        return self._save(request, ProductIn, partial=False)

    @extend_schema(
        summary="Update the given fields of a product", request=ProductPatchIn, responses=component(ProductSaved)
    )
    def patch(self, request):
        return self._save(request, ProductPatchIn, partial=True)

    def _save(self, request, serializer_class, *, partial: bool):
        data = none_to_empty_lists(dict(validated(serializer_class, request.data)))
        [result] = product_services.save_products(items=[data], partial=partial, actor=Actor.from_request(request))
        if not result.success:
            assert result.error is not None  # a refused write carries the error to answer with
            raise result.error
        document = result.document if settings.API_PRODUCTS_RETURN_DETAILS else None
        return Response(product_write_answer(result, document))


class ProductBatch(serializers.Serializer):
    products = ProductIn(many=True)


class ProductPatchBatch(serializers.Serializer):
    products = ProductPatchIn(many=True)


class ProductsBatchView(PrivateAPIView):
    required_permissions = {
        "POST": needs("catalog.product", "add", "change"),
        "PATCH": needs("catalog.product", "change"),
    }

    @extend_schema(
        summary="Create or replace up to 1000 products", request=ProductBatch, responses=component(ProductBatchOut)
    )
    def post(self, request):
        return self._save(request, ProductBatch, partial=False)

    @extend_schema(
        summary="Update the given fields of up to 1000 products",
        request=ProductPatchBatch,
        responses=component(ProductBatchOut),
    )
    def patch(self, request):
        return self._save(request, ProductPatchBatch, partial=True)

    def _save(self, request, body, *, partial: bool):
        started = timezone.localtime()
        products = run_batch(
            json_object(request),
            body,
            noun="продуктов",
            max_items=product_services.MAX_BATCH,
            clean=none_to_empty_lists,
            save=lambda items: product_services.save_products(
                items=items, partial=partial, actor=Actor.from_request(request)
            ),
            answer=product_batch_answer,
            refuse=lambda raw, errors: failed_product(_echoed(raw, "id"), errors),
        )
        answer: ProductBatchOut = {
            "success": True,
            "startTime": started.strftime("%Y-%m-%d %H:%M:%S"),
            "finishTime": timezone.localtime().strftime("%Y-%m-%d %H:%M:%S"),
            "products": products,
        }
        return Response(answer)


class ProductCopyIn(serializers.Serializer):
    id = IdField()


class ProductCopyView(PrivateAPIView):
    required_permissions = {"POST": needs("catalog.product", "view", "add")}

    @extend_schema(
        summary="Copy a product",
        request=ProductCopyIn,
        responses=component(ProductCopyOut),
    )
    def post(self, request):
        body = validated(ProductCopyIn, request.data)
        copy = product_services.copy_product(public_id=body["id"], actor=Actor.from_request(request))
        answer: ProductCopyOut = {"success": True, "id": copy.public_id}
        return Response(answer)


class VariantsView(PrivateAPIView):
    required_permissions = {
        "POST": needs("catalog.variant", "add", "change"),
        "PATCH": needs("catalog.variant", "change"),
        "DELETE": needs("catalog.variant", "delete"),
    }

    @extend_schema(summary="Create or replace a variant", request=VariantIn, responses=component(VariantSaved))
    def post(self, request):
        return self._save(request, VariantIn, partial=False)

    @extend_schema(
        summary="Update the given fields of a variant", request=VariantRefIn, responses=component(VariantSaved)
    )
    def patch(self, request):
        return self._save(request, VariantRefIn, partial=True)

    def _save(self, request, serializer_class, *, partial: bool):
        data = dict(validated(serializer_class, request.data))
        if not data.get("product_id"):
            raise ValidationError({"productId": "обязательное поле"})
        variant = product_services.save_variant_directly(data=data, partial=partial, actor=Actor.from_request(request))
        answer: VariantSaved = {"success": True, "productId": data["product_id"], "variantId": variant.public_id}
        if settings.API_PRODUCTS_RETURN_DETAILS:
            document = load_documents([variant.product_id])[variant.product_id]
            answer["variant"] = next(v for v in document["variants"] if v["id"] == variant.public_id)
        return Response(answer)

    @extend_schema(
        summary="Delete a variant (not the only one, not one with stock)",
        parameters=[
            OpenApiParameter("productId", str, required=True),
            OpenApiParameter("variantId", str, required=True),
        ],
        responses={200: component(VariantDeleted)},
    )
    def delete(self, request):
        params = request.query_params
        # The ids may also come in a JSON body (the spec's clients send either); it is read only when needed.
        body = {} if params.get("productId") and params.get("variantId") else json_object(request)
        product_id = params.get("productId") or _text_or_none(body, "productId")
        variant_id = params.get("variantId") or _text_or_none(body, "variantId")
        if not variant_id:
            raise ValidationError({"variantId": "обязательный параметр"})
        variant = find_variant(product_public_id=product_id, variant_public_id=variant_id)
        delete_variant(variant=variant, actor=Actor.from_request(request))
        answer: VariantDeleted = {"success": True, "productId": variant.product.public_id, "variantId": variant_id}
        return Response(answer)


def _text_or_none(body, key: str) -> str | None:
    value = body.get(key)
    if value is not None and not isinstance(value, str):
        raise ValidationError({key: "ожидается строка"})
    return value


class VariantsBatchIn(serializers.Serializer):
    variantsToUpdate = VariantRefIn(many=True)


class VariantsBatchView(PrivateAPIView):
    required_permissions = {"PATCH": needs("catalog.variant", "change")}

    @extend_schema(
        summary="Update the given fields of many variants",
        request=VariantsBatchIn,
        responses=component(VariantsBatchOut),
    )
    def patch(self, request):
        results = run_batch(
            json_object(request),
            VariantsBatchIn,
            noun="вариантов",
            max_items=product_services.MAX_BATCH,
            save=lambda items: product_services.patch_variants(items=items, actor=Actor.from_request(request)),
            answer=variant_result_document,
            refuse=lambda raw, errors: VariantResult(
                success=False,
                productId=_echoed(raw, "productId"),
                variantId=_echoed(raw, "variantId"),
                errors=errors,
            ),
        )
        answer: VariantsBatchOut = {"success": True, "variantsResult": results}
        return Response(answer)


class VariantEshopSettingsIn(serializers.Serializer):
    variantId = IdField(source="public_id")
    eshopSettings = VariantEshopMergeIn(many=True, source="eshop_settings")


class EshopSettingsBatchIn(serializers.Serializer):
    variants = VariantEshopSettingsIn(many=True)


class VariantEshopSettingsView(PrivateAPIView):
    required_permissions = {"POST": needs("catalog.variant", "change")}

    @extend_schema(
        summary="Set external codes of variants for sales channels (up to 1000 variants)",
        request=EshopSettingsBatchIn,
        responses=component(EshopSettingsBatchOut),
    )
    def post(self, request):
        results = run_batch(
            json_object(request),
            EshopSettingsBatchIn,
            noun="вариантов",
            max_items=product_services.MAX_BATCH,
            save=lambda items: product_services.save_variant_eshop_settings(
                items=items, actor=Actor.from_request(request)
            ),
            answer=eshop_settings_result,
            refuse=lambda raw, errors: EshopSettingsResult(
                success=False,
                errors=errors,
                variantId=_echoed(raw, "variantId"),
            ),
        )
        answer: EshopSettingsBatchOut = {"success": True, "variants": results}
        return Response(answer)


class OptionsReorderIn(serializers.Serializer):
    class OptionIn(serializers.Serializer):
        code = serializers.CharField(max_length=100)
        values = serializers.ListField(child=serializers.CharField(max_length=500), max_length=1000)

    productId = IdField()
    options = OptionIn(many=True)


class OptionsReorderView(PrivateAPIView):
    required_permissions = {"POST": needs("catalog.product", "change")}

    @extend_schema(summary="Order option values of one product", request=OptionsReorderIn, responses=SUCCESS)
    def post(self, request):
        body = validated(OptionsReorderIn, request.data)
        product_services.reorder_options(
            product_public_id=body["productId"],
            options=body["options"],
            actor=Actor.from_request(request),
        )
        return ok()
