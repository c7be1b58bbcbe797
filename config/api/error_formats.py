"""Errors of the API prefixes in each API's own format, never HTML, in either DEBUG mode.

One place decides the format by path: `/yandex-eats/` answers Yandex's `[{"code", "description"}]`;
`/api/` (Cactus) and `/webhooks/` (IMSHOP, which takes the same envelope) answer
`{"success": false, "errors": [{"code": 0, "message": ...}]}`. Used by handler404/handler500 (DEBUG off),
the CSRF failure view (CSRF_FAILURE_VIEW) and ApiErrorFormatMiddleware, which replaces any non-JSON error
page that still reaches an API path (Django's DEBUG 404/500 pages, CommonMiddleware, a plain 405).
"""

from django.http import HttpResponse

from config.kernel.encoding import dumps

from .errors import error_body, yandex_error_body

API_PREFIXES = ("/api/", "/webhooks/", "/yandex-eats/")
MESSAGES = {
    400: "Некорректный запрос",
    401: "Требуется аутентификация",
    403: "Доступ запрещён",
    404: "Не найдено",
    405: "Метод не поддерживается",
    413: "Слишком большой запрос",
    415: "Неподдерживаемый тип содержимого",
    500: "Внутренняя ошибка сервера",
}
# A request refused by the CSRF check, whichever layer refused it (Django's middleware or DRF's session auth).
CSRF_REFUSED = "Запрос отклонён: нет CSRF-токена"


def is_api_path(path: str) -> bool:
    # The bare prefixes ("/api", "/webhooks") are the API's too: with DEBUG on they got Django's HTML 404.
    return path.startswith(API_PREFIXES) or path + "/" in API_PREFIXES


def api_error_response(path: str, status: int, message: str | None = None) -> HttpResponse:
    """The error response of the API that `path` belongs to."""
    message = message or MESSAGES.get(status) or ("Ошибка сервера" if status >= 500 else "Ошибка запроса")
    body: list | dict
    if path.startswith("/yandex-eats/"):
        body = yandex_error_body(status, message)
    else:
        body = error_body(message)
    return HttpResponse(dumps(body), status=status, content_type="application/json")


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the API's format under the API prefixes, Django's page elsewhere (the admin)."""
    if is_api_path(request.path):
        return api_error_response(request.path, 403, CSRF_REFUSED)
    from django.views.csrf import csrf_failure as django_csrf_failure

    return django_csrf_failure(request, reason=reason)


def _is_json(response) -> bool:
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    return content_type == "application/json" or content_type.endswith("+json")


class ApiErrorFormatMiddleware:
    """Outermost API middleware: an error answer under an API prefix that is not JSON (an HTML page) is
    replaced by the same status in the API's format. Headers that matter to the caller (Allow on a 405,
    Retry-After, WWW-Authenticate) are kept."""

    KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate", "X-Request-ID")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code < 400 or not is_api_path(request.path) or _is_json(response):
            return response
        if getattr(response, "streaming", False):
            return response
        replacement = api_error_response(request.path, response.status_code)
        for header in self.KEPT_HEADERS:
            if header in response:
                replacement[header] = response[header]
        return replacement
