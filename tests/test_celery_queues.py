"""Celery queues per concern: each task goes to the queue its workers are started with (README "Celery")."""

import pytest

from config.celery import app

EXPECTED = {
    "integrations.wms.tasks.process_outbox_entry_task": "wms",
    "integrations.wms.tasks.pull_stock_task": "wms",
    "catalog.image_tasks.make_image_renditions_task": "images",
    "catalog.import_tasks.run_import_job_task": "imports",
    "catalog.tasks.recompute_filter_values_task": "default",
    "inventory.tasks.expire_reservations_task": "default",
}


@pytest.mark.parametrize(("task_name", "queue"), EXPECTED.items())
def test_each_task_is_routed_to_its_queue(task_name, queue):
    app.loader.import_default_modules()
    assert task_name in app.tasks
    route = app.amqp.router.route({}, task_name)
    assert route["queue"].name == queue
