"""WSGI entry point of the benchmark server (gunicorn bench.wsgi:application).

Serves the project as config/wsgi.py does and, only when BENCH_VIEWS=1:
- /bench/trivial: a trivial Django view (bench/urls.py), the floor of the integration webhooks;
- /bench/raw/pub/products: the hand-written psycopg + orjson listing (bench/raw.py), outside Django,
  the practical limit of GET /api/lite/pub/products.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from django.core.wsgi import get_wsgi_application  # noqa: E402

django_application = get_wsgi_application()

from config.gc_tuning import tune_gc  # noqa: E402

tune_gc()  # as config/wsgi.py does

import threading  # noqa: E402

ENABLED = os.environ.get("BENCH_VIEWS") == "1"
# One connection per thread, as Django keeps one per thread: a single connection shared by the worker's
# threads serialises the baseline's queries behind its lock, which could understate its throughput.
_local = threading.local()

if ENABLED:
    from django.conf import settings

    settings.ROOT_URLCONF = "bench.urls"


def _cursor():
    import psycopg
    from psycopg.types.numeric import NumericLoader

    connection = getattr(_local, "connection", None)
    if connection is None or connection.closed:
        from django.conf import settings

        db = settings.DATABASES["default"]
        connection = _local.connection = psycopg.connect(
            dbname=db["NAME"],
            user=db.get("USER") or None,
            password=db.get("PASSWORD") or None,
            host=db.get("HOST") or None,
            port=db.get("PORT") or None,
            autocommit=True,
        )
        connection.adapters.register_loader("numeric", NumericLoader)
    return connection.cursor()


def application(environ, start_response):
    if ENABLED and environ.get("PATH_INFO") == "/bench/raw/pub/products":
        from django.conf import settings

        from bench import raw

        with _cursor() as cursor:
            body = raw.render(
                raw.public_page(cursor, raw.query_params(environ.get("QUERY_STRING", "")), settings.MEDIA_URL)
            )
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]
    return django_application(environ, start_response)
