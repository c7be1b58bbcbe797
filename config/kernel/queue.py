"""Sending Celery tasks from requests whose data is already saved.

With the broker (Redis) unreachable, `Task.delay()` raises; the request that saved the data must not then
answer 500 for work that can be finished or recorded another way. Every caller says how (`on_broker_down`).
"""

import logging

from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


def send(task, *args, on_broker_down=None, **kwargs) -> bool:
    """Queue `task`; with the broker down, log it, run `on_broker_down()` and return False."""
    try:
        task.delay(*args, **kwargs)
        return True
    except OperationalError as exc:
        logger.warning("%s not queued, the broker is unavailable: %s", task.name, exc)
        if on_broker_down is not None:
            on_broker_down()
        return False
