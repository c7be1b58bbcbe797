"""Filter blocks: GET/POST/DELETE /api/lite/products/filters and GET /api/lite/pub/products/filters."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from config.api.fields import IdField
from config.api.inputs import validated
from config.api.permissions import needs
from config.api.public_cache import cached_public_get
from config.api.shapes import Success, component
from config.api.views import PrivateAPIView, PublicAPIView
from config.kernel.ranges import decimal_limits, integer_bounds

from ..models import BlockFilter, FilterBlock, FilterField, FilterType, ProductAttribute
from ..services import filter_blocks as services
from ..services.filter_blocks import FilterBlockOut


class FieldIn(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    nameReadable = serializers.CharField(source="name_readable", max_length=255, required=False, allow_blank=True)
    type = serializers.ChoiceField(choices=FilterField.Type.values, required=False)
    ordering = serializers.IntegerField(required=False, **integer_bounds(FilterField, "ordering"))
    stringValues = serializers.ListField(
        source="string_values", child=serializers.CharField(max_length=500), required=False, max_length=1000
    )
    decimalValues = serializers.ListField(
        source="decimal_values",
        child=serializers.DecimalField(**decimal_limits(ProductAttribute, "decimal_value")),
        required=False,
        max_length=1000,
    )


class FilterIn(serializers.Serializer):
    type = serializers.ChoiceField(choices=FilterType.values)
    enabled = serializers.BooleanField(required=False, default=True)
    ordering = serializers.IntegerField(required=False, **integer_bounds(BlockFilter, "ordering"))
    # The spec's key. DRF's metaclass takes declared fields out of the class, so Serializer.fields (the
    # property) still works; the stubs only see the name clash.
    fields = FieldIn(many=True, required=False)  # type: ignore[assignment]


class BlockIn(serializers.Serializer):
    id = IdField(pattern=False, source="public_id", required=False, allow_blank=True, allow_null=True)
    type = serializers.ChoiceField(choices=FilterBlock.Type.values)
    ordering = serializers.IntegerField(required=False, default=0, **integer_bounds(FilterBlock, "ordering"))
    collectionId = IdField(source="collection_id")
    filters = FilterIn(many=True, required=False)


class BlocksQueryIn(serializers.Serializer):
    collectionId = IdField(source="collection_id")
    mode = serializers.ChoiceField(choices=["client", "customer", "CLIENT", "CUSTOMER"], required=False)


class FilterBlocks(Success):
    filterBlocks: list[FilterBlockOut]


class FilterBlockId(Success):
    id: str


BLOCKS_OUT = component(FilterBlocks)
ID_OUT = component(FilterBlockId)


class FilterBlocksView(PrivateAPIView):
    required_permissions = {
        "GET": needs("catalog.filterblock", "view"),
        "POST": needs("catalog.filterblock", "add", "change"),
        "DELETE": needs("catalog.filterblock", "delete"),
    }

    @extend_schema(
        summary="Filter blocks of a collection (mode customer: hand-made; client: every field and value)",
        parameters=[
            OpenApiParameter("collectionId", str, required=True),
            OpenApiParameter("mode", str, enum=["customer", "client"], description="Default customer"),
        ],
        responses=BLOCKS_OUT,
    )
    def get(self, request):
        query_data = validated(BlocksQueryIn, request.query_params)
        mode = (query_data.get("mode") or "customer").upper()
        blocks = services.filter_block_documents(
            collection_public_id=query_data["collection_id"], mode=mode, public=False
        )
        return Response(FilterBlocks(success=True, filterBlocks=blocks))

    @extend_schema(summary="Create or replace a customer filter block", request=BlockIn, responses=ID_OUT)
    def post(self, request):
        body = validated(BlockIn, request.data)
        block = services.save_filter_block(data=body)
        return Response(FilterBlockId(success=True, id=block.public_id))

    @extend_schema(
        summary="Delete a customer filter block",
        parameters=[OpenApiParameter("id", str, required=True)],
        responses=ID_OUT,
    )
    def delete(self, request):
        public_id = (request.query_params.get("id") or "").strip()
        if not public_id:
            raise ValidationError({"id": "обязательный параметр"})
        services.delete_filter_block(public_id=public_id)
        return Response(FilterBlockId(success=True, id=public_id))


class PublicFilterBlocksView(PublicAPIView):
    @extend_schema(
        summary="Customer filter blocks of a collection (enabled filters only)",
        parameters=[OpenApiParameter("collectionId", str, required=True)],
        responses=BLOCKS_OUT,
    )
    @cached_public_get
    def get(self, request):
        query_data = validated(BlocksQueryIn, request.query_params)
        blocks = services.filter_block_documents(
            collection_public_id=query_data["collection_id"], mode=FilterBlock.Mode.CUSTOMER, public=True
        )
        return Response(FilterBlocks(success=True, filterBlocks=blocks))
