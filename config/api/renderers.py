from rest_framework.renderers import BaseRenderer

from config.kernel.encoding import dumps


class CactusJSONRenderer(BaseRenderer):
    """orjson renderer; the envelope itself is built by views and the exception handler."""

    media_type = "application/json"
    format = "json"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        return dumps(data)
