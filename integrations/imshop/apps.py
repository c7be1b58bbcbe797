from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImshopConfig(AppConfig):
    name = "integrations.imshop"
    label = "imshop"
    verbose_name = _("IMSHOP")

    def ready(self):
        from inventory.signals import reservation_confirmed

        from .promotions.services import record_use_of_confirmed_order

        reservation_confirmed.connect(record_use_of_confirmed_order, dispatch_uid="imshop-promo-code-use")
