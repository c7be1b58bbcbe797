"""Swagger UI and ReDoc work on a machine without internet access: every asset is ours (drf-spectacular-sidecar)."""

import re

import pytest
from django.test import Client

ASSET = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']""")


@pytest.mark.parametrize("page", ["/api/docs/", "/api/redoc/"])
def test_docs_page_loads_nothing_from_outside_hosts(db, settings, page):
    # Static files are answered by WhiteNoise from the finders, as after collectstatic in production.
    settings.WHITENOISE_USE_FINDERS = True
    client = Client()
    response = client.get(page)
    assert response.status_code == 200
    html = response.content.decode()
    assert "://" not in html, "the page names an outside host"
    assets = ASSET.findall(html)
    assert any(a.endswith(".js") for a in assets)
    for asset in assets:
        assert asset.startswith("/static/"), asset
        assert client.get(asset).status_code == 200, asset
