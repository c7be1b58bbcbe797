"""django-filter FilterSets on the private API's plain list endpoints.

A FilterSet names the exact query parameters (the spec's camelCase), validates them and filters the queryset;
`filtered` turns invalid values into the Cactus error envelope (a 400 through the API's exception handler) and
`filter_parameters` documents the same parameters in the OpenAPI schema, so the two cannot drift apart.
"""

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

_TYPES = [
    (django_filters.BooleanFilter, OpenApiTypes.BOOL),
    (django_filters.DateTimeFilter, OpenApiTypes.DATETIME),
    (django_filters.DateFilter, OpenApiTypes.DATE),
    (django_filters.NumberFilter, OpenApiTypes.NUMBER),
]


def filtered(filterset_class, params, queryset):
    filterset = filterset_class(data=params, queryset=queryset)
    if not filterset.is_valid():
        raise serializers.ValidationError(filterset.errors)
    return filterset.qs


def filter_parameters(filterset_class) -> list[OpenApiParameter]:
    parameters = []
    for name, field_filter in filterset_class.base_filters.items():
        kind = next((kind for cls, kind in _TYPES if isinstance(field_filter, cls)), OpenApiTypes.STR)
        choices = field_filter.extra.get("choices")
        enum = [value for value, _ in choices] if isinstance(field_filter, django_filters.ChoiceFilter) else None
        parameters.append(OpenApiParameter(name, kind, enum=enum, description=str(field_filter.label or "")))
    return parameters
