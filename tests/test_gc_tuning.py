"""Server processes (gunicorn's WSGI app, Celery's pool workers) tune the garbage collector at start-up
(config/gc_tuning.py): checked in a fresh interpreter, as a worker starts."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.gc_tuning import DEFAULT_THRESHOLDS

ROOT = Path(__file__).resolve().parent.parent
REPORT = "import gc; print(gc.get_threshold()[0], gc.get_freeze_count() > 0)"


def run_python(code: str, **env: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "SECRET_KEY": "gc-tuning-test", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.split()


@pytest.mark.parametrize(
    "start",
    [
        "import config.wsgi",
        "import django; django.setup(); import config.celery; "
        "from celery.signals import worker_process_init; worker_process_init.send(sender=None)",
    ],
    ids=["web", "celery"],
)
def test_a_server_process_collects_less_often_and_freezes_what_start_up_built(start):
    assert run_python(f"{start}; {REPORT}") == [str(DEFAULT_THRESHOLDS[0]), "True"]


def test_the_threshold_comes_from_the_environment():
    assert run_python(f"import config.wsgi; {REPORT}", GC_THRESHOLD="2000") == ["2000", "True"]


def test_a_plain_interpreter_keeps_the_defaults():
    """The check above can fail: without the tuning an interpreter has CPython's 700 and nothing frozen."""
    assert run_python(REPORT) == ["700", "False"]
