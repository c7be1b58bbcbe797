"""The public API (/api/lite/pub/...) is read-only, except review submission; webhooks need their keys."""

import pytest

PUBLIC_READ_ONLY = [
    "/api/lite/pub/products",
    "/api/lite/pub/products/brands",
    "/api/lite/pub/products/features/appearance",
    "/api/lite/pub/products/filters",
]


@pytest.mark.parametrize("path", PUBLIC_READ_ONLY)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_public_listing_refuses_writes_in_the_envelope(anon, db, path, method):
    response = getattr(anon, method)(path, {}, format="json")
    assert response.status_code == 405, (method, path, response.status_code)
    body = response.json()
    assert body["success"] is False and body["errors"][0]["message"]


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_public_reviews_take_only_get_and_post(anon, db, method):
    response = getattr(anon, method)("/api/lite/pub/products/reviews", {}, format="json")
    assert response.status_code == 405
    assert response.json()["success"] is False


@pytest.mark.parametrize(
    "path", ["/webhooks/imshop/availability", "/webhooks/imshop/pickup-point", "/webhooks/imshop/cart"]
)
def test_webhooks_refuse_a_caller_without_the_key(anon, db, settings, path):
    settings.IMSHOP_API_KEY = "the-key"
    response = anon.post(path, {"key": "wrong"}, format="json")
    assert response.status_code == 401
    assert response.json()["success"] is False


def test_private_api_refuses_a_caller_without_a_token(anon, db):
    response = anon.get("/api/lite/products")
    assert response.status_code == 401
    assert response.json()["success"] is False
