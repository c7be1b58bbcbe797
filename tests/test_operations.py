import pytest


@pytest.mark.django_db(transaction=True)
def test_healthz_reports_the_database_and_cache(client, settings):
    settings.REDIS_URL = ""
    settings.HEALTHZ_CELERY = False

    response = client.get("/healthz?format=json")

    assert response.status_code == 200
    assert response.json() == {"Database(alias='default')": "OK", "Cache(alias='default')": "OK"}


@pytest.mark.django_db(transaction=True)
def test_healthz_fails_when_redis_is_unreachable(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    settings.HEALTHZ_CELERY = False

    response = client.get("/healthz?format=json")

    assert response.status_code == 500
    assert "Redis" in response.content.decode()


def test_cors_allows_only_configured_origins_on_the_public_api(client, settings, db):
    settings.CORS_ALLOWED_ORIGINS = ["https://shop.example.com"]

    allowed = client.options(
        "/api/lite/pub/products", HTTP_ORIGIN="https://shop.example.com", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    other = client.options(
        "/api/lite/pub/products", HTTP_ORIGIN="https://evil.example.com", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    private = client.options(
        "/api/lite/products", HTTP_ORIGIN="https://shop.example.com", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )

    assert allowed["Access-Control-Allow-Origin"] == "https://shop.example.com"
    assert "Access-Control-Allow-Origin" not in other
    assert "Access-Control-Allow-Origin" not in private
