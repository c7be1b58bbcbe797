"""Read replicas: the public API, the Yandex Eats feeds and the stock export read from DATABASE_REPLICA_URL.

`ReplicaReadsMiddleware` marks a GET/HEAD request to one of `REPLICA_READ_PATHS` as allowed to read from a
replica; `ReplicaRouter` then sends its reads to a random replica, and everything else (every write, every
other request, anything inside a transaction) to the primary. A request that has written reads the primary
from then on (read-your-writes within the request). Replicas never migrate: they follow the primary.
"""

import contextvars
import random

from django.conf import settings
from django.db import connections

PRIMARY = "default"
# None: read the primary; "replica": reads may go to a replica; "written": this request wrote, read the primary.
_reads = contextvars.ContextVar("replica_reads", default=None)


def replica_aliases() -> list[str]:
    return settings.DATABASE_REPLICAS


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        replicas = replica_aliases()
        if not replicas or _reads.get() != "replica" or connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return random.choice(replicas)

    def db_for_write(self, model, **hints):
        if _reads.get() == "replica":
            _reads.set("written")
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replicas hold the primary's rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db not in replica_aliases()


def reads_from_replica(path: str, method: str) -> bool:
    return method in ("GET", "HEAD") and any(path.startswith(prefix) for prefix in settings.REPLICA_READ_PATHS)


class ReplicaReadsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_aliases() or not reads_from_replica(request.path, request.method):
            return self.get_response(request)
        token = _reads.set("replica")
        try:
            return self.get_response(request)
        finally:
            _reads.reset(token)
