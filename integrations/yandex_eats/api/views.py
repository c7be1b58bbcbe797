"""The Yandex Eats partner API (Yandex is the client): OAuth token and nomenclature feeds."""

import base64
from collections.abc import Iterable, Iterator, Mapping
from typing import Any
from urllib.parse import unquote_plus

from django.http import StreamingHttpResponse
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import authentication, parsers, permissions, serializers
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.response import Response

from config.api.fields import IdField
from config.api.inputs import validated
from config.api.parsers import SafeJSONParser
from config.api.renderers import CactusJSONRenderer
from config.api.shapes import component
from config.api.views import BaseAPIView
from config.kernel.encoding import dumps, stream_object
from config.kernel.media import absolute_media_url, media_base

from .. import queries
from ..models import YandexPlace
from ..queries import batches
from ..services import issue_token
from ..shapes import YandexAvailability, YandexComposition, YandexErrors, YandexPrices, YandexToken, YandexUnauthorized
from .errors import yandex_exception_handler


class YandexCaller:
    """request.user of the nomenclature calls: the Yandex client that owns the token."""

    is_authenticated = True
    is_active = True
    is_staff = False
    is_anonymous = False

    def __init__(self, client):
        self.client = client
        self.pk = None
        self.username = f"yandex:{client.name}"

    def get_username(self):
        return self.username


class YandexBearerAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <token>` with a token from /security/oauth/token (one query)."""

    def authenticate(self, request):
        keyword, _, raw = authentication.get_authorization_header(request).decode("latin-1").partition(" ")
        token = raw.strip() if keyword.lower() == "bearer" else None
        return YandexCaller(queries.client_for_token(token)), token

    def authenticate_header(self, request):
        return 'Bearer realm="yandex-eats"'


class YandexBearerScheme(OpenApiAuthenticationExtension):
    target_class = YandexBearerAuthentication
    name = "yandexEatsBearer"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "access_token from /yandex-eats/security/oauth/token",
        }


class JSONOnlyNegotiation(DefaultContentNegotiation):
    """Always answer JSON, whatever the Accept header says (Yandex's calls must never get a 406)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class YandexAPIView(BaseAPIView):
    renderer_classes = [CactusJSONRenderer]
    content_negotiation_class = JSONOnlyNegotiation
    authentication_classes = [YandexBearerAuthentication]
    permission_classes = [permissions.IsAuthenticated]
    throttle_classes = []

    def get_exception_handler(self):
        return yandex_exception_handler


ERRORS = component(YandexErrors, many=True)
UNAUTHORIZED = component(YandexUnauthorized)


class TokenIn(serializers.Serializer):
    client_id = IdField(pattern=False)
    client_secret = serializers.CharField(max_length=256, trim_whitespace=False)
    grant_type = serializers.CharField(max_length=64)
    scope = serializers.CharField(max_length=255, required=False, allow_blank=True)


class TokenView(YandexAPIView):
    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    parser_classes = [parsers.FormParser, parsers.MultiPartParser, SafeJSONParser]

    @extend_schema(
        tags=["Yandex Eats"],
        summary="Yandex Eats: issue an access token (OAuth client_credentials)",
        request={"application/x-www-form-urlencoded": TokenIn},
        responses={
            200: component(YandexToken),
            400: ERRORS,
            401: ERRORS,
        },
    )
    def post(self, request):
        body = validated(TokenIn, _with_basic_credentials(request))
        token = issue_token(
            client_id=body["client_id"],
            client_secret=body["client_secret"],
            grant_type=body["grant_type"],
        )
        return Response(YandexToken(access_token=token.access_token, token_type="bearer", expires_in=token.expires_in))


def _with_basic_credentials(request):
    """The form's fields; client_id/client_secret may also come as HTTP Basic (RFC 6749, client_secret_basic)."""
    if not hasattr(request.data, "keys"):
        return request.data  # not an object: the serializer explains
    fields = {key: request.data.get(key) for key in request.data.keys()}
    keyword, _, encoded = authentication.get_authorization_header(request).partition(b" ")
    if keyword.lower() == b"basic" and "client_id" not in fields:
        try:
            decoded = base64.b64decode(encoded.strip(), validate=True).decode()
        except (ValueError, UnicodeDecodeError):
            decoded = ""
        client_id, colon, secret = decoded.partition(":")
        if colon:
            fields.update(client_id=unquote_plus(client_id), client_secret=unquote_plus(secret))
    return fields


def stream_json(head: dict[str, Any], items: Iterable[Mapping[str, object]], key: str = "items") -> Iterator[bytes]:
    """Write `{**head, key: [items...]}` incrementally: a chunk of items at a time, never the whole list."""
    return stream_object(head, key, (dumps(batch)[1:-1] for batch in batches(items, 500)))


def streaming_json_response(head: dict[str, Any], items: Iterable[Mapping[str, object]]) -> StreamingHttpResponse:
    """The answer `{**head, "items": [...]}`, its items streamed as they are read."""
    return StreamingHttpResponse(stream_json(head, items), content_type="application/json")


PLACE_ID = OpenApiParameter(
    "place_id", str, OpenApiParameter.PATH, description="Yandex place id (see /api/lite/yandex_places)"
)


class AvailabilityView(YandexAPIView):
    @extend_schema(
        tags=["Yandex Eats"],
        summary="Yandex Eats: stock of every item of a place (streamed)",
        parameters=[PLACE_ID],
        responses={
            200: component(YandexAvailability),
            400: ERRORS,
            401: UNAUTHORIZED,
            404: ERRORS,
            500: ERRORS,
        },
    )
    def get(self, request, place_id):
        place = queries.find_place(place_id)
        return StreamingHttpResponse(
            stream_object({}, "items", queries.availability_chunks(place)), content_type="application/json"
        )


class PricesView(YandexAPIView):
    @extend_schema(
        tags=["Yandex Eats"],
        summary="Yandex Eats: prices of the items of a place (streamed; zero prices left out)",
        parameters=[PLACE_ID],
        responses={
            200: component(YandexPrices),
            401: UNAUTHORIZED,
            404: ERRORS,
            500: ERRORS,
        },
    )
    def get(self, request, place_id):
        return streaming_json_response({}, queries.price_items(queries.find_place(place_id)))


COMPOSITION = component(YandexComposition)


class CompositionView(YandexAPIView):
    @extend_schema(
        tags=["Yandex Eats"],
        summary="Yandex Eats: the catalog feed of a place (categories and items, streamed)",
        parameters=[PLACE_ID],
        responses={200: COMPOSITION, 401: UNAUTHORIZED, 404: ERRORS, 500: ERRORS},
    )
    def get(self, request, place_id):
        return composition_response(queries.find_place(place_id))


class CatalogCompositionView(YandexAPIView):
    @extend_schema(
        tags=["Yandex Eats"],
        summary="Yandex Eats: the catalog feed for all places (retail prices, streamed)",
        operation_id="yandex_eats_catalog_composition",
        responses={200: COMPOSITION, 401: UNAUTHORIZED, 500: ERRORS},
    )
    def get(self, request):
        return composition_response(None)


def composition_response(place: YandexPlace | None) -> StreamingHttpResponse:
    """The catalog feed of a place (None: of all places, at retail prices)."""
    categories = queries.composition_categories()
    # The answer streams after the middleware returned: the origin is taken now.
    base = media_base()
    items = queries.composition_items(place, lambda url: absolute_media_url(url, base=base))
    return streaming_json_response({"categories": categories}, items)
