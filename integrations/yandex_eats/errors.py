"""Domain errors of the Yandex Eats integration (the API layer maps them to Yandex's error formats)."""

from config.kernel.errors import DomainError, NotFound, ValidationFailed


class InvalidClient(DomainError):
    """Unknown, inactive client or a wrong secret at the token endpoint."""


class InvalidToken(DomainError):
    """A missing, unknown or expired bearer token."""


__all__ = ["DomainError", "InvalidClient", "InvalidToken", "NotFound", "ValidationFailed"]
