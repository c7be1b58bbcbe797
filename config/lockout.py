"""Login lockouts through django-axes (admin and `/api/lite/auth`): after ADMIN_LOGIN_MAX_FAILURES wrong
passwords for one username from one client address (config/kernel/client_ip.py), that pair is refused for
ADMIN_LOGIN_LOCKOUT_SECONDS. Axes keeps the attempts in the database, so every process counts together, and
staff see and clear lockouts in the admin ("Axes" > "Access attempts")."""

from datetime import timedelta

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from config.api.errors import json_error_response


def failure_limit(request=None, credentials=None) -> int:  # settings.AXES_FAILURE_LIMIT
    return settings.ADMIN_LOGIN_MAX_FAILURES


def cool_off(request=None) -> timedelta:  # settings.AXES_COOLOFF_TIME
    return timedelta(seconds=settings.ADMIN_LOGIN_LOCKOUT_SECONDS)


def _minutes() -> int:
    return max(1, settings.ADMIN_LOGIN_LOCKOUT_SECONDS // 60)


class LockoutAwareAdminLoginForm(AdminAuthenticationForm):
    """The admin login form says "too many attempts" instead of "wrong password" when axes refused it."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "throttled": _("Too many failed login attempts. Try again in %(minutes)d min."),
    }

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            if getattr(self.request, "axes_locked_out", False):
                raise ValidationError(
                    self.error_messages["throttled"], code="throttled", params={"minutes": _minutes()}
                ) from None
            raise


def lockout_response(request, original_response=None, credentials=None) -> HttpResponse:
    """settings.AXES_LOCKOUT_CALLABLE: the API gets a 429 in the Cactus envelope; the admin its login page,
    whose form already says why."""
    if request.path.startswith("/api/"):
        return json_error_response(f"Слишком много неудачных попыток входа, попробуйте через {_minutes()} мин.", 429)
    if original_response is not None:
        return original_response
    return HttpResponse(status=429)
