"""Yandex Eats partner API: who may call us (clients and their access tokens) and which places we serve."""

import hashlib

from django.db import models
from django.utils.translation import gettext_lazy as _


def hash_secret(raw: str) -> str:
    """SHA-256 of a generated high-entropy secret or token (fast enough for Yandex's 3-second timeout)."""
    return hashlib.sha256(raw.encode()).hexdigest()


class YandexClient(models.Model):
    """OAuth client credentials handed to Yandex; only the secret's hash is stored."""

    name = models.CharField(_("name"), max_length=100)
    client_id = models.CharField(_("client ID"), max_length=64, unique=True, editable=False)
    secret_hash = models.CharField(_("secret hash"), max_length=64, editable=False)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("Yandex Eats client")
        verbose_name_plural = _("Yandex Eats clients")
        ordering = ["id"]

    def __str__(self):
        return f"{self.name} [{self.client_id}]"


class YandexAccessToken(models.Model):
    """A bearer token issued by POST /yandex-eats/security/oauth/token; only its hash is stored."""

    client = models.ForeignKey(YandexClient, verbose_name=_("client"), on_delete=models.CASCADE, related_name="tokens")
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("Yandex Eats access token")
        verbose_name_plural = _("Yandex Eats access tokens")
        ordering = ["-id"]

    def __str__(self):
        return f"{self.client_id} until {self.expires_at:%Y-%m-%d %H:%M:%S}"


class YandexPlace(models.Model):
    """A Yandex Eats place (placeId in the partner API) served from one of our warehouses."""

    place_id = models.CharField(_("place ID (placeId)"), max_length=64, unique=True)
    warehouse = models.ForeignKey(
        "inventory.Warehouse", verbose_name=_("warehouse"), on_delete=models.PROTECT, related_name="yandex_places"
    )
    name = models.CharField(_("name"), max_length=255, blank=True, default="")
    # A Yandex store sells a few thousand items, not a whole 300,000-SKU catalog: the assortment limits
    # every feed of the place (availability, prices, composition) to one collection and its sub-collections.
    assortment = models.ForeignKey(
        "catalog.Collection",
        verbose_name=_("assortment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="yandex_places",
        help_text=_("Only products of this collection and its sub-collections are offered; empty: the whole catalog."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("Yandex Eats place")
        verbose_name_plural = _("Yandex Eats places")
        ordering = ["id"]

    def __str__(self):
        return f"{self.place_id} → {self.warehouse_id}"
