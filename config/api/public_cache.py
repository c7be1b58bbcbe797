"""Cache of public GET answers, never stale: keyed by the normalized query and the catalog version.

`@cached_public_get` wraps a public view's `get`. A hit returns the rendered bytes stored for the same path,
query (parameters sorted, repeated values kept in order) and media type, if they were stored under the
current catalog version (config/kernel/catalog_version.py; the version and the entry are read in one round
trip); every committed write that changes public data bumps that version, so the next request misses and
reads the database. The timeout only bounds memory. Off when
PUBLIC_CACHE_SECONDS is 0: the default without REDIS_URL, since a per-process cache cannot see another
process's bump.
"""

import functools
import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

from config.kernel.catalog_version import current_version_and
from config.kernel.media import media_base


def cached_public_get(get):
    @functools.wraps(get)
    def wrapper(self, request, *args, **kwargs):
        seconds = settings.PUBLIC_CACHE_SECONDS
        if not seconds:
            return get(self, request, *args, **kwargs)
        key = _key(request)
        version, entry = current_version_and(key)
        if version is None:
            return get(self, request, *args, **kwargs)
        if entry is not None and entry[0] == version:
            _, content_type, content = entry
            return HttpResponse(content, content_type=content_type)
        response = get(self, request, *args, **kwargs)
        if response.status_code == 200:
            # Render now (dispatch's finalize_response is idempotent and an already rendered answer is kept).
            response = self.finalize_response(request, response, *args, **kwargs)
            response.render()
            # Stored with the version it was read under: a write committed meanwhile has bumped the version,
            # so the next request misses. One entry per query, the older version's replaced.
            cache.set(key, (version, response["Content-Type"], response.content), seconds)
        return response

    return wrapper


def _key(request) -> str:
    query = urlencode(sorted(request.query_params.lists()), doseq=True)
    media_type = getattr(request, "accepted_media_type", "")
    # Answers carry absolute image URLs built from the request's origin: one entry per origin.
    digest = hashlib.sha1(f"{media_base()}|{request.path}?{query}|{media_type}".encode()).hexdigest()
    return f"pub:{digest}"
