"""`/api/lite/yandex_places`: which warehouse serves which Yandex Eats place (Cactus conventions)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from config.api.fields import IdField
from config.api.inputs import validated
from config.api.permissions import needs
from config.api.shapes import Success, component
from config.api.views import PrivateAPIView

from ..models import YandexPlace
from ..services import save_place
from ..shapes import YandexPlaceOut


class PlaceIn(serializers.Serializer):
    placeId = IdField(source="place_id")
    warehouseCode = IdField(source="warehouse_code")
    name = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    assortmentCollectionId = IdField(
        source="assortment",
        required=False,
        allow_blank=True,
        allow_null=True,
        default=None,
        help_text="Public id of the collection whose products (with its sub-collections) the place sells; "
        "absent, null or empty: the whole catalog",
    )


class YandexPlaceList(Success):
    places: list[YandexPlaceOut]


class YandexPlaceSaved(Success):
    created: bool
    place: YandexPlaceOut


def place_document(place: YandexPlace) -> YandexPlaceOut:
    return YandexPlaceOut(
        placeId=place.place_id,
        warehouseCode=place.warehouse.code,
        name=place.name,
        assortmentCollectionId=place.assortment.public_id if place.assortment is not None else None,
    )


class YandexPlacesView(PrivateAPIView):
    required_permissions = {
        "GET": needs("yandex_eats.yandexplace", "view"),
        "POST": needs("yandex_eats.yandexplace", "add", "change"),
    }

    @extend_schema(
        tags=["Yandex Eats"],
        summary="List Yandex Eats places and their warehouses",
        responses=component(YandexPlaceList),
    )
    def get(self, request):
        places = YandexPlace.objects.select_related("warehouse", "assortment").order_by("id")
        return Response(YandexPlaceList(success=True, places=[place_document(p) for p in places]))

    @extend_schema(
        tags=["Yandex Eats"],
        summary="Create or update a Yandex Eats place (by placeId)",
        request=PlaceIn,
        responses=component(YandexPlaceSaved),
    )
    def post(self, request):
        body = validated(PlaceIn, request.data)
        place, created = save_place(**body)
        return Response(YandexPlaceSaved(success=True, created=created, place=place_document(place)))
