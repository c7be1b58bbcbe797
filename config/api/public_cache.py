"""Cache of public GET answers, never stale: keyed by the normalized query and the catalog version.

`@cached_public_get` wraps a public view's `get`. A hit returns the rendered bytes stored for the same path,
query (parameters sorted, repeated values kept in order) and media type under the current catalog version
(config/kernel/catalog_version.py); every committed write that changes public data bumps that version, so
the next request misses and reads the database. The timeout only bounds memory. Off when
PUBLIC_CACHE_SECONDS is 0: the default without REDIS_URL, since a per-process cache cannot see another
process's bump.
"""

import functools
import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

from config.kernel.catalog_version import current_version
from config.kernel.media import media_base


def cached_public_get(get):
    @functools.wraps(get)
    def wrapper(self, request, *args, **kwargs):
        seconds = settings.PUBLIC_CACHE_SECONDS
        version = current_version() if seconds else None
        if version is None:
            return get(self, request, *args, **kwargs)
        key = _key(version, request)
        hit = cache.get(key)
        if hit is not None:
            content_type, content = hit
            return HttpResponse(content, content_type=content_type)
        response = get(self, request, *args, **kwargs)
        if response.status_code == 200:
            # Render now (dispatch's finalize_response is idempotent and an already rendered answer is kept).
            response = self.finalize_response(request, response, *args, **kwargs)
            response.render()
            cache.set(key, (response["Content-Type"], response.content), seconds)
        return response

    return wrapper


def _key(version, request) -> str:
    query = urlencode(sorted(request.query_params.lists()), doseq=True)
    media_type = getattr(request, "accepted_media_type", "")
    # Answers carry absolute image URLs built from the request's origin: one entry per origin.
    digest = hashlib.sha1(f"{media_base()}|{request.path}?{query}|{media_type}".encode()).hexdigest()
    return f"pub:{version}:{digest}"
