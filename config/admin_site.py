"""The project's admin app config: Django's admin, with decimal inputs written as people write numbers.

Every DecimalField of every admin form (the ModelAdmins' and the inlines') gets a localized text input that
shows the stored value without trailing zeros or an exponent: `0` (not `0E-15`), `1` (not
`1.000000000000000`), `10000` (not `10000.0000000000000`), `1,5` in Russian and `1.5` in English, the way
read-only values are shown. It accepts both separators back (Django's localized parsing).
"""

from decimal import Decimal

from django import forms
from django.contrib.admin import options
from django.contrib.admin.apps import AdminConfig
from django.db import models

from config.kernel.numbers import plain_decimal


class DecimalInput(forms.TextInput):
    """A localized text input for a decimal (type=number would refuse "1,5" and show "1.000")."""

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "size": 12, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal):
            value = plain_decimal(value)
        return super().format_value(value)


class ProjectAdminConfig(AdminConfig):
    def ready(self):
        # Before autodiscover: each ModelAdmin copies these defaults when it is registered.
        options.FORMFIELD_FOR_DBFIELD_DEFAULTS[models.DecimalField] = {"widget": DecimalInput, "localize": True}
        super().ready()
