"""Admin login throttling: after ADMIN_LOGIN_MAX_FAILURES wrong passwords for one username from one IP
within ADMIN_LOGIN_LOCKOUT_SECONDS, further attempts for that pair are refused (without checking the
password) until the window has passed since the last failure. Counters live in the cache; a successful
login clears them. Set on the admin site in config/urls.py.
"""

import hashlib

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def _key(request, username: str) -> str:
    ip = (request.META.get("REMOTE_ADDR") or "") if request is not None else ""
    digest = hashlib.sha256(f"{ip}|{username.strip().lower()}".encode()).hexdigest()[:32]
    return f"admin-login-failures:{digest}"


class ThrottledAdminLoginForm(AdminAuthenticationForm):
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "throttled": _("Too many failed login attempts. Try again in %(minutes)d min."),
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        key = _key(self.request, username)
        limit = settings.ADMIN_LOGIN_MAX_FAILURES
        window = settings.ADMIN_LOGIN_LOCKOUT_SECONDS
        if (cache.get(key) or 0) >= limit:
            raise ValidationError(
                self.error_messages["throttled"], code="throttled", params={"minutes": max(1, window // 60)}
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            try:
                cache.incr(key)
            except ValueError:
                cache.add(key, 0, window)
                cache.incr(key)
            cache.touch(key, window)
            raise
        cache.delete(key)
        return cleaned
