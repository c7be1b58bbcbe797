"""Request hygiene for the APIs: NUL characters are refused before any view sees them.

PostgreSQL cannot store or even compare text containing U+0000 ("A string literal cannot contain NUL"),
so a NUL in a query parameter, a path segment or a JSON/form string would end in a 500. No legitimate
caller sends one: the request is refused with a 400 in the error format of its API.
"""

import re
from urllib.parse import unquote_to_bytes

from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse

from .error_formats import API_PREFIXES, api_error_response

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
