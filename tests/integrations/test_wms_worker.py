"""The WMS push through a real Celery worker on the real Redis (CI: DATABASE_URL and REDIS_URL set)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from catalog.models import Variant
from integrations.wms import services
from integrations.wms.models import OutboxEntry
from tests.factories import BarcodeFactory, ProductFactory

from . import wms_support

fake_wms = wms_support.fake_wms
ff_warehouse = wms_support.ff_warehouse

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

CELERY = Path(sys.executable).with_name("celery")
BASE_DIR = Path(settings.BASE_DIR)


@pytest.fixture
def worker_env(fake_wms):
    if not os.environ.get("REDIS_URL") or connection.vendor != "postgresql":
        pytest.skip("needs REDIS_URL and PostgreSQL (the worker must share the test database)")
    from config.celery import app

    app.control.purge()
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    env = dict(
        os.environ,
        DATABASE_URL=f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        REDIS_URL=os.environ["REDIS_URL"],
        CELERY_TASK_ALWAYS_EAGER="false",
        CONN_MAX_AGE="0",
        SECRET_KEY="celery-worker-test-key",
        WMS_BASE_URL=fake_wms.url,
        WMS_TOKEN=settings.WMS_TOKEN,
        WMS_TIMEOUT="2",
        WMS_RETRY_BACKOFF="0.05",
        WMS_RETRY_BACKOFF_MAX="0.2",
        WMS_PUSH_BATCH_SIZE="1",
        LOG_LEVEL="WARNING",
    )
    return env


class Worker:
    def __init__(self, env):
        self.process = subprocess.Popen(
            [
                str(CELERY),
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "-Q",
                "wms,default",  # the WMS tasks have their own queue (CELERY_TASK_ROUTES)
                "-l",
                "warning",
                "--without-mingle",
                "--without-gossip",
                "--without-heartbeat",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def kill(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)


@pytest.fixture
def start_worker(worker_env):
    workers = []

    def start():
        workers.append(Worker(worker_env))
        return workers[-1]

    yield start
    for worker in workers:
        worker.kill()


def wait_for(predicate, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def entry_status(pk):
    return OutboxEntry.objects.filter(pk=pk).values_list("status", "chunks_done").get()


def test_real_worker_pushes_an_export_and_marks_variants(api, fake_wms, ff_warehouse, start_worker):
    product = ProductFactory(public_id="1042", variants=2)
    for variant in product.variants.all():
        BarcodeFactory(variant=variant)
    fake_wms.state.control({"faults": ["error500"]})
    start_worker()

    response = api.post("/api/lite/products/export_ff", {"products": ["1042"]}, format="json")

    assert response.json() == {"success": True}
    entry = OutboxEntry.objects.get()
    assert wait_for(lambda: entry_status(entry.pk)[0] == OutboxEntry.Status.DONE)
    assert Variant.objects.filter(product=product, is_ff_synchronised=True, ff_sync_error=None).count() == 2


def test_worker_killed_mid_batch_and_restarted_loses_and_doubles_nothing(
    settings, fake_wms, ff_warehouse, start_worker
):
    settings.WMS_OUTBOX_STALE_SECONDS = 0
    products = [ProductFactory(variants=1) for _ in range(6)]
    fake_wms.state.control({"mode": "slow", "delay": 0.3})
    worker = start_worker()
    entry = services.export_products(warehouse_code=None, product_ids=[p.public_id for p in products])

    assert wait_for(lambda: entry_status(entry.pk)[1] >= 2)
    fake_wms.state.control({"delay": 30})  # the worker now hangs on a call (applied by the WMS, unanswered)
    time.sleep(0.5)
    worker.kill()
    assert entry_status(entry.pk)[0] == OutboxEntry.Status.PENDING

    fake_wms.state.control({"mode": "ok"})
    start_worker()
    services.requeue_stale_entries()  # what the periodic outbox task does

    assert wait_for(lambda: entry_status(entry.pk) == (OutboxEntry.Status.DONE, 6)), entry_status(entry.pk)
    assert Variant.objects.filter(is_ff_synchronised=True).count() == 6
    assert sorted(fake_wms.state.stats["item_writes"].values()) == [1] * 6
