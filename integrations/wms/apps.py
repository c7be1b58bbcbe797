from django.apps import AppConfig


class WmsConfig(AppConfig):
    name = "integrations.wms"
    label = "wms"
    verbose_name = "WMS (фулфилмент)"
