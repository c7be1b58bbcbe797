"""The project's admin app config: Django's admin, with decimal inputs written as people write numbers.

Every DecimalField of every admin form (the ModelAdmins' and the inlines') gets a localized text input that
shows the stored value without trailing zeros or an exponent: `0` (not `0E-15`), `1` (not
`1.000000000000000`), `10000` (not `10000.0000000000000`), `1,5` in Russian and `1.5` in English, the way
read-only values are shown. It accepts both separators back (Django's localized parsing).

Read-only decimals (list columns and read-only fields: a view-only ledger line, a price, a dimension measured
by the warehouse) are shown the same way instead of Django's fixed places: `40`, not `40,000` (which reads as
forty thousand in Russian); a price keeps its kopecks when it has them (`990`, `990,50`).
"""

from decimal import Decimal

from django import forms
from django.contrib.admin import options, utils
from django.contrib.admin.apps import AdminConfig
from django.db import models
from django.utils.formats import number_format

from config.kernel.numbers import format_number, plain_decimal


class DecimalInput(forms.TextInput):
    """A localized text input for a decimal (type=number would refuse "1,5" and show "1.000")."""

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "size": 12, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal):
            value = plain_decimal(value)
        return super().format_value(value)


_django_display_for_field = utils.display_for_field


def display_for_field(value, field, empty_value_display, *args, **kwargs):
    """Django's read-only display, with decimals as people write them (see the module's docstring)."""
    if isinstance(field, models.DecimalField) and isinstance(value, Decimal) and not field.choices:
        if field.decimal_places == 2 and value != value.to_integral():
            return number_format(value, 2, use_l10n=True)  # money with kopecks: 990,50
        return format_number(value)
    return _django_display_for_field(value, field, empty_value_display, *args, **kwargs)


class ProjectAdminConfig(AdminConfig):
    def ready(self):
        # Before autodiscover: each ModelAdmin copies these defaults when it is registered.
        options.FORMFIELD_FOR_DBFIELD_DEFAULTS[models.DecimalField] = {"widget": DecimalInput, "localize": True}
        # Django offers no hook for how read-only values are shown: its two callers take the function from
        # their own modules (the change page's read-only fields and the list's columns).
        from django.contrib.admin import helpers
        from django.contrib.admin.templatetags import admin_list

        for module in (utils, helpers, admin_list):
            module.display_for_field = display_for_field
        super().ready()
