from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = "Каталог"

    def ready(self):
        # Celery's autodiscovery finds only catalog/tasks.py; register the other task modules too.
        from . import image_tasks, import_tasks  # noqa: F401
