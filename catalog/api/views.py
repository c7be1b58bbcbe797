"""Thin views of the private catalog API: parse input, call one service or query, render."""

from django.conf import settings
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from config.api.answers import batch_items, ok, run_batch
from config.api.errors import error_list
from config.api.fields import IdField
from config.api.inputs import validated
from config.api.permissions import needs
from config.api.shapes import Success, component
from config.api.views import PrivateAPIView
from config.kernel.actor import Actor
from config.kernel.params import parse_bool, parse_order, parse_page

from .. import queries
from ..documents import load_documents, product_document, stock_only_document
from ..services import products as product_services
from ..services.variants import delete_variant, find_variant
from .params import product_search
from .serializers import ProductIn, ProductPatchIn, VariantEshopMergeIn, VariantIn, VariantRefIn, none_to_empty_lists

SUCCESS = component(Success)
PAGE_PARAMS = [
    OpenApiParameter("page", OpenApiTypes.INT, description="Page number, from 0"),
    OpenApiParameter("size", OpenApiTypes.INT, description="Page size"),
]


def variant_result_document(result) -> dict:
    doc = {"success": result.success, "productId": result.product_id, "variantId": result.variant_id}
    if result.errors:
        doc["errors"] = error_list(*result.errors)
    return doc


def failed_product(public_id, errors: list[dict]) -> dict:
    item: dict = {"success": False, "errors": errors}
    if isinstance(public_id, str) and public_id:
        item["id"] = public_id
    return item


def product_batch_answer(result) -> dict:
    if result.success:
        return product_write_answer(result, result.document)
    return failed_product(result.public_id, error_list(*result.errors))


def eshop_settings_result(result) -> dict:
    item = {"success": result.success, "variantId": result.variant_id}
    if result.errors:
        item["errors"] = error_list(*result.errors)
    return item


def product_write_answer(result, document: dict | None) -> dict:
    answer = {"success": True, "id": result.public_id}
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
        responses=inline_serializer(
            "ProductList",
            {
                "success": serializers.BooleanField(),
                "recordsTotal": serializers.IntegerField(),
                "products": serializers.ListField(child=serializers.DictField()),
            },
        ),
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
        build = stock_only_document if only_stock else product_document
        return ok({"recordsTotal": total, "products": [build(p) for p in products]})

    @extend_schema(summary="Create or replace a product", request=ProductIn, responses=SUCCESS)
    def post(self, request):
        return self._save(request, ProductIn, partial=False)

    @extend_schema(summary="Update the given fields of a product", request=ProductPatchIn, responses=SUCCESS)
    def patch(self, request):
        return self._save(request, ProductPatchIn, partial=True)

    def _save(self, request, serializer_class, *, partial: bool):
        data = none_to_empty_lists(dict(validated(serializer_class, request.data)))
        [result] = product_services.save_products(items=[data], partial=partial, actor=Actor.from_request(request))
        if not result.success:
            raise result.error
        document = result.document if settings.API_PRODUCTS_RETURN_DETAILS else None
        return Response(product_write_answer(result, document))


class ProductsBatchView(PrivateAPIView):
    required_permissions = {
        "POST": needs("catalog.product", "add", "change"),
        "PATCH": needs("catalog.product", "change"),
    }

    @extend_schema(
        summary="Create or replace up to 1000 products",
        request=inline_serializer("ProductBatch", {"products": ProductIn(many=True)}),
        responses=SUCCESS,
    )
    def post(self, request):
        return self._save(request, ProductIn, partial=False)

    @extend_schema(
        summary="Update the given fields of up to 1000 products",
        request=inline_serializer("ProductPatchBatch", {"products": ProductPatchIn(many=True)}),
        responses=SUCCESS,
    )
    def patch(self, request):
        return self._save(request, ProductPatchIn, partial=True)

    def _save(self, request, serializer_class, *, partial: bool):
        started = timezone.localtime()
        raw_items = batch_items(request.data, key="products", noun="продуктов", max_items=product_services.MAX_BATCH)
        answer = run_batch(
            raw_items,
            serializer_class,
            clean=none_to_empty_lists,
            save=lambda items: product_services.save_products(
                items=items, partial=partial, actor=Actor.from_request(request)
            ),
            answer=product_batch_answer,
            refuse=lambda raw, errors: failed_product(raw.get("id") if isinstance(raw, dict) else None, errors),
        )
        return ok(
            startTime=started.strftime("%Y-%m-%d %H:%M:%S"),
            finishTime=timezone.localtime().strftime("%Y-%m-%d %H:%M:%S"),
            products=answer,
        )


