"""Cross-cutting API views: base classes and the Cactus login."""

from typing import TypedDict

from django.conf import settings
from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from config.kernel.client_ip import client_ip

from .authentication import issue_login_token, may_log_in
from .errors import error_body
from .inputs import validated
from .permissions import HasModelPermissions
from .shapes import component


class PrivateAPIView(APIView):
    """Base for `/api/lite/...`: a token (or a staff session) is required, and the caller's Django model
    permissions named by the view's `required_permissions` for the request's method."""

    permission_classes = [permissions.IsAuthenticated, HasModelPermissions]
    required_permissions: dict[str, tuple[str, ...]] = {}


class ClientIpThrottle(AnonRateThrottle):
    """Counts per client address as config/kernel/client_ip.py finds it (X-Forwarded-For only from trusted
    proxies), in the shared cache (Redis, or the database cache table), so every process counts together."""

    def get_ident(self, request):
        return client_ip(request)


class PublicThrottle(ClientIpThrottle):
    scope = "public"


class PublicAPIView(APIView):
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


class LoginView(APIView):
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
