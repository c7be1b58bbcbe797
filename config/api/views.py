"""Cross-cutting API views: base classes and the Cactus login."""

from typing import TypedDict

from django.conf import settings
from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from config.kernel.client_ip import client_ip

from .authentication import issue_login_token, may_log_in
from .errors import error_body
from .inputs import validated
from .permissions import HasModelPermissions
from .shapes import component
from .throttling import SlidingWindowThrottle

EMPTY_BODY = "Пустое тело запроса"
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


class BaseAPIView(APIView):
    """The base of every API view (private, public, login, IMSHOP webhooks, Yandex Eats): a request that
    carries a body (POST, PUT, PATCH) is parsed right after authentication, permissions and throttling, so
    a body of a type the view does not read (a form post to a JSON endpoint) is a 415 and an empty body a
    400, both in the API's own error format, before the view does anything. JSON is the only parser unless
    a view names others (uploads keep MultiPartParser; settings.REST_FRAMEWORK DEFAULT_PARSER_CLASSES)."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # Only for a method the view answers: any other is a 405 (the handler lookup), whatever the body.
        if request.method in BODY_METHODS and hasattr(self, request.method.lower()):
            if request.stream is None:  # no body at all (Content-Length 0): DRF would hand the view `{}`
                raise exceptions.ParseError(EMPTY_BODY)
            try:
                request.data  # noqa: B018 - parse now; ParseError (bad JSON, repeated key) is a 400
            except exceptions.UnsupportedMediaType:
                accepted = ", ".join(parser.media_type for parser in request.parsers)
                media_type = request.content_type.split(";")[0].strip() or "не указан"
                raise exceptions.UnsupportedMediaType(
                    media_type, f"Неподдерживаемый тип содержимого «{media_type[:100]}»: ожидается {accepted}"
                ) from None

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(response, Response):
            response.add_post_render_callback(_release_data)
        return response


def _release_data(response):
    """DRF keeps the view on the response (renderer_context) and the view keeps the response: a reference
    cycle, which only the cyclic garbage collector frees, holding the answer's data with it. For a listing
    page that is some 2,000 dicts and lists per request, left for a generation-1 collection to find: 100-190
    ms each (the listing's p99 tail) and hundreds of MB per worker in between. Once rendered, the data is not
    needed: dropping it frees the answer by reference counting, at once."""
    response.data = None


class PrivateAPIView(BaseAPIView):
    """Base for `/api/lite/...`: a token (or a staff session) is required, and the caller's Django model
    permissions named by the view's `required_permissions` for the request's method."""

    permission_classes = [permissions.IsAuthenticated, HasModelPermissions]
    required_permissions: dict[str, tuple[str, ...]] = {}


class ClientIpThrottle(SlidingWindowThrottle):
    """Counts per client address as config/kernel/client_ip.py finds it (X-Forwarded-For only from trusted
    proxies), in the shared cache (Redis, or the database cache table), so every process counts together."""

    def get_ident(self, request):
        return client_ip(request)


class PublicThrottle(ClientIpThrottle):
    scope = "public"


class PublicAPIView(BaseAPIView):
    """Base for `/api/lite/pub/...`: storefronts, no token, throttled per client IP."""

    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [PublicThrottle]


class LoginThrottle(ClientIpThrottle):
    """Counts every login attempt per client IP, so password guessing is slowed down."""

    scope = "auth"


class LoginInput(serializers.Serializer):
    login = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, trim_whitespace=False)


class LoginOutput(TypedDict):
    """OAuth2-style token answer (no Cactus success envelope)."""

    access_token: str
    token_type: str
    login: str
    expires_in: int


class LoginView(BaseAPIView):
    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [LoginThrottle]

    @extend_schema(
        request=LoginInput,
        responses=component(LoginOutput),
        summary="Log in with login and password, get a bearer token",
    )
    def post(self, request):
        body = validated(LoginInput, request.data)
        # The Django request: django-axes records the failure and refuses a locked-out username + address.
        user = authenticate(request._request, username=body["login"], password=body["password"])
        if user is None or not may_log_in(user):
            return Response(error_body("Неверный логин или пароль"), status=401)
        return Response(
            LoginOutput(
                access_token=issue_login_token(user),
                token_type="bearer",
                login=user.get_username(),
                expires_in=settings.API_LOGIN_TOKEN_TTL,
            )
        )
