from django.urls import path

from .places import YandexPlacesView

# Included under /api/lite/ by config/urls.py.
urlpatterns = [path("yandex_places", YandexPlacesView.as_view())]
