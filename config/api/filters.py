"""django-filter FilterSets on the private API's plain list endpoints.

A FilterSet names the exact query parameters (the spec's camelCase), validates them and filters the queryset;
`filtered` turns invalid values into the Cactus error envelope (a 400 through the API's exception handler) and
`filter_parameters` documents the same parameters in the OpenAPI schema, so the two cannot drift apart.
"""

import django_filters
from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

_TYPES = [
    (django_filters.BooleanFilter, OpenApiTypes.BOOL),
    (django_filters.DateTimeFilter, OpenApiTypes.DATETIME),
    (django_filters.DateFilter, OpenApiTypes.DATE),
    (django_filters.NumberFilter, OpenApiTypes.NUMBER),
]


class _StrictBooleanField(forms.Field):
    """true/false (also 1/0, yes/no, any case); anything else is an error, never silently "no filter"
    (django-filter's own BooleanFilter ignores a value it cannot read)."""

    VALUES = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}

    def to_python(self, value):
        if value in (None, ""):
            return None
        parsed = self.VALUES.get(str(value).strip().lower())
        if parsed is None:
            raise forms.ValidationError(f"ожидается true или false, получено «{value}»")
        return parsed


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = _StrictBooleanField


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
