from django.urls import Resolver404, path, re_path, resolve
from django.views.decorators.csrf import csrf_exempt

from . import views
from .errors import not_found_view


@csrf_exempt  # as the views it dispatches to: Yandex authenticates with credentials/tokens, not cookies
def without_trailing_slash(request, rest):
    """Tolerates a trailing slash by serving the same path without it (kept out of the API schema,
    which lists the paths exactly as Yandex documents them)."""
    try:
        match = resolve(f"/yandex-eats/{rest}")
    except Resolver404:
        return not_found_view(request)
    return match.func(request, *match.args, **match.kwargs)


# The paths Yandex calls, exactly as it documents them; anything else answers 404 in Yandex's format.
urlpatterns = [
    path("security/oauth/token", views.TokenView.as_view()),
    path("nomenclature/composition", views.CatalogCompositionView.as_view()),
    path("nomenclature/<str:place_id>/availability", views.AvailabilityView.as_view()),
    path("nomenclature/<str:place_id>/composition", views.CompositionView.as_view()),
    path("nomenclature/<str:place_id>/prices", views.PricesView.as_view()),
    re_path(r"^(?P<rest>.+[^/])/$", without_trailing_slash),
    path("", not_found_view),
    path("<path:rest>", not_found_view),
]
