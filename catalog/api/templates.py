"""The item template: GET an XLS to fill in, POST it back to get the recognised items (nothing changes)."""

from typing import NotRequired, TypedDict

from django.conf import settings
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from config.api.errors import error_list
from config.api.inputs import validated
from config.api.permissions import needs
from config.api.shapes import Success, component
from config.api.views import PrivateAPIView

from ..spreadsheets import TEMPLATE_FILE_NAME, TemplateItem, analyse_item_template, build_item_template


class TemplateFileIn(serializers.Serializer):
    file = serializers.FileField(required=False, allow_empty_file=True, help_text="The filled XLS (or `upfile`)")
    upfile = serializers.FileField(required=False, allow_empty_file=True, help_text="Same as `file`")


class TemplateRowError(TypedDict):
    """A row the analysis could not use, as every Cactus error: code 0 and the message."""

    code: int
    message: str


class TemplateItems(Success):
    """success is false when a row has errors; the recognised rows are answered either way."""

    errors: NotRequired[list[TemplateRowError]]
    items: list[TemplateItem]


class ItemTemplateView(PrivateAPIView):
    required_permissions = {"GET": needs("catalog.product", "view"), "POST": needs("catalog.product", "add", "change")}

    parser_classes = [MultiPartParser]

    @extend_schema(
        summary="Download the XLS item template (ItemTemplate.xls), prefilled with the catalog's variants",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    def get(self, request):
        response = HttpResponse(build_item_template(), content_type="application/octet-stream")
        response["Content-Disposition"] = f'attachment; filename="{TEMPLATE_FILE_NAME}"'
        return response

    @extend_schema(
        summary="Analyse a filled item template (XLS, multipart field file or upfile); changes nothing",
        request={"multipart/form-data": TemplateFileIn},
        responses=component(TemplateItems),
    )
    def post(self, request):
        body = validated(TemplateFileIn, request.data)
        upload = body.get("file") or body.get("upfile")
        if upload is None:
            raise ValidationError("Не передан файл: multipart-поле file (или upfile) с файлом XLS")
        items, errors = analyse_item_template(upload.read(settings.SPREADSHEET_IMPORT_MAX_BYTES + 1))
        if errors:
            return Response(TemplateItems(success=False, errors=error_list(*errors), items=items))
        return Response(TemplateItems(success=True, items=items))
