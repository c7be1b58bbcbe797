"""Write paths of the Yandex Eats integration: clients, access tokens, places."""

import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from catalog.models import Collection
from catalog.services.ids import validate_public_id
from inventory.models import Warehouse

from .errors import InvalidClient, ValidationFailed
from .models import YandexAccessToken, YandexClient, YandexPlace, hash_secret

GRANT_TYPE = "client_credentials"
# Expired tokens are kept this long (for the admin's eyes), then removed when the client asks for a new one.
EXPIRED_TOKEN_RETENTION = timedelta(days=1)


@dataclass(frozen=True)
class IssuedToken:
    access_token: str
    expires_in: int


def create_client(*, name: str, active: bool = True) -> tuple[YandexClient, str]:
    """Create a client; returns it with the raw secret, which is shown once and never stored."""
    name = (name or "").strip()
    if not name:
        raise ValidationFailed("Укажите название клиента")
    raw_secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        client = YandexClient.objects.create(
            name=name[:100], client_id=secrets.token_hex(16), secret_hash=hash_secret(raw_secret), active=active
        )
    return client, raw_secret


def issue_token(*, client_id: str, client_secret: str, grant_type: str) -> IssuedToken:
    """Check the client credentials (OAuth client_credentials grant) and issue a bearer token."""
    if grant_type != GRANT_TYPE:
        raise ValidationFailed(f"Неподдерживаемый grant_type «{grant_type}»: ожидается {GRANT_TYPE}")
    client = YandexClient.objects.filter(client_id=client_id, active=True).first()
    if client is None or not hmac.compare_digest(client.secret_hash, hash_secret(client_secret)):
        raise InvalidClient("Неверный client_id или client_secret")
    ttl = settings.YANDEX_EATS_TOKEN_TTL
    raw = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        YandexAccessToken.objects.filter(client=client, expires_at__lt=now - EXPIRED_TOKEN_RETENTION).delete()
        YandexAccessToken.objects.create(
            client=client, token_hash=hash_secret(raw), expires_at=now + timedelta(seconds=ttl)
        )
    return IssuedToken(access_token=raw, expires_in=ttl)


def save_place(
    *, place_id: str, warehouse_code: str, name: str = "", assortment: str | None = None
) -> tuple[YandexPlace, bool]:
    """Create or update the mapping of a Yandex place id to one of our warehouses and, optionally, to the
    collection that is its assortment (public id; None or "" for the whole catalog)."""
    validate_public_id(place_id, "заведения Яндекс Еды")
    warehouse = Warehouse.objects.filter(code=warehouse_code).first()
    if warehouse is None:
        raise ValidationFailed(f"Склад с кодом «{warehouse_code}» не найден")
    collection = None
    if assortment:
        collection = Collection.objects.filter(public_id=assortment).first()
        if collection is None:
            raise ValidationFailed(f"Коллекция с id «{assortment}» не найдена")
    fields = {"warehouse": warehouse, "name": name or "", "assortment": collection}
    with transaction.atomic():
        place, created = YandexPlace.objects.select_for_update().get_or_create(place_id=place_id, defaults=fields)
        if not created:
            for field, value in fields.items():
                setattr(place, field, value)
            place.save(update_fields=[*fields, "updated_at"])
    return place, created
