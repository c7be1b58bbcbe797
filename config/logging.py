"""Log lines that can be followed across a request: a request id on every line, JSON when configured.

- Each request takes the caller's `X-Request-ID` when it is a sane token (up to 64 characters of letters,
  digits, `-`, `_`, `.`), else a new one (uuid4 hex); it is kept in a context variable from Django's
  request_started signal to request_finished, and `RequestIdMiddleware` (first in MIDDLEWARE) sends it back
  in the `X-Request-ID` response header.
- `RequestIdFilter` (on the console handler) copies it onto every record as `request_id` ("-" outside a
  request), so both formats show it.
- `JsonFormatter` (`LOG_FORMAT=json`) writes one JSON object per line: time, level, logger, message,
  request_id and, for errors, the traceback text.
- Celery: a task queued during a request carries the request's id in its headers and the worker logs with
  it; a task without one (beat, re-queues) logs with its own task id.

Nothing here logs request headers or bodies: secrets stay out of the logs (tests/test_logging.py).
"""

import contextvars
import datetime as dt
import logging
import re
import uuid

import orjson
from celery.signals import before_task_publish, task_postrun, task_prerun
from django.core.signals import request_finished, request_started
from django.dispatch import receiver

HEADER = "X-Request-ID"
SANE = re.compile(r"[A-Za-z0-9._-]{1,64}")

request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)


def incoming_or_new(value: str | None) -> str:
    if value and SANE.fullmatch(value):
        return value
    return uuid.uuid4().hex


@receiver(request_started)
def _request_started(environ=None, **kwargs):
    # Set before any middleware runs and cleared only when the response is closed: Django logs a 4xx/5xx
    # (django.request) after the middleware chain has returned, and that line needs the id too.
    request_id.set(incoming_or_new((environ or {}).get("HTTP_X_REQUEST_ID")))


@receiver(request_finished)
def _request_finished(**kwargs):
    request_id.set(None)


class RequestIdMiddleware:
    """Exposes the request's id as `request.request_id` and in the response's X-Request-ID header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rid = request_id.get()
        if rid is None:  # a request that did not come through a handler (RequestFactory)
            rid = incoming_or_new(request.headers.get(HEADER))
            request_id.set(rid)
        request.request_id = rid
        response = self.get_response(request)
        response[HEADER] = rid
        return response


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = request_id.get() or "-"
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or request_id.get() or "-",
        }
        if record.exc_info:
            entry["exc_text"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exc_text"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return orjson.dumps(entry, default=str).decode()


# --- Celery ---------------------------------------------------------------------------------------------


@before_task_publish.connect
def _send_request_id(headers=None, **kwargs):
    rid = request_id.get()
    if rid and headers is not None:
        headers.setdefault("request_id", rid)


@task_prerun.connect
def _task_started(task_id=None, task=None, **kwargs):
    if request_id.get():
        return  # an eager task inside a request keeps the request's id
    incoming = getattr(task.request, "request_id", None) or (task.request.headers or {}).get("request_id")
    task.request.request_id_token = request_id.set(incoming or task_id)


@task_postrun.connect
def _task_finished(task=None, **kwargs):
    if getattr(task.request, "request_id_token", None) is not None:
        task.request.request_id_token = None
        request_id.set(None)  # the worker's next task starts without an id
