from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "config.api"
    label = "api"
    verbose_name = _("API access")

    def ready(self):
        from config import sqlite  # noqa: F401  (registers the Unicode-aware LIKE for SQLite)
        from config.api import schema  # noqa: F401  (registers the OpenAPI security schemes)
