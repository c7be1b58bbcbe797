from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = _("Catalog")

    def ready(self):
        # Celery's autodiscovery finds only catalog/tasks.py; register the other task modules too.
        from . import image_tasks, import_tasks  # noqa: F401
