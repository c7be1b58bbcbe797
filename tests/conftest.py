import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connection
from rest_framework.test import APIClient

from config.api.models import ApiToken
from config.celery import app as celery_app

# A replica alias that mirrors the test database (tests/test_db_router.py); the router only uses it when a
# test puts it in settings.DATABASE_REPLICAS.
settings.DATABASES.setdefault("replica1", {**settings.DATABASES["default"], "TEST": {"MIRROR": "default"}})


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Real hashers are slow on purpose; tests only need passwords to round-trip."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _public_cache_off(settings):
    """Tests write with factories and inside a transaction that never commits, so the catalog version (bumped on
    commit by the services) would not move: the public cache is off unless a test turns it on
    (tests/test_public_cache.py runs the commit callbacks itself)."""
    settings.PUBLIC_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _isolated_cache_and_eager_celery(request):
    """Each test starts with an empty cache (throttles!) and, unless it asks for a real worker,
    runs Celery tasks in-process."""
    if not isinstance(caches["default"], DatabaseCache):  # the database cache table is rolled back with each test
        cache.clear()
    eager = "celery_worker" not in request.keywords
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = eager
    yield
    celery_app.conf.task_always_eager = previous


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL; CI runs it with DATABASE_URL set")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def is_postgres():
    return connection.vendor == "postgresql"


@pytest.fixture
def api_token(db):
    _, raw = ApiToken.issue(name="tests")
    return raw


@pytest.fixture
def api(api_token):
    """An API client authenticated with a long-lived token."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {api_token}")
    return client


@pytest.fixture
def anon():
    return APIClient()


@pytest.fixture
def broker_down(monkeypatch):
    """`broker_down(task)`: sending that Celery task fails as it does with Redis unreachable."""
    from kombu.exceptions import OperationalError

    def down(task):
        def refuse(*args, **kwargs):
            raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

        monkeypatch.setattr(task, "delay", refuse)

    return down


@pytest.fixture
def manager_client(client):
    """A logged-in superuser: the admin pages as a shop manager with every right sees them."""
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("manager", "m@shop.ru", "pass"))
    return client
