"""Yandex Eats adapters: the partner API (/yandex-eats/) and the private API for places."""
