"""Public storefront views (no token, throttled per client IP): the product listing and brands."""

from typing import TypedDict

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from config.api.inputs import validated
from config.api.public_cache import cached_public_get
from config.api.shapes import Success, component
from config.api.views import PublicAPIView
from config.kernel.params import parse_order, parse_page

from .. import public
from .params import product_search

FILTER_HELP = "name1:v1,v2;name2:a-b (values OR, fields AND, a-b inclusive range, booleans true/false)"


class PublicProductList(Success):
    recordsTotal: int
    products: list[public.PublicProduct]


class BrandList(TypedDict):
    """Exactly the spec's example: no "success" key."""

    brands: list[str]


class PublicProductsView(PublicAPIView):
    @extend_schema(
        summary="Public product listing with search precedence id > variantId > filters > query/collections",
        parameters=[
            OpenApiParameter("id", str, description="One product by id (step 1)"),
            OpenApiParameter("variantId", str, description="The product of this variant (step 2)"),
            OpenApiParameter("variantExtId", str, description="The product of the variant with this extId (step 2)"),
            OpenApiParameter("filters", str, description=f"OTHER filters: {FILTER_HELP}"),
            OpenApiParameter("attributes", str, description=f"Attribute codes: {FILTER_HELP}"),
            OpenApiParameter("features", str, description=f"Variant option codes: {FILTER_HELP}"),
            OpenApiParameter("collections", str, description="Collection ids, comma separated"),
            OpenApiParameter(
                "query", str, description="Substring of id, humanId, shortName, fullName, description, article"
            ),
            OpenApiParameter("available", bool, description="Only shown (true) or hidden (false) products"),
            OpenApiParameter("deleted", bool, description="With no other criterion (step 5): archived ones too"),
            OpenApiParameter("page", OpenApiTypes.INT, description="From 0"),
            OpenApiParameter("size", OpenApiTypes.INT, description="Default and maximum 100"),
            OpenApiParameter("order", str, description="field+asc|desc: id, shortname, brand, created, updated"),
        ],
        responses=component(PublicProductList),
    )
    @cached_public_get
    def get(self, request):
        params = request.query_params
        for name, value in params.items():
            if "\x00" in value:
                raise ValidationError({name: "недопустимый символ NUL"})
        page = parse_page(params, default_size=100, max_size=100)
        ordering = parse_order(params, public.PUBLIC_ORDERING, default=["id"])
        search = product_search(params)
        queryset = public.public_products(search)
        filtered = search.expressions.given()
        products, total = public.public_product_page(queryset, ordering, page, filtered=filtered)
        return Response(PublicProductList(success=True, recordsTotal=total, products=products))


class BrandsIn(serializers.Serializer):
    searchString = serializers.CharField(
        source="search", required=False, allow_blank=True, max_length=255, trim_whitespace=True
    )


class PublicBrandsView(PublicAPIView):
    @extend_schema(
        summary="Brands of the shop (case-insensitive substring search)",
        parameters=[OpenApiParameter("searchString", str, description="Substring, any case")],
        responses=component(BrandList),
    )
    @cached_public_get
    def get(self, request):
        query = validated(BrandsIn, request.query_params)
        return Response(BrandList(brands=public.brands(query.get("search", ""))))
