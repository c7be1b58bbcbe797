from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImshopConfig(AppConfig):
    name = "integrations.imshop"
    label = "imshop"
    verbose_name = _("IMSHOP")
