"""Private-API authentication: `Authorization: Bearer <token>`.

Two kinds of token are accepted in that header:
- long-lived API tokens (`ct_...`, created with `manage.py create_api_token`), stored as SHA-256 hashes;
- login tokens issued by `POST /api/lite/auth`: signed and time-stamped, valid API_LOGIN_TOKEN_TTL seconds.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.utils import timezone
from rest_framework import authentication, exceptions

from .models import ApiToken, hash_token

LOGIN_TOKEN_SALT = "api-lite-login"
LAST_USED_GRANULARITY = timedelta(minutes=1)


class ApiClient:
    """The caller of the private API when it is a token rather than a Django user."""

    is_authenticated = True
    is_active = True
    is_staff = False
    is_anonymous = False

    def __init__(self, token: ApiToken):
        self.token = token
        self.username = token.user.get_username() if token.user is not None else f"api:{token.name}"
        self.pk = None

    def get_username(self):
        return self.username

    def __str__(self):
        return self.username


def issue_login_token(user) -> str:
    return signing.TimestampSigner(salt=LOGIN_TOKEN_SALT).sign(str(user.pk))


def user_from_login_token(raw: str):
    try:
        user_pk = signing.TimestampSigner(salt=LOGIN_TOKEN_SALT).unsign(raw, max_age=settings.API_LOGIN_TOKEN_TTL)
    except signing.SignatureExpired:
        raise exceptions.AuthenticationFailed("Срок действия токена истёк, выполните вход заново") from None
    except signing.BadSignature:
        return None
    return get_user_model().objects.filter(pk=user_pk, is_active=True).first()


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        keyword, _, raw = header.partition(" ")
        if keyword.lower() != self.keyword.lower():
            return None
        raw = raw.strip()
        if not raw:
            raise exceptions.AuthenticationFailed("Не передан токен авторизации")
        if raw.startswith(ApiToken.PREFIX):
            token = ApiToken.objects.active().select_related("user").filter(key_hash=hash_token(raw)).first()
            if token is None:
                raise exceptions.AuthenticationFailed("Неверный токен авторизации")
            now = timezone.now()
            if token.last_used_at is None or now - token.last_used_at > LAST_USED_GRANULARITY:
                ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            return (token.user if token.user_id else ApiClient(token)), token
        user = user_from_login_token(raw)
        if user is None:
            raise exceptions.AuthenticationFailed("Неверный токен авторизации")
        return user, raw

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class StaffSessionAuthentication(authentication.SessionAuthentication):
    """Staff logged into the admin may use the browsable API with their session."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None or not result[0].is_staff:
            return None
        return result
