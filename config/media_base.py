"""Sets the origin that relative media URLs are joined to for the request being served (config.kernel.media)."""

from django.core.exceptions import DisallowedHost

from config.kernel.media import request_media_base


class MediaBaseMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            # request.scheme honours SECURE_PROXY_SSL_HEADER, get_host() USE_X_FORWARDED_HOST and ALLOWED_HOSTS.
            origin = f"{request.scheme}://{request.get_host()}"
        except DisallowedHost:
            return self.get_response(request)  # CommonMiddleware answers the bad host
        with request_media_base(origin):
            return self.get_response(request)
