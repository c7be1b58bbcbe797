import pytest

from integrations.wms.client import WmsClient, WmsPermanentError, WmsTransientError
from integrations.wms.fake_server import FakeWmsServer

from .wms_support import WMS_TEST_TOKEN


@pytest.fixture
def server():
    with FakeWmsServer(token=WMS_TEST_TOKEN) as server:
        server.state.delay = 0.5
        yield server


def client_for(server, token=WMS_TEST_TOKEN, calls=None):
    return WmsClient(server.url, token, timeout=0.2, on_call=calls.append if calls is not None else None)


ITEM = {"sku": "V1", "name": "Футболка", "barcodes": ["4600000000017"]}


def test_client_pushes_items_and_reads_them_back_as_stock():
    with FakeWmsServer(token=WMS_TEST_TOKEN) as server, client_for(server) as client:
        results = client.push_items([ITEM], idempotency_key="k1")
        server.state.control({"stock": {"V1": 7}})
        assert results == [{"sku": "V1", "status": "ok"}]
        assert client.get_stock() == {"V1": 7}
        assert server.state.items["V1"]["barcodes"] == ["4600000000017"]


@pytest.mark.parametrize("fault", ["slow", "error500", "drop"])
def test_client_reports_timeouts_5xx_and_dropped_connections_as_transient(server, fault):
    server.state.control({"faults": [fault]})
    calls = []
    with client_for(server, calls=calls) as client, pytest.raises(WmsTransientError):
        client.push_items([ITEM], idempotency_key="k1")
    assert calls[0].ok is False and calls[0].operation == "push_items"


def test_client_reports_malformed_json_as_transient(server):
    server.state.control({"faults": ["malformed"]})
    with client_for(server) as client, pytest.raises(WmsTransientError, match="не JSON"):
        client.push_items([ITEM], idempotency_key="k1")


def test_client_reports_a_refused_token_as_permanent(server):
    calls = []
    with client_for(server, token="wrong", calls=calls) as client, pytest.raises(WmsPermanentError, match="401"):
        client.get_categories()
    assert calls[0].status == 401


def test_repeating_a_write_with_the_same_idempotency_key_applies_it_once(server):
    with client_for(server) as client:
        client.push_items([ITEM], idempotency_key="same")
        client.push_items([ITEM], idempotency_key="same")
    assert server.state.stats["item_writes"] == {"V1": 1}
    assert server.state.stats["replayed"] == 1


def test_client_refuses_to_start_without_a_base_url():
    with pytest.raises(WmsPermanentError):
        WmsClient("", "token")


def test_fake_wms_keeps_its_state_and_idempotency_memory_in_the_state_file(tmp_path):
    state_file = tmp_path / "wms.json"
    with FakeWmsServer(token=WMS_TEST_TOKEN, state_file=str(state_file)) as server, client_for(server) as client:
        client.push_items([ITEM], idempotency_key="k1")

    with FakeWmsServer(token=WMS_TEST_TOKEN, state_file=str(state_file)) as server, client_for(server) as client:
        assert client.push_items([ITEM], idempotency_key="k1") == [{"sku": "V1", "status": "ok"}]
        assert server.state.stats["replayed"] == 1
        assert server.state.items["V1"]["barcodes"] == ["4600000000017"]


def test_run_fake_wms_command_serves_the_protocol_with_the_given_switches():
    import os
    import socket
    import subprocess
    import sys
    import time

    import httpx
    from django.conf import settings

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "manage.py", "run_fake_wms", "--port", str(port), "--token", "t", "--mode", "error500"],
        cwd=settings.BASE_DIR,
        env=dict(os.environ, SECRET_KEY="fake-wms-test"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while True:
            try:
                control = httpx.get(f"{url}/_control", timeout=1).json()
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "run_fake_wms did not start"
                time.sleep(0.1)
        assert control["mode"] == "error500"
        with WmsClient(url, "t", timeout=1) as client, pytest.raises(WmsTransientError, match="HTTP 500"):
            client.get_stock()
    finally:
        process.terminate()
        process.wait(10)
