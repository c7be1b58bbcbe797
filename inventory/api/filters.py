"""FilterSets of the inventory list endpoints (parameter names as docs/api.md promises them)."""

import django_filters

from inventory.models import Warehouse


class WarehouseFilter(django_filters.FilterSet):
    warehouseCode = django_filters.CharFilter(field_name="code", label="One warehouse by code")
    city = django_filters.CharFilter(
        field_name="city", lookup_expr="iexact", label="Warehouses of a city (case-insensitive)"
    )

    class Meta:
        model = Warehouse
        fields = []
