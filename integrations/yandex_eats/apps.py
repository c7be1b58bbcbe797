from django.apps import AppConfig


class YandexEatsConfig(AppConfig):
    name = "integrations.yandex_eats"
    label = "yandex_eats"
    verbose_name = "Яндекс Еда"
