from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class YandexEatsConfig(AppConfig):
    name = "integrations.yandex_eats"
    label = "yandex_eats"
    verbose_name = _("Yandex Eats")
