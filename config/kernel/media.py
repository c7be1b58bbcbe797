"""Absolute URLs of stored files (images): the one place that decides them.

The storage answers a relative URL (`/media/images/..`) on the file system and an absolute one on S3 with a
custom domain. Answers carry absolute URLs, as the spec's examples do: an absolute storage URL is kept; a
relative one is joined to MEDIA_BASE_URL when set, else to the scheme and host of the request being served
(set per request by config.media_base.MediaBaseMiddleware, which reads them the way Django does behind a
proxy: SECURE_PROXY_SSL_HEADER, USE_X_FORWARDED_HOST). Outside a request (Celery, management commands)
without MEDIA_BASE_URL the URL stays relative.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from typing import overload
from urllib.parse import urlsplit

from django.conf import settings

_request_base: ContextVar[str] = ContextVar("media_request_base", default="")


def media_base() -> str:
    """The base relative media URLs are joined to: MEDIA_BASE_URL, else the current request's origin."""
    return (getattr(settings, "MEDIA_BASE_URL", "") or _request_base.get()).rstrip("/")


@overload
def absolute_media_url(url: str, *, base: str | None = None) -> str: ...
@overload
def absolute_media_url(url: None, *, base: str | None = None) -> None: ...
def absolute_media_url(url: str | None, *, base: str | None = None) -> str | None:
    """`url` as an absolute URL (see the module's docstring); empty and absolute URLs are returned as given.
    `base`: the origin to use instead of media_base(), for answers streamed after the request's middleware
    returned (take media_base() in the view)."""
    if not url or urlsplit(url).scheme:
        return url
    base = (media_base() if base is None else base).rstrip("/")
    if not base:
        return url
    return f"{base}/{url.lstrip('/')}"


@contextmanager
def request_media_base(origin: str):
    """Within the block relative media URLs are joined to `origin` (`https://shop.example`)."""
    token = _request_base.set(origin)
    try:
        yield
    finally:
        _request_base.reset(token)
