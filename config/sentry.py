"""Optional error reporting to Sentry (SENTRY_DSN); imported by the settings only when the DSN is set.

No personal data (`send_default_pii=False`: no cookies, user ids or client IPs), and the request data Sentry
attaches to an event is scrubbed, at any depth, of the keys our APIs carry secrets in on top of Sentry's own
list (password, token, authorization, ...): the IMSHOP `key` body field and the Yandex Eats OAuth fields.
"""

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.scrubber import DEFAULT_DENYLIST, EventScrubber

SECRET_KEYS = ["key", "client_secret", "access_token", "refresh_token"]


def init_sentry(dsn: str, *, traces_sample_rate: float = 0.0, environment: str | None = None):
    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        traces_sample_rate=traces_sample_rate,
        environment=environment,
        event_scrubber=EventScrubber(denylist=[*DEFAULT_DENYLIST, *SECRET_KEYS], recursive=True),
    )
