"""The Cactus error format: {"success": false, "errors": [{"code": 0, "message": "..."}]}."""

import logging

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response

from config.kernel.errors import DomainError, NotFound

logger = logging.getLogger(__name__)


def error_body(*messages: str) -> dict:
    return {"success": False, "errors": [{"code": 0, "message": m} for m in messages]}


def error_list(*messages: str) -> list:
    return error_body(*messages)["errors"]


def _flatten_validation(detail, prefix="") -> list[str]:
    """DRF's nested error detail as "field.sub[0].name: message" lines."""
    if isinstance(detail, dict):
        out = []
        for key, value in detail.items():
            if key == "non_field_errors":
                path = prefix
            elif isinstance(key, int):  # ListField / DictField children are keyed by index
                path = f"{prefix}[{key}]"
            else:
                path = f"{prefix}.{key}" if prefix else str(key)
            out += _flatten_validation(value, path)
        return out
    if isinstance(detail, list):
        out = []
        for index, value in enumerate(detail):
            if isinstance(value, (dict, list)):
                out += _flatten_validation(value, f"{prefix}[{index}]")
            else:
                out += _flatten_validation(value, prefix)
        return out
    return [f"{prefix}: {detail}" if prefix else str(detail)]


def flatten_validation(detail) -> list[str]:
    return _flatten_validation(detail)


def cactus_exception_handler(exc, context):
    if isinstance(exc, DomainError):
        code = status.HTTP_404_NOT_FOUND if isinstance(exc, NotFound) else status.HTTP_400_BAD_REQUEST
        return Response(error_body(exc.message), status=code)
    if isinstance(exc, Http404):
        return Response(error_body("Не найдено"), status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, SuspiciousOperation):  # too many form fields, a body above DATA_UPLOAD_MAX_MEMORY_SIZE...
        return Response(error_body("Некорректный запрос: слишком большой или слишком много полей"), status=400)
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, exceptions.ValidationError):
        return Response(error_body(*_flatten_validation(exc.detail)), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, exceptions.APIException):
        if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
            # Cactus answers 401 for every missing or bad token.
            response = Response(error_body(str(exc.detail)), status=status.HTTP_401_UNAUTHORIZED)
            response["WWW-Authenticate"] = 'Bearer realm="api"'
            return response
        headers = {}
        if getattr(exc, "wait", None):
            headers["Retry-After"] = str(int(exc.wait))
        detail = exc.detail if isinstance(exc.detail, str) else "; ".join(_flatten_validation(exc.detail))
        return Response(error_body(str(detail)), status=exc.status_code, headers=headers)
    logger.exception("Unhandled API error in %s", context.get("view").__class__.__name__)
    return Response(error_body("Внутренняя ошибка сервера"), status=status.HTTP_500_INTERNAL_SERVER_ERROR)


def json_error_response(message: str, status_code: int) -> JsonResponse:
    return JsonResponse(error_body(message), status=status_code, json_dumps_params={"ensure_ascii": False})
