import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiTokenRole(models.TextChoices):
    """What a token may do. A role other than FULL holds the permissions of the admin group of that name."""

    FULL = "full", _("Full API access")
    MANAGERS = "Managers", _("Managers")
    INTEGRATORS = "Integrators", _("Integrators")
    MODERATORS = "Moderators", _("Moderators")
    USER = "", _("The user's own permissions")


class ApiToken(models.Model):
    """A long-lived token for the private API. Only its SHA-256 hash is stored.

    It acts with its role's permissions, or, with no role, with its user's (the user is also the login
    recorded in product history)."""

    PREFIX = "ct_"

    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    key_prefix = models.CharField(
        _("key prefix"), max_length=12, editable=False, help_text=_("First characters, to recognise it")
    )
    user = models.ForeignKey(
        "auth.User",
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("Login shown in product history"),
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=ApiTokenRole.choices,
        default=ApiTokenRole.FULL,
        blank=True,
        help_text=_("What the token may do; with no role, what its user may do"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.key_prefix}…)"

    @classmethod
    def issue(cls, *, name: str, user=None, role: str | None = None) -> tuple["ApiToken", str]:
        """Create a token and return it with the raw key, which is shown once and never stored.

        Without a role, a token of a user acts as that user and a token of nobody has full API access."""
        if role is None:
            role = ApiTokenRole.USER if user is not None else ApiTokenRole.FULL
        if role == ApiTokenRole.USER and user is None:
            raise ValueError("a token without a role needs a user")
        raw = cls.PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(name=name, key_hash=hash_token(raw), key_prefix=raw[:10], user=user, role=role)
        return token, raw

    def clean(self):
        if self.role == ApiTokenRole.USER and self.user_id is None:
            raise ValidationError({"role": _("A token without a role must belong to a user.")})

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def revoke(self):
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])
