"""The client's address, the one rule for throttles and login lockouts.

The socket's address (REMOTE_ADDR) unless the server sits behind TRUSTED_PROXY_COUNT reverse proxies (an
environment variable, default 0). Each proxy appends the address it received the request from to
X-Forwarded-For, so with N trusted proxies the client is the N-th entry from the right; anything to the left
of it was written by the client and is never believed."""

from django.conf import settings


def client_ip(request) -> str:
    meta = request.META
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = meta.get("HTTP_X_FORWARDED_FOR", "") if proxies > 0 else ""
    entries = [entry.strip() for entry in forwarded.split(",") if entry.strip()]
    if entries:
        return entries[-min(proxies, len(entries))]
    return meta.get("REMOTE_ADDR") or ""
