"""A fake WMS speaking docs/wms-protocol.md over real HTTP, for development and tests.

State lives in memory (optionally mirrored to a JSON file). Faults are switched on through the control
endpoint `/_control` (or the `run_fake_wms` flags): a sticky `mode` and/or a queue of one-shot `faults`,
each one of "slow", "error500", "drop", "malformed". Stdlib only; no Django, no ORM.
"""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

FAULTS = ("slow", "error500", "drop", "malformed")
MEASURES = ("weight", "height", "width", "depth")


class FakeWmsState:
    def __init__(self, token: str = "", state_file: str | None = None):
        self.token = token
        self.state_file = Path(state_file) if state_file else None
        self.lock = threading.RLock()
        self.mode = "ok"
        self.faults: list[str] = []
        self.delay = 2.0
        self.reset()
        if self.state_file and self.state_file.exists():
            self._load()

    def reset(self):
        with self.lock:
            self.items: dict[str, dict] = {}
            self.stock: dict[str, float] = {}
            self.measured: dict[str, dict] = {}  # sku -> {"weight", "height", "width", "depth"}
            self.categories: list[dict] = []
            self.responses: dict[str, list] = {}
            self.stats = {"requests": 0, "writes_applied": 0, "replayed": 0, "item_writes": {}}

    def snapshot(self) -> dict:
        with self.lock:
            return {
                "items": self.items,
                "stock": self.stock,
                "measured": self.measured,
                "categories": self.categories,
                "stats": self.stats,
                "mode": self.mode,
                "faults": self.faults,
                "delay": self.delay,
            }

    def next_fault(self) -> str | None:
        with self.lock:
            if self.faults:
                return self.faults.pop(0)
            return None if self.mode == "ok" else self.mode

    def control(self, data: dict):
        with self.lock:
            if data.get("reset"):
                self.reset()
                self.mode, self.faults = "ok", []
            if "mode" in data:
                if data["mode"] not in ("ok", *FAULTS):
                    raise ValueError(f"unknown mode {data['mode']!r}")
                self.mode = data["mode"]
            if "faults" in data:
                if any(f not in FAULTS for f in data["faults"]):
                    raise ValueError("unknown fault")
                self.faults = list(data["faults"])
            if "delay" in data:
                self.delay = float(data["delay"])
            if "stock" in data:
                self.stock.update({str(k): v for k, v in data["stock"].items()})
            if "measured" in data:
                # The warehouse measured these items on receipt: {"sku": {"weight": 510, "height": 10, ...}}.
                for sku, measured in data["measured"].items():
                    self.measured[str(sku)] = {k: measured[k] for k in MEASURES if k in measured}
            if "categories" in data:
                self.categories = [{"code": c["code"], "title": c["title"]} for c in data["categories"]]
            self._save()

    # Protocol operations (called under the lock) ---------------------------------------------------

    def push_items(self, body) -> tuple[int, dict]:
        items = body.get("items") if isinstance(body, dict) else None
        if not isinstance(items, list) or not all(isinstance(i, dict) and isinstance(i.get("sku"), str) for i in items):
            return 400, {"error": "items must be a list of objects with a string sku"}
        results = []
        owners = {b: sku for sku, item in self.items.items() for b in item.get("barcodes", [])}
        for item in items:
            sku = item["sku"]
            barcodes = item.get("barcodes") or []
            taken = [b for b in barcodes if owners.get(b, sku) != sku]
            if not item.get("name"):
                results.append({"sku": sku, "status": "error", "error": "name is required"})
            elif taken:
                results.append(
                    {"sku": sku, "status": "error", "error": f"barcode {taken[0]} belongs to sku {owners[taken[0]]}"}
                )
            else:
                self.items[sku] = dict(item, barcodes=list(barcodes))
                for b in barcodes:
                    owners[b] = sku
                self.stock.setdefault(sku, 0)
                writes = self.stats["item_writes"]
                writes[sku] = writes.get(sku, 0) + 1
                results.append({"sku": sku, "status": "ok"})
        return 200, {"results": results}

    def delete_barcodes(self, body) -> tuple[int, dict]:
        if not isinstance(body, dict):
            return 400, {"error": "body must be an object"}
        barcodes, skus = set(body.get("barcodes") or []), set(body.get("skus") or [])
        deleted = 0
        for sku, item in self.items.items():
            keep = [b for b in item["barcodes"] if b not in barcodes and sku not in skus]
            deleted += len(item["barcodes"]) - len(keep)
            item["barcodes"] = keep
        return 200, {"deleted": deleted}

    def get_stock(self, skus: list[str]) -> dict:
        wanted = skus or list(self.stock)
        items = []
        for sku in wanted:
            if sku in self.stock:
                item = {"sku": sku, "quantity": self.stock[sku]}
                if sku in self.measured:
                    item["measured"] = self.measured[sku]
                items.append(item)
        return {"items": items}

    def _save(self):
        if self.state_file:
            data = {
                "items": self.items,
                "stock": self.stock,
                "measured": self.measured,
                "categories": self.categories,
                "responses": self.responses,
            }
            self.state_file.write_text(json.dumps(data, ensure_ascii=False))

    def _load(self):
        data = json.loads(self.state_file.read_text())
        self.items, self.stock = data.get("items", {}), data.get("stock", {})
        self.measured = data.get("measured", {})
        self.categories, self.responses = data.get("categories", []), data.get("responses", {})


