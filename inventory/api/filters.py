"""FilterSets of the inventory list endpoints (parameter names as docs/api.md promises them)."""

import django_filters

from config.api.filters import StrictBooleanFilter
from inventory.models import UniqueNumber, Warehouse


class WarehouseFilter(django_filters.FilterSet):
    warehouseCode = django_filters.CharFilter(field_name="code", label="One warehouse by code")
    city = django_filters.CharFilter(
        field_name="city", lookup_expr="iexact", label="Warehouses of a city (case-insensitive)"
    )

    class Meta:
        model = Warehouse
        fields: list[str] = []


class UniqueNumberFilter(django_filters.FilterSet):
    variantId = django_filters.CharFilter(field_name="variant__public_id", label="Only numbers of this variant")
    isUsed = StrictBooleanFilter(field_name="is_used", label="true: only used numbers, false: only unused ones")

    class Meta:
        model = UniqueNumber
        fields: list[str] = []
