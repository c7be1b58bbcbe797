"""The API error formats, and one mapping from exceptions to errors that both use.

- Cactus (and IMSHOP, which takes the same envelope): `{"success": false, "errors": [{"code": 0, "message": "..."}]}`;
- Yandex Eats: `[{"code": <HTTP status>, "description": "..."}]`.
"""

import logging
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response

from config.kernel.errors import DomainError, NotFound

from .shapes import ErrorItem

logger = logging.getLogger(__name__)


def error_body(*messages: str) -> dict:
    return {"success": False, "errors": [{"code": 0, "message": m} for m in messages]}


def error_list(*messages: str) -> list[ErrorItem]:
    return error_body(*messages)["errors"]


def yandex_error_body(status_code: int, *descriptions: str) -> list[dict]:
    return [{"code": status_code, "description": d} for d in descriptions]


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


@dataclass(frozen=True)
class ApiError:
    """What went wrong, apart from how an API writes it: the status, the messages and any headers."""

    status: int
    messages: tuple[str, ...]
    headers: dict = field(default_factory=dict)


def describe_error(exc, *, statuses: dict[type, int] | None = None) -> ApiError | None:
    """The one mapping of exceptions to answers, shared by every API (each has its own formatter below).
    Domain errors: NotFound is a 404, the rest 400 unless `statuses` names a subclass. None: not ours (a 500)."""
    if isinstance(exc, DomainError):
        for kind, code in (statuses or {}).items():
            if isinstance(exc, kind):
                return ApiError(code, (exc.message,))
        return ApiError(404 if isinstance(exc, NotFound) else 400, (exc.message,))
    if isinstance(exc, Http404):
        return ApiError(404, ("Не найдено",))
    if isinstance(exc, SuspiciousOperation):  # too many form fields, a body above DATA_UPLOAD_MAX_MEMORY_SIZE...
        return ApiError(400, ("Некорректный запрос: слишком большой или слишком много полей",))
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, exceptions.ValidationError):
        return ApiError(400, tuple(_flatten_validation(exc.detail)))
    if isinstance(exc, exceptions.APIException):
        wait = getattr(exc, "wait", None)  # throttled
        headers = {"Retry-After": str(int(wait))} if wait else {}
        detail = exc.detail if isinstance(exc.detail, str) else "; ".join(_flatten_validation(exc.detail))
        return ApiError(exc.status_code, (str(detail),), headers)
    return None


def log_unhandled(exc, context, api: str) -> None:
    view = context.get("view") if context else None
    logger.exception("Unhandled %s error in %s", api, view.__class__.__name__ if view else "?", exc_info=exc)


def cactus_exception_handler(exc, context):
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        # Cactus answers 401 for every missing or bad token.
        response = Response(error_body(str(exc.detail)), status=status.HTTP_401_UNAUTHORIZED)
        response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response
    error = describe_error(exc)
    if error is None:
        log_unhandled(exc, context, "API")
        return Response(error_body("Внутренняя ошибка сервера"), status=status.HTTP_500_INTERNAL_SERVER_ERROR)
    return Response(error_body(*error.messages), status=error.status, headers=error.headers)


def json_error_response(message: str, status_code: int) -> JsonResponse:
    return JsonResponse(error_body(message), status=status_code, json_dumps_params={"ensure_ascii": False})
