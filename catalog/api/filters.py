"""FilterSets of the catalog's private list endpoints (parameter names as the spec and docs/api.md give them)."""

import uuid

import django_filters

from config.kernel.errors import NotFound

from ..models import HistoryEvent


class HistoryFilter(django_filters.FilterSet):
    productId = django_filters.CharFilter(field_name="product_public_id", label="Product id (or give the event id)")
    id = django_filters.CharFilter(method="by_event_id", label="One event by its id")

    class Meta:
        model = HistoryEvent
        fields = []

    def filter_queryset(self, queryset):
        # One event by its id wins over productId, as the endpoint always answered.
        if self.form.cleaned_data.get("id"):
            return self.by_event_id(queryset, "id", self.form.cleaned_data["id"])
        return super().filter_queryset(queryset)

    def by_event_id(self, queryset, name, value):
        try:
            return queryset.filter(public_id=uuid.UUID(str(value)))
        except ValueError:
            raise NotFound("Событие с указанным id не найдено") from None
