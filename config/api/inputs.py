"""Reading a request's input: one way for every view.

`validated(SerializerClass, data)` runs the serializer and returns its validated data, raising DRF's
ValidationError (answered in the API's own error format by config.api.errors). A JSON body that is not an
object is refused with the same message everywhere, before the serializer sees it.
"""

from collections.abc import Mapping

from rest_framework.exceptions import ValidationError

NOT_AN_OBJECT = "Тело запроса должно быть JSON-объектом"


def validated(serializer_class, data, **kwargs) -> dict:
    if not isinstance(data, Mapping):
        raise ValidationError(NOT_AN_OBJECT)
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
