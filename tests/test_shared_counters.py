"""Limits count in a cache every server process shares (issue 17): the login throttle's attempts made by two
other processes count for this one. PostgreSQL runs only (the other processes connect to the test database;
SQLite's test database lives in this process's memory)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rest_framework.test import APIClient

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parent.parent
ATTEMPTS = """
import django
django.setup()
from django.test import Client
client = Client()
for i in range({count}):
    answer = client.post("/api/lite/auth", {{"login": "{name}" + str(i), "password": "x"}}, "application/json")
    print(answer.status_code)
"""


def failed_logins_in_another_process(name: str, count: int, *, redis_url: str | None) -> list[int]:
    from django.db import connection

    db = connection.settings_dict
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="1",
        PYTHONPATH=str(ROOT),
        LOG_LEVEL="ERROR",
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    script = ATTEMPTS.format(count=count, name=name)
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return [int(line) for line in done.stdout.split()]


@pytest.mark.parametrize("backend", ["redis", "database"])
def test_login_attempts_in_other_processes_count_for_this_one(settings, backend):
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection

    redis_url = os.environ.get("REDIS_URL") if backend == "redis" else None
    if backend == "redis" and not redis_url:
        pytest.skip("needs REDIS_URL")
    created_table = False
    if backend == "database":
        settings.CACHES = {
            "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "django_cache"}
        }
        # The api app's migration made the table only if the cache was the database's when migrate ran.
        created_table = "django_cache" not in connection.introspection.table_names()
        call_command("createcachetable", verbosity=0)
    cache.clear()
    try:
        # THROTTLE_AUTH is 10/min per address: five attempts in each of two other processes, then this one.
        assert failed_logins_in_another_process("a", 5, redis_url=redis_url) == [401] * 5
        assert failed_logins_in_another_process("b", 5, redis_url=redis_url) == [401] * 5
        eleventh = APIClient().post("/api/lite/auth", {"login": "c", "password": "x"}, format="json")
        assert eleventh.status_code == 429, eleventh.content
    finally:
        cache.clear()
        if created_table:
            with connection.cursor() as cursor:
                cursor.execute("DROP TABLE django_cache")
