"""Request hygiene for the APIs: NUL characters are refused before any view sees them, and every API
answers in Russian (LocaleMiddleware below).

PostgreSQL cannot store or even compare text containing U+0000 ("A string literal cannot contain NUL"),
so a NUL in a query parameter, a path segment or a JSON/form string would end in a 500. No legitimate
caller sends one: the request is refused with a 400 in the error format of its API.
"""

import re
from urllib.parse import unquote_to_bytes

from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse
from django.utils import translation

from .error_formats import API_PREFIXES, api_error_response

API_LANGUAGE = "ru"
NUL_MESSAGE = "Запрос содержит недопустимый символ NUL (\\u0000)"
# A JSON escape \u0000 preceded by an even number of backslashes (i.e. not itself an escaped "\\u0000").
JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")


def has_nul(request) -> bool:
    if "\x00" in request.path or b"\x00" in unquote_to_bytes(request.META.get("QUERY_STRING", "")):
        return True
    content_type = request.META.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
    if content_type == "application/json" or content_type.endswith("+json"):
        try:
            body = request.body
        except RequestDataTooBig:
            return False  # the view's parser refuses it (400)
        return b"\x00" in body or bool(JSON_NUL.search(body))
    if content_type == "application/x-www-form-urlencoded":
        try:
            return b"\x00" in unquote_to_bytes(request.body)
        except RequestDataTooBig:
            return False
    return False  # multipart uploads carry binary files: their text fields are checked by the views


def nul_response(path: str) -> HttpResponse:
    return api_error_response(path, 400, NUL_MESSAGE)


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(API_PREFIXES) and has_nul(request):
            return nul_response(request.path)
        return self.get_response(request)


class LocaleMiddleware:
    """The APIs answer in Russian whatever the client's Accept-Language (the Cactus API is Russian-only):
    without this, django.middleware.locale.LocaleMiddleware (kept for the admin's language switch) would
    hand DRF's built-in messages ("This field is required.", "Not found.") to an `en` client in English,
    next to the project's own Russian messages. Placed right after Django's LocaleMiddleware, so it has the
    last word on the language of an API request (its answer's Content-Language says `ru` too); DRF messages
    it lacks or words poorly are translated in locale/ru (config/api/drf_messages.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIXES):
            return self.get_response(request)
        translation.activate(API_LANGUAGE)
        request.LANGUAGE_CODE = API_LANGUAGE
        return self.get_response(request)