class Handler(BaseHTTPRequestHandler):
    server_version = "FakeWMS/1.0"
    protocol_version = "HTTP/1.1"

    @property
    def state(self) -> FakeWmsState:
        return self.server.state

    def log_message(self, format, *args):  # noqa: A002 - keep tests and the console quiet
        if getattr(self.server, "verbose", False):
            super().log_message(format, *args)

    def do_GET(self):
        self._handle("GET")

    def do_POST(self):
        self._handle("POST")

    def do_PUT(self):
        self._handle("PUT")

    def _send(self, status: int, payload, raw: bytes | None = None):
        data = raw if raw is not None else json.dumps(payload, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        return json.loads(raw) if raw else {}

    def _handle(self, method: str):
        url = urlparse(self.path)
        try:
            body = self._body() if method in ("POST", "PUT") else None
        except ValueError:
            return self._send(400, {"error": "malformed JSON body"})
        if url.path == "/_control":
            if method == "POST":
                try:
                    self.state.control(body or {})
                except (ValueError, KeyError, TypeError) as exc:
                    return self._send(400, {"error": str(exc)})
            return self._send(200, self.state.snapshot())
        if not url.path.startswith("/v1/"):
            return self._send(404, {"error": "not found"})
        if self.state.token and self.headers.get("Authorization") != f"Bearer {self.state.token}":
            return self._send(401, {"error": "bad token"})
        with self.state.lock:
            self.state.stats["requests"] += 1
        fault = self.state.next_fault()
        if fault == "drop":
            self.close_connection = True
            self.connection.shutdown(2)  # socket.SHUT_RDWR: the client sees the connection die
            return None
        if fault == "error500":
            return self._send(500, {"error": "internal error (fake)"})
        route = (method, url.path)
        key = self.headers.get("Idempotency-Key", "")
        if method in ("POST", "PUT") and not key:
            return self._send(400, {"error": "Idempotency-Key header is required"})
        with self.state.lock:
            if key and key in self.state.responses:
                self.state.stats["replayed"] += 1
                status, payload = self.state.responses[key]
            elif route == ("PUT", "/v1/items"):
                status, payload = self.state.push_items(body)
            elif route == ("POST", "/v1/barcodes/delete"):
                status, payload = self.state.delete_barcodes(body)
            elif route == ("GET", "/v1/stock"):
                status, payload = 200, self.state.get_stock(parse_qs(url.query).get("sku", []))
            elif route == ("GET", "/v1/categories"):
                status, payload = 200, {"categories": self.state.categories}
            else:
                status, payload = 404, {"error": "not found"}
            if key and key not in self.state.responses and status < 500:
                self.state.responses[key] = [status, payload]
                if status == 200:
                    self.state.stats["writes_applied"] += 1
                self.state._save()
        if fault == "slow":
            # The write is applied and remembered first: a client that gave up will get the same answer
            # when it repeats the request with the same Idempotency-Key.
            time.sleep(self.state.delay)
        if fault == "malformed":
            return self._send(200, None, raw=b'{"results": [oops')
        return self._send(status, payload)


class FakeWmsServer:
    """Runs the fake WMS in a background thread: `with FakeWmsServer() as wms: wms.url ...`."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, token: str = "", state_file: str | None = None):
        self.httpd = ThreadingHTTPServer((host, port), Handler)
        self.httpd.daemon_threads = True
        self.httpd.state = FakeWmsState(token=token, state_file=state_file)
        self.thread = None

    @property
    def state(self) -> FakeWmsState:
        return self.httpd.state

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "FakeWmsServer":
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
