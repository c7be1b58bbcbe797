from django.urls import path, re_path

from . import views
from .api_errors import not_found_view

# Yandex calls these paths (a trailing slash is tolerated); anything else answers 404 in Yandex's format.
urlpatterns = [
    re_path(r"^security/oauth/token/?$", views.TokenView.as_view()),
    re_path(r"^nomenclature/composition/?$", views.CatalogCompositionView.as_view()),
    re_path(r"^nomenclature/(?P<place_id>[^/]+)/availability/?$", views.AvailabilityView.as_view()),
    re_path(r"^nomenclature/(?P<place_id>[^/]+)/composition/?$", views.CompositionView.as_view()),
    re_path(r"^nomenclature/(?P<place_id>[^/]+)/prices/?$", views.PricesView.as_view()),
    path("", not_found_view),
    path("<path:rest>", not_found_view),
]
