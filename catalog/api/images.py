"""Images: upload to a product, delete, reorder, and upload a free image (POST /file/image)."""

from decimal import Decimal
from typing import cast

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from config.api.fields import IdField
from config.api.inputs import validated
from config.api.parsers import SafeJSONParser
from config.api.permissions import needs
from config.api.shapes import Success, component
from config.api.views import PrivateAPIView
from config.kernel.actor import Actor

from ..documents import fmt_ordering
from ..services.images import delete_image, set_image_pos, upload_file_image, upload_product_image


class ProductImageIn(serializers.Serializer):
    productId = IdField(source="product_id")
    file = serializers.FileField(required=False, allow_empty_file=True, help_text="The image (or `upfile`)")
    upfile = serializers.FileField(required=False, allow_empty_file=True, help_text="Same as `file`")


class FileImageIn(serializers.Serializer):
    upfile = serializers.FileField(required=False, allow_empty_file=True)
    file = serializers.FileField(required=False, allow_empty_file=True, help_text="Same as `upfile`")


class ImagePosIn(serializers.Serializer):
    id = IdField(source="public_id")
    pos = serializers.DecimalField(max_digits=30, decimal_places=15, min_value=-(10**14), max_value=10**14)


def uploaded_file(request, data: dict):
    upload = data.get("file") or data.get("upfile")
    if upload is None:
        raise ValidationError("Не передан файл картинки: multipart-поле file (или upfile)")
    return upload


class ImageSaved(Success):
    url: str
    id: str
    pos: str


class ImageDeleted(Success):
    id: str


class FileImageSaved(Success):
    url: str
    id: str


def position(pos: Decimal) -> str:
    """An image's position as Cactus writes it; a saved image always has one, so never None."""
    return cast(str, fmt_ordering(pos))


class ProductImageView(PrivateAPIView):
    required_permissions = {
        "POST": needs("catalog.productimage", "add"),
        "DELETE": needs("catalog.productimage", "delete"),
    }

    parser_classes = [MultiPartParser, FormParser, SafeJSONParser]

    @extend_schema(
        summary="Upload an image of a product (multipart: productId + file); renditions are made in the background",
        request={"multipart/form-data": ProductImageIn},
        responses=component(ImageSaved),
    )
    def post(self, request):
        body = validated(ProductImageIn, request.data)
        image = upload_product_image(
            product_public_id=body["product_id"],
            upload=uploaded_file(request, body),
            actor=Actor.from_request(request),
        )
        return Response(ImageSaved(success=True, url=image.url, id=image.public_id, pos=position(image.pos)))

    @extend_schema(
        summary="Delete an image",
        parameters=[OpenApiParameter("id", str, required=True)],
        responses=component(ImageDeleted),
    )
    def delete(self, request):
        public_id = request.query_params.get("id")
        if not public_id:
            raise ValidationError({"id": "обязательный параметр"})
        delete_image(public_id=public_id, actor=Actor.from_request(request))
        return Response(ImageDeleted(success=True, id=public_id))


class ProductImagePosView(PrivateAPIView):
    required_permissions = {"POST": needs("catalog.productimage", "change")}

    @extend_schema(
        summary="Change the sorting position of an image",
        request=ImagePosIn,
        responses=component(Success),
    )
    def post(self, request):
        body = validated(ImagePosIn, request.data)
        set_image_pos(**body, actor=Actor.from_request(request))
        return Response(Success(success=True))


class FileImageView(PrivateAPIView):
    required_permissions = {"POST": needs("catalog.productimage", "add")}

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        summary="Upload an image not attached to a product (multipart field upfile); answers its url and id",
        request={"multipart/form-data": FileImageIn},
        responses=component(FileImageSaved),
    )
    def post(self, request):
        body = validated(FileImageIn, request.data)
        image = upload_file_image(upload=uploaded_file(request, body))
        return Response(FileImageSaved(success=True, url=image.url, id=image.public_id))
