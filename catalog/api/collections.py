from typing import TypedDict

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from config.api.fields import IdField
from config.api.inputs import validated
from config.api.permissions import needs
from config.api.shapes import Success, component
from config.api.views import PrivateAPIView
from config.kernel.actor import Actor
from config.kernel.ranges import integer_bounds

from ..models import Collection
from ..services.collections import delete_collection, save_collection


class CollectionIn(serializers.Serializer):
    id = IdField(pattern=False, required=False, allow_null=True, source="public_id")
    name = serializers.CharField(max_length=255)
    parentId = IdField(required=False, allow_null=True, allow_blank=True, source="parent_id")
    ordering = serializers.IntegerField(required=False, allow_null=True, **integer_bounds(Collection, "ordering"))
    public = serializers.BooleanField(required=False, default=True, source="is_public")


class CollectionOut(TypedDict):
    id: str
    name: str
    parentId: str | None
    ordering: int
    public: bool


class CollectionList(Success):
    collections: list[CollectionOut]


class CollectionSaved(Success):
    id: str
    collection: CollectionOut


class CollectionDeleted(Success):
    id: str


def collection_document(collection: Collection) -> CollectionOut:
    return CollectionOut(
        id=collection.public_id,
        name=collection.name,
        parentId=collection.parent.public_id if collection.parent else None,
        ordering=collection.ordering,
        public=collection.is_public,
    )


class CollectionsView(PrivateAPIView):
    required_permissions = {
        "GET": needs("catalog.collection", "view"),
        "POST": needs("catalog.collection", "add", "change"),
        "DELETE": needs("catalog.collection", "delete"),
    }

    @extend_schema(
        summary="List collections",
        responses=component(CollectionList),
    )
    def get(self, request):
        collections = Collection.objects.select_related("parent").order_by("ordering", "id")
        return Response(CollectionList(success=True, collections=[collection_document(c) for c in collections]))

    @extend_schema(
        summary="Create or update a collection",
        request=CollectionIn,
        responses=component(CollectionSaved),
    )
    def post(self, request):
        body = validated(CollectionIn, request.data)
        collection, _ = save_collection(data=body)
        return Response(
            CollectionSaved(success=True, id=collection.public_id, collection=collection_document(collection))
        )

    @extend_schema(
        summary="Delete a collection (its products stay)",
        parameters=[OpenApiParameter("id", str, required=True)],
        responses=component(CollectionDeleted),
    )
    def delete(self, request):
        public_id = request.query_params.get("id")
        if not public_id:
            raise ValidationError({"id": "обязательный параметр"})
        delete_collection(public_id=public_id, actor=Actor.from_request(request))
        return Response(CollectionDeleted(success=True, id=public_id))
