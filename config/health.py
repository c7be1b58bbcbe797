"""`GET /healthz` for load balancers: the state of the database, the cache, Redis and Celery workers.

200 when every check passes, 500 otherwise; `?format=json` (or `Accept: application/json`) for machines.
"""

import datetime

from django.conf import settings
from health_check.views import HealthCheckView


class HealthzView(HealthCheckView):
    @property
    def checks(self):
        checks = ["health_check.checks.Database", "health_check.checks.Cache"]
        if settings.REDIS_URL:
            from redis.asyncio import Redis

            url = settings.REDIS_URL
            checks.append(("health_check.contrib.redis.Redis", {"client_factory": lambda: Redis.from_url(url)}))
        if settings.HEALTHZ_CELERY:
            checks.append(("health_check.contrib.celery.Ping", {"timeout": datetime.timedelta(seconds=2)}))
        return checks
