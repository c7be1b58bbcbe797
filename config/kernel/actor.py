"""Who changes data, through what door: recorded in the product history and in the stock ledger."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeSource(models.TextChoices):
    USER = "USER", _("User (admin)")
    API = "API", _("API")
    XLS = "XLS", _("XLS import")
    TASK = "TASK", _("Background task")
    WMS = "WMS", _("WMS")
    SYSTEM = "SYSTEM", _("System")


@dataclass(frozen=True)
class Actor:
    """Who changes the catalog, through what: recorded in history and in the stock ledger."""

    source: str = ChangeSource.API
    login: str = ""
    action: str = ""  # eventParameters.from, e.g. "POST /products" or "admin: change product"
    # Why, in the person's own words (a manager's stock correction on the product page): the stock ledger's
    # reason when given, else the action.
    reason: str = ""

    @property
    def stock_reason(self) -> str:
        return self.reason or self.action

    @classmethod
    def from_request(cls, request, *, source: str | None = None, action: str | None = None) -> "Actor":
        """The caller of an API request. Without an explicit `source`: a person (a `/api/lite/auth` login token
        or a staff session) is `USER`, as in the spec's history example; a long-lived API token (whose caller
        says so with `is_api_client`) and anyone else is `API`."""
        user = getattr(request, "user", None)
        login = ""
        person = False
        if user is not None and user.is_authenticated:
            login = user.get_username()
            person = not getattr(user, "is_api_client", False)
        if source is None:
            source = ChangeSource.USER if person else ChangeSource.API
        if action is None:
            action = f"{request.method} {request.path.removeprefix('/api/lite')}"
        return cls(source=source, login=login, action=action)
