"""The one JSON parser of every API (private, public, IMSHOP webhooks, Yandex Eats, login): the kernel's
depth-checked orjson loader. A bad body is DRF's ParseError, which each API answers as a 400 in its own
error format."""

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from config.kernel.encoding import loads
from config.kernel.errors import ValidationFailed


class SafeJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read() if stream is not None else b""
        try:
            return loads(raw)
        except ValidationFailed as exc:
            raise ParseError(exc.message) from None
