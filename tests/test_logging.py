"""Request ids on responses and log lines, the JSON log format, optional Sentry (issue 12)."""

import io
import json
import logging
import os
import subprocess
import sys
import threading
import time
import types
from pathlib import Path

import pytest

from config.logging import JsonFormatter, RequestIdFilter, _send_request_id, _task_finished, _task_started, request_id

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.django_db


@pytest.fixture
def console():
    """The output of the project's console handler (the one with the request id filter)."""
    handler = next(h for h in logging.getLogger().handlers if any(isinstance(f, RequestIdFilter) for f in h.filters))
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield handler, stream
    handler.setStream(previous)


def test_every_response_has_a_request_id_and_a_sane_incoming_one_is_kept(client):
    generated = client.get("/api/lite/pub/products")
    assert len(generated["X-Request-ID"]) == 32
    assert client.get("/healthz")["X-Request-ID"] != generated["X-Request-ID"]

    kept = client.get("/api/lite/pub/products", headers={"X-Request-ID": "lb-7f3a.1_2"})
    assert kept["X-Request-ID"] == "lb-7f3a.1_2"


@pytest.mark.parametrize("hostile", ["a b", "x" * 65, "<script>", "id\nFAKE LOG LINE", "ид"])
def test_a_hostile_incoming_request_id_is_replaced(client, hostile):
    response = client.get("/api/lite/pub/products", headers={"X-Request-ID": hostile})
    assert response["X-Request-ID"] != hostile
    assert len(response["X-Request-ID"]) == 32


def test_a_log_line_written_during_a_request_carries_its_id(client, console):
    _, stream = console
    response = client.get("/api/lite/no-such-page", headers={"X-Request-ID": "req-42"})

    assert response.status_code == 404
    lines = [line for line in stream.getvalue().splitlines() if "/api/lite/no-such-page" in line]
    assert lines and all("[req-42]" in line for line in lines)
    logging.getLogger("outside").warning("after the request")
    assert "[-] after the request" in stream.getvalue()


def test_json_lines_parse_and_carry_time_level_logger_message_request_id_and_traceback(console):
    handler, stream = console
    previous = handler.formatter
    handler.setFormatter(JsonFormatter())
    token = request_id.set("abc123")
    try:
        logging.getLogger("catalog.test").warning("saved %s products", 3)
        try:
            raise ValueError("boom")
        except ValueError:
            logging.getLogger("catalog.test").exception("failed")
    finally:
        request_id.reset(token)
        handler.setFormatter(previous)

    first, second = [json.loads(line) for line in stream.getvalue().splitlines()[-2:]]
    assert first["level"] == "WARNING" and first["logger"] == "catalog.test"
    assert first["message"] == "saved 3 products" and first["request_id"] == "abc123"
    assert first["time"].endswith("+00:00") and "exc_text" not in first
    assert second["level"] == "ERROR" and "ValueError: boom" in second["exc_text"]


def test_log_format_json_selects_the_json_formatter():
    code = "from django.conf import settings; print(settings.LOGGING['handlers']['console']['formatter'])"
    assert _settings_subprocess(code, LOG_FORMAT="json") == "json"
    assert _settings_subprocess(code) == "plain"


def test_tasks_queued_in_a_request_carry_its_id_and_other_tasks_log_their_own():
    headers = {}
    token = request_id.set("req-9")
    try:
        _send_request_id(headers=headers)
    finally:
        request_id.reset(token)
    assert headers == {"request_id": "req-9"}

    task = types.SimpleNamespace(request=types.SimpleNamespace(request_id=None, headers=headers))
    _task_started(task_id="task-1", task=task)
    assert request_id.get() == "req-9"
    _task_finished(task=task)
    assert request_id.get() is None

    beat_task = types.SimpleNamespace(request=types.SimpleNamespace(request_id=None, headers=None))
    _task_started(task_id="task-2", task=beat_task)
    assert request_id.get() == "task-2"
    _task_finished(task=beat_task)
    assert request_id.get() is None


def _settings_subprocess(code: str, **env) -> str:
    environment = {k: v for k, v in os.environ.items() if k not in ("SENTRY_DSN", "LOG_FORMAT")}
    environment.update(DJANGO_SETTINGS_MODULE="config.settings", DEBUG="1", **env)
    done = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_sentry_is_initialised_only_when_sentry_dsn_is_set():
    code = "import sentry_sdk; c = sentry_sdk.get_client(); print(c.is_active(), c.options['send_default_pii'])"
    assert _settings_subprocess(code, SENTRY_DSN="https://key@127.0.0.1/1") == "True False"
    assert _settings_subprocess(code).startswith("False")


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_logs_a_task_with_the_id_of_the_request_that_queued_it():
    from django.conf import settings
    from django.db import connection

    from config.celery import app
    from integrations.wms.tasks import requeue_outbox_task

    if not os.environ.get("REDIS_URL") or connection.vendor != "postgresql":
        pytest.skip("needs REDIS_URL and PostgreSQL (the worker must share the test database)")
    db = connection.settings_dict
    queue = f"request-id-test-{os.getpid()}"
    env = dict(
        os.environ,
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        CELERY_TASK_ALWAYS_EAGER="false",
        SECRET_KEY="celery-worker-test-key",
        LOG_LEVEL="INFO",
        LOG_FORMAT="json",
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "-l", "INFO", "-Q", queue,
         "--without-mingle", "--without-gossip", "--without-heartbeat"],
        cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        token = request_id.set("req-to-worker-7")
        try:
            queued = requeue_outbox_task.apply_async(queue=queue)
        finally:
            request_id.reset(token)
        lines: list[str] = []  # the worker logs JSON lines on stderr
        threading.Thread(target=lambda: lines.extend(worker.stderr), daemon=True).start()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any(queued.id in x and "succeeded" in x for x in lines):
            time.sleep(0.2)
    finally:
        worker.kill()
        worker.wait(30)
        app.control.purge()
    done = [json.loads(x) for x in lines if queued.id in x and "succeeded" in x]
    assert done, "".join(lines)
    assert done[0]["logger"] == "celery.app.trace" and done[0]["request_id"] == "req-to-worker-7"
