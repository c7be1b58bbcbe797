"""IMSHOP webhook authentication: the shop's API key (env IMSHOP_API_KEY), sent by IMSHOP either as
`Authorization: Bearer <key>` or as a `key` field of the JSON body, compared in constant time."""

import hmac

from django.conf import settings
from rest_framework import exceptions, status


class WebhooksClosed(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "Вебхуки IMSHOP выключены: не задан ключ IMSHOP_API_KEY"


def check_webhook_key(request) -> None:
    """Raises WebhooksClosed (503) with no key configured, AuthenticationFailed (401) for a missing or bad key."""
    expected = settings.IMSHOP_API_KEY
    if not expected:
        raise WebhooksClosed()
    keyword, _, raw = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    if keyword.lower() == "bearer" and raw.strip():
        candidate = raw.strip()
    else:
        data = request.data  # a malformed body raises ParseError (400) here
        candidate = data.get("key") if isinstance(data, dict) else None
    if not isinstance(candidate, str) or not hmac.compare_digest(candidate.encode(), expected.encode()):
        raise exceptions.AuthenticationFailed("Неверный ключ API IMSHOP")
