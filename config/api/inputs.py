"""Reading a request's input: one way for every view.

`validated(SerializerClass, data)` runs the serializer and returns its validated data, raising DRF's
ValidationError (answered in the API's own error format by config.api.errors). A view that reads the body
itself takes `json_object(request)`. Either way a JSON body that is not an object (a list, a string, a number,
null) is refused with the same 400 everywhere, before anything calls `.get` on it.
"""

from collections.abc import Mapping

from rest_framework.exceptions import ValidationError

NOT_AN_OBJECT = "Тело запроса должно быть JSON-объектом"


def json_object(request) -> Mapping:
    """The request's body, which must be a JSON object (a request without a body reads as `{}`)."""
    data = request.data
    if not isinstance(data, Mapping):
        raise ValidationError(NOT_AN_OBJECT)
    return data


def validated(serializer_class, data, **kwargs) -> dict:
    if not isinstance(data, Mapping):
        raise ValidationError(NOT_AN_OBJECT)
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