class ProductCopyIn(serializers.Serializer):
    id = IdField()


class ProductCopyView(PrivateAPIView):
    required_permissions = {"POST": needs("catalog.product", "view", "add")}

    @extend_schema(
        summary="Copy a product",
        request=ProductCopyIn,
        responses=inline_serializer(
            "ProductCopyOut", {"success": serializers.BooleanField(), "id": serializers.CharField()}
        ),
    )
    def post(self, request):
        body = validated(ProductCopyIn, request.data)
        copy = product_services.copy_product(public_id=body["id"], actor=Actor.from_request(request))
        return ok({"id": copy.public_id})


class VariantsView(PrivateAPIView):
    required_permissions = {
        "POST": needs("catalog.variant", "add", "change"),
        "PATCH": needs("catalog.variant", "change"),
        "DELETE": needs("catalog.variant", "delete"),
    }

    @extend_schema(summary="Create or replace a variant", request=VariantIn, responses=SUCCESS)
    def post(self, request):
        return self._save(request, VariantIn, partial=False)

    @extend_schema(summary="Update the given fields of a variant", request=VariantRefIn, responses=SUCCESS)
    def patch(self, request):
        return self._save(request, VariantRefIn, partial=True)

    def _save(self, request, serializer_class, *, partial: bool):
        data = dict(validated(serializer_class, request.data))
        if not data.get("product_id"):
            raise ValidationError({"productId": "обязательное поле"})
        variant = product_services.save_variant_directly(data=data, partial=partial, actor=Actor.from_request(request))
        answer = {"success": True, "productId": data["product_id"], "variantId": variant.public_id}
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
        responses=SUCCESS,
    )
    def delete(self, request):
        product_id = request.query_params.get("productId") or (request.data or {}).get("productId")
        variant_id = request.query_params.get("variantId") or (request.data or {}).get("variantId")
        if not variant_id:
            raise ValidationError({"variantId": "обязательный параметр"})
        variant = find_variant(product_public_id=product_id, variant_public_id=variant_id)
        delete_variant(variant=variant, actor=Actor.from_request(request))
        return ok({"productId": variant.product.public_id, "variantId": variant_id})


class VariantsBatchView(PrivateAPIView):
    required_permissions = {"PATCH": needs("catalog.variant", "change")}

    @extend_schema(
        summary="Update the given fields of many variants",
        request=inline_serializer("VariantsBatchIn", {"variantsToUpdate": VariantRefIn(many=True)}),
        responses=SUCCESS,
    )
    def patch(self, request):
        raw_items = batch_items(
            request.data, key="variantsToUpdate", noun="вариантов", max_items=product_services.MAX_BATCH
        )
        answer = run_batch(
            raw_items,
            VariantRefIn,
            save=lambda items: product_services.patch_variants(items=items, actor=Actor.from_request(request)),
            answer=variant_result_document,
            refuse=lambda raw, errors: {
                "success": False,
                "productId": raw.get("productId") if isinstance(raw, dict) else None,
                "variantId": raw.get("variantId") if isinstance(raw, dict) else None,
                "errors": errors,
            },
        )
        return ok(variantsResult=answer)


class VariantEshopSettingsIn(serializers.Serializer):
    variantId = IdField(source="public_id")
    eshopSettings = VariantEshopMergeIn(many=True, source="eshop_settings")


class VariantEshopSettingsView(PrivateAPIView):
    required_permissions = {"POST": needs("catalog.variant", "change")}

    @extend_schema(
        summary="Set external codes of variants for sales channels (up to 1000 variants)",
        request=inline_serializer("EshopSettingsBatchIn", {"variants": VariantEshopSettingsIn(many=True)}),
        responses=SUCCESS,
    )
    def post(self, request):
        raw_items = batch_items(request.data, key="variants", noun="вариантов", max_items=product_services.MAX_BATCH)
        answer = run_batch(
            raw_items,
            VariantEshopSettingsIn,
            save=lambda items: product_services.save_variant_eshop_settings(
                items=items, actor=Actor.from_request(request)
            ),
            answer=eshop_settings_result,
            refuse=lambda raw, errors: {
                "success": False,
                "errors": errors,
                "variantId": raw.get("variantId") if isinstance(raw, dict) else None,
            },
        )
        return ok(variants=answer)


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
