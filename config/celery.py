import os

from celery import Celery
from celery.signals import worker_process_init

from config.gc_tuning import tune_gc

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("catalog_backoffice")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Connects the signals that carry a request's id into its tasks' log lines.
import config.logging  # noqa: E402, F401


@worker_process_init.connect
def _tune_gc(**_kwargs):
    # Tasks build documents and import whole spreadsheets: the same object-heavy work as the web workers.
    tune_gc()
