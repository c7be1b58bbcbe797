"""Issue 20: retrying a WMS upload from the admin says what happened. With a worker the page only queues the
upload (and says the rows are not updated yet); without one (Celery in-process) it makes one attempt and
reports its outcome, and a WMS that is down neither holds the page through the retries nor shows "queued"."""

import time

import pytest
from django.contrib.messages import get_messages

from integrations.wms.models import OutboxEntry
from integrations.wms.tasks import process_outbox_entry_task
from tests.factories import BarcodeFactory, ProductFactory

from . import wms_support

fake_wms = wms_support.fake_wms
ff_warehouse = wms_support.ff_warehouse

pytestmark = pytest.mark.django_db
SYNC = "/admin/wms/variantsyncstate/"


def variant_with_barcode():
    variant = ProductFactory(public_id="1042").variants.get()
    BarcodeFactory(variant=variant)
    return variant


def retry(client, variant):
    started = time.monotonic()
    response = client.post(SYNC, {"action": "retry_push", "_selected_action": [variant.pk]})
    return response, time.monotonic() - started, [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def test_a_wms_that_is_down_is_reported_at_once_and_the_upload_waits_in_the_outbox(
    admin_client, fake_wms, ff_warehouse, settings
):
    settings.WMS_MAX_RETRIES = 5
    settings.WMS_RETRY_BACKOFF = 1.0  # the in-place retries of the task would take seconds
    variant = variant_with_barcode()
    fake_wms.state.control({"mode": "error500"})

    response, seconds, messages = retry(admin_client, variant)

    assert response.status_code == 302
    assert seconds < 2.5
    [(level, text)] = messages
    assert level == "error" and text.startswith("WMS не ответил (WMS ответил HTTP 500")
    assert "очередь" not in text.split(":")[0]
    entry = OutboxEntry.objects.get()
    assert (entry.status, entry.attempts) == (OutboxEntry.Status.PENDING, 1)
    assert "HTTP 500" in entry.last_error


def test_a_successful_attempt_says_uploaded(admin_client, fake_wms, ff_warehouse):
    variant = variant_with_barcode()

    _response, _seconds, messages = retry(admin_client, variant)

    assert messages == [("success", "Выгружено в WMS вариантов: 1.")]
    variant.refresh_from_db()
    assert variant.is_ff_synchronised is True


def test_with_a_worker_the_page_only_queues_and_says_the_rows_show_the_previous_result(
    admin_client, ff_warehouse, django_capture_on_commit_callbacks
):
    variant = variant_with_barcode()
    process_outbox_entry_task.app.conf.task_always_eager = False  # the autouse fixture restores it

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _response, _seconds, messages = retry(admin_client, variant)

    [(level, text)] = messages
    assert level == "info" and "поставлена в очередь" in text and "прошлый результат" in text
    assert len(callbacks) == 1  # the task is sent on commit, to the worker
    assert OutboxEntry.objects.get().status == OutboxEntry.Status.PENDING
