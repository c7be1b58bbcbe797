from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from django.views.generic import RedirectView
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from config.api.error_formats import api_error_response, is_api_path
from config.api.views import LoginView
from config.health import HealthzView
from config.lockout import LockoutAwareAdminLoginForm

# Each app owns its own URL module under the common /api/lite prefix.
api_lite: list[URLPattern | URLResolver] = [
    path("auth", LoginView.as_view()),
    path("", include("catalog.api.urls")),
    path("", include("inventory.api.urls")),
    path("", include("reviews.api.urls")),
    path("", include("integrations.wms.api.urls")),
    path("", include("integrations.imshop.api.urls")),
    path("", include("integrations.yandex_eats.api.urls")),
]

# django-axes refuses a locked-out login; the form then says so (config/lockout.py).
admin.site.login_form = LockoutAwareAdminLoginForm
# "View site" opens the storefront when STOREFRONT_URL is set; without one there is no link to a page we lack.
admin.site.site_url = settings.STOREFRONT_URL or None

urlpatterns = [
    # The root of the back-office is its admin (the storefront is another site: STOREFRONT_URL).
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("admin/", admin.site.urls),
    # set_language: the admin header's Русский / English switch (remembered in a cookie).
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/lite/", include(api_lite)),
    path("webhooks/imshop/", include("integrations.imshop.api.webhook_urls")),
    path("yandex-eats/", include("integrations.yandex_eats.api.partner_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path(
        "api/redoc/",
        SpectacularRedocView.as_view(url_name="schema", template_name="drf_spectacular/redoc_offline.html"),
        name="redoc",
    ),
    path("healthz", HealthzView.as_view(), name="healthz"),
]


def serve_media(request, path):
    # Reads MEDIA_ROOT per request (not at import), so a changed setting is honoured.
    return serve(request, path, document_root=settings.MEDIA_ROOT)


if settings.DEBUG or settings.MEDIA_URL.startswith("/"):
    # Development (and single-machine) media serving; production puts media behind the web server or S3.
    urlpatterns.append(path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_media))


def handler404(request, exception=None):
    from django.views.defaults import page_not_found

    if is_api_path(request.path):
        return api_error_response(request.path, 404)
    return page_not_found(request, exception)


def handler500(request):
    from django.views.defaults import server_error

    if is_api_path(request.path):
        return api_error_response(request.path, 500)
    return server_error(request)
