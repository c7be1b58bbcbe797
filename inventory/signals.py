"""Signals of the inventory domain, so that other apps react to it without inventory importing them."""

from django.dispatch import Signal

# Sent inside the confirming transaction, once per reservation (not on an idempotent retry), with
# `reservation`. A receiver that raises rolls the confirmation back.
reservation_confirmed = Signal()
