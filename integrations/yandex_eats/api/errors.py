"""Yandex Eats error formats (not the Cactus envelope).

- 401 on the nomenclature: `{"reason": "Access token has been expired. You should request a new one"}`;
- every other error (400, 401 of the token endpoint, 404, 405, 415, 500 ...): `[{"code": <HTTP status>,
  "description": "..."}]`.
"""

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response

from config.api.errors import describe_error, log_unhandled, yandex_error_body
from config.kernel.encoding import dumps

from ..errors import InvalidClient, InvalidToken
from ..shapes import YandexUnauthorized

EXPIRED_REASON = "Access token has been expired. You should request a new one"


def yandex_exception_handler(exc, context):
    if isinstance(exc, InvalidToken | exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        response = Response(YandexUnauthorized(reason=EXPIRED_REASON), status=status.HTTP_401_UNAUTHORIZED)
        response["WWW-Authenticate"] = 'Bearer realm="yandex-eats"'
        return response
    error = describe_error(exc, statuses={InvalidClient: status.HTTP_401_UNAUTHORIZED})
    if error is None:
        log_unhandled(exc, context, "Yandex Eats API")
        return Response(
            yandex_error_body(500, "Внутренняя ошибка сервера"), status=status.HTTP_500_INTERNAL_SERVER_ERROR
        )
    return Response(yandex_error_body(error.status, *error.messages), status=error.status, headers=error.headers)


@csrf_exempt  # a POST to an unknown path is a 404, not a CSRF failure
def not_found_view(request, *args, **kwargs):
    """Any other URL under /yandex-eats/: a 404 in the Yandex format, not the Cactus envelope."""
    return HttpResponse(
        dumps(yandex_error_body(404, "Нет такого метода API Яндекс Еды")), status=404, content_type="application/json"
    )
