from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "config.api"
    label = "api"
    verbose_name = "API access"

    def ready(self):
        from config import sqlite  # noqa: F401  (registers the Unicode-aware LIKE for SQLite)

        from . import schema  # noqa: F401  (OpenAPI security schemes)
