from django.contrib import admin, messages
from django.utils.translation import gettext as _

from .models import YandexClient, YandexPlace
from .services import create_client


@admin.register(YandexClient)
class YandexClientAdmin(admin.ModelAdmin):
    list_display = ["name", "client_id", "active", "created_at"]
    list_filter = ["active"]
    search_fields = ["name", "client_id"]
    readonly_fields = ["client_id", "created_at"]
    fields = ["name", "active", "client_id", "created_at"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        client, secret = create_client(name=obj.name, active=obj.active)
        obj.pk = client.pk
        obj.client_id = client.client_id
        messages.warning(
            request,
            _(
                "Give Yandex Eats client_id=%(client_id)s and client_secret=%(secret)s. "
                "The secret is shown only now and is not stored."
            )
            % {"client_id": client.client_id, "secret": secret},
        )


@admin.register(YandexPlace)
class YandexPlaceAdmin(admin.ModelAdmin):
    list_display = ["place_id", "name", "warehouse", "assortment", "updated_at"]
    search_fields = ["place_id", "name", "warehouse__code", "warehouse__name"]
    list_select_related = ["warehouse", "assortment"]
    autocomplete_fields = ["assortment"]
