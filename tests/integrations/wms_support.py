"""Fixtures shared by the WMS tests (tests/integrations/test_wms_*.py): a fake WMS on loopback."""

import pytest

from integrations.wms.fake_server import FakeWmsServer
from inventory.models import Warehouse
from tests.factories import WarehouseFactory

WMS_TEST_TOKEN = "test-wms-token"


@pytest.fixture
def fake_wms(settings):
    """A real fake WMS over HTTP on a free loopback port; settings point at it with short timeouts."""
    with FakeWmsServer(token=WMS_TEST_TOKEN) as server:
        server.state.delay = 1.0
        settings.WMS_BASE_URL = server.url
        settings.WMS_TOKEN = WMS_TEST_TOKEN
        settings.WMS_TIMEOUT = 0.4
        settings.WMS_RETRY_BACKOFF = 0.01
        settings.WMS_RETRY_BACKOFF_MAX = 0.05
        settings.WMS_MAX_RETRIES = 5
        yield server


@pytest.fixture
def ff_warehouse(db):
    return WarehouseFactory(
        code="2970c244-20f4-bab8-4c29-b04504281120", name="Темполайн", type=Warehouse.Type.FULFILLMENT
    )
