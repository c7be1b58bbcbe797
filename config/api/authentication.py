"""Private-API authentication: `Authorization: Bearer <token>`.

Two kinds of token are accepted in that header:
- long-lived API tokens (`ct_...`, created with `manage.py create_api_token`), stored as SHA-256 hashes;
- login tokens issued by `POST /api/lite/auth` to staff users: signed and time-stamped, valid
  API_LOGIN_TOKEN_TTL seconds, and only while the user stays active staff with the same password (the token
  carries a digest of the password hash, as Django's sessions do).

What the caller may then do is decided by its Django permissions (config/api/permissions.py).
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import signing
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from rest_framework import authentication, exceptions

from .error_formats import CSRF_REFUSED
from .models import ApiToken, ApiTokenRole, hash_token

LOGIN_TOKEN_SALT = "api-lite-login"
LAST_USED_GRANULARITY = timedelta(minutes=1)


class ApiClient:
    """The caller of the private API with a long-lived token: the token's role decides what it may do, or,
    for a token without a role, its user's permissions. Its login (history) is the user's or `api:<name>`."""

    is_authenticated = True
    is_api_client = True  # history records its writes as changeSource API (config.kernel.actor)
    is_active = True
    is_staff = False
    is_anonymous = False

    def __init__(self, token: ApiToken):
        self.token = token
        self.username = token.user.get_username() if token.user is not None else f"api:{token.name}"
        self.pk = None
        self._role_permissions: set[str] | None = None

    def get_username(self):
        return self.username

    def has_perm(self, perm: str, obj=None) -> bool:
        role = self.token.role
        if role == ApiTokenRole.FULL:
            return True
        if role == ApiTokenRole.USER:
            return self.token.user is not None and self.token.user.has_perm(perm, obj)
        if self._role_permissions is None:
            rows = Permission.objects.filter(group__name=role).values_list("content_type__app_label", "codename")
            self._role_permissions = {f"{app}.{codename}" for app, codename in rows}
        return perm in self._role_permissions

    def has_perms(self, perms, obj=None) -> bool:
        return all(self.has_perm(perm, obj) for perm in perms)

    def __str__(self):
        return self.username


def may_log_in(user) -> bool:
    """Only active staff log in through the API (as into the admin); what they may do is their permissions."""
    return user.is_active and user.is_staff


def _password_digest(user) -> str:
    # An HMAC of the password hash (Django's session check): a new password ends every login token.
    return user.get_session_auth_hash()[:20]


def issue_login_token(user) -> str:
    return signing.TimestampSigner(salt=LOGIN_TOKEN_SALT).sign(f"{user.pk}:{_password_digest(user)}")


def user_from_login_token(raw: str):
    try:
        value = signing.TimestampSigner(salt=LOGIN_TOKEN_SALT).unsign(raw, max_age=settings.API_LOGIN_TOKEN_TTL)
    except signing.SignatureExpired:
        raise exceptions.AuthenticationFailed("Срок действия токена истёк, выполните вход заново") from None
    except signing.BadSignature:
        return None
    user_pk, _, digest = value.partition(":")
    user = get_user_model().objects.filter(pk=user_pk).first()
    if user is None or not may_log_in(user) or not constant_time_compare(digest, _password_digest(user)):
        return None
    return user


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
            if token is None or (token.user_id and not token.user.is_active):
                raise exceptions.AuthenticationFailed("Неверный токен авторизации")
            now = timezone.now()
            if token.last_used_at is None or now - token.last_used_at > LAST_USED_GRANULARITY:
                ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            return ApiClient(token), token
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

    def enforce_csrf(self, request):
        # DRF's own refusal is English ("CSRF Failed: CSRF token missing."); say it as the CSRF failure view does.
        try:
            super().enforce_csrf(request)
        except exceptions.PermissionDenied:
            raise exceptions.PermissionDenied(CSRF_REFUSED) from None
