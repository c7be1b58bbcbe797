"""Input fields shared by every API."""

from rest_framework import serializers

from config.kernel.public_ids import PUBLIC_ID_MAX_LENGTH, PUBLIC_ID_RE

PUBLIC_ID_MESSAGE = "ID должен содержать только цифры, латиницу, тире, подчеркивание, #, или точку"
SURROUNDING_SPACE_MESSAGE = "ID не должен начинаться или заканчиваться пробелом или переводом строки"


class IdField(serializers.CharField):
    """A public id (product, variant, collection, warehouse code, place...) exactly as the client sent it.

    DRF's CharField trims whitespace by default, so `" demo1 "` or `"demo1\\n"` silently became `demo1` and
    matched (or overwrote) another row: an id is never altered, it is refused with a 400 naming the field.
    `pattern=False` only where a service checks the pattern itself with a message the spec prescribes
    (a product's or a variant's own id in the Cactus catalog: 'Заданный ID продукта "…" не соответствует…').
    """

    default_error_messages = {"public_id": PUBLIC_ID_MESSAGE, "surrounding_space": SURROUNDING_SPACE_MESSAGE}

    def __init__(self, *, pattern: bool = True, **kwargs):
        kwargs["trim_whitespace"] = False
        kwargs.setdefault("max_length", PUBLIC_ID_MAX_LENGTH)
        self.pattern = pattern
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if value != value.strip():
            self.fail("surrounding_space")
        if self.pattern and PUBLIC_ID_RE.match(value) is None:
            self.fail("public_id")
        return value
