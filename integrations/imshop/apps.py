from django.apps import AppConfig


class ImshopConfig(AppConfig):
    name = "integrations.imshop"
    label = "imshop"
    verbose_name = "IMSHOP"
