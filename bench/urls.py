"""URLs of the benchmark server: the project's own URLs plus, only when BENCH_VIEWS=1, a trivial Django view.

Used only by bench/wsgi.py (it sets ROOT_URLCONF to this module); production never imports it.
"""

import os

from django.http import HttpResponse
from django.urls import path

from config.urls import handler404, handler500  # noqa: F401
from config.urls import urlpatterns as project_urlpatterns


def trivial(request):
    """The floor of any Django view on this server: routing and middleware, no database."""
    return HttpResponse(b'{"success":true}', content_type="application/json")


urlpatterns = list(project_urlpatterns)
if os.environ.get("BENCH_VIEWS") == "1":
    urlpatterns.insert(0, path("bench/trivial", trivial))
