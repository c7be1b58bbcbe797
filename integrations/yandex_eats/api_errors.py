"""Yandex Eats error formats (not the Cactus envelope).

- 401 on the nomenclature: `{"reason": "Access token has been expired. You should request a new one"}`;
- every other error (400, 401 of the token endpoint, 404, 405, 415, 500 ...): `[{"code": <HTTP status>,
  "description": "..."}]`.
"""

import logging

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response

from config.api.errors import _flatten_validation
from config.kernel.encoding import dumps

from .errors import DomainError, InvalidClient, InvalidToken, NotFound

logger = logging.getLogger(__name__)

EXPIRED_REASON = "Access token has been expired. You should request a new one"


def error_items(code: int, *descriptions: str) -> list[dict]:
    return [{"code": code, "description": d} for d in descriptions]


def yandex_exception_handler(exc, context):
    if isinstance(exc, InvalidToken | exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        response = Response({"reason": EXPIRED_REASON}, status=status.HTTP_401_UNAUTHORIZED)
        response["WWW-Authenticate"] = 'Bearer realm="yandex-eats"'
        return response
    if isinstance(exc, DomainError):
        if isinstance(exc, InvalidClient):
            code = status.HTTP_401_UNAUTHORIZED
        elif isinstance(exc, NotFound):
            code = status.HTTP_404_NOT_FOUND
        else:
            code = status.HTTP_400_BAD_REQUEST
        return Response(error_items(code, exc.message), status=code)
    if isinstance(exc, Http404):
        return Response(error_items(404, "Не найдено"), status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, SuspiciousOperation):  # e.g. a request body above DATA_UPLOAD_MAX_MEMORY_SIZE
        return Response(error_items(400, "Некорректный запрос"), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, exceptions.ValidationError):
        return Response(error_items(400, *_flatten_validation(exc.detail)), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, exceptions.APIException):
        detail = exc.detail if isinstance(exc.detail, str) else "; ".join(_flatten_validation(exc.detail))
        headers = {"Retry-After": str(int(exc.wait))} if getattr(exc, "wait", None) else {}
        return Response(error_items(exc.status_code, str(detail)), status=exc.status_code, headers=headers)
    view = context.get("view")
    logger.exception("Unhandled Yandex Eats API error in %s", view.__class__.__name__ if view else "?")
    return Response(error_items(500, "Внутренняя ошибка сервера"), status=status.HTTP_500_INTERNAL_SERVER_ERROR)


@csrf_exempt  # a POST to an unknown path is a 404, not a CSRF failure
def not_found_view(request, *args, **kwargs):
    """Any other URL under /yandex-eats/: a 404 in the Yandex format, not the Cactus envelope."""
    return HttpResponse(
        dumps(error_items(404, "Нет такого метода API Яндекс Еды")), status=404, content_type="application/json"
    )
