"""The one client of the WMS protocol (docs/wms-protocol.md): httpx, explicit timeouts, no ORM.

Errors are typed so that callers (Celery tasks) can retry only what may succeed later:
`WmsTransientError` (timeout, connection trouble, HTTP 5xx) and `WmsPermanentError` (HTTP 4xx, an answer
that is not the JSON the protocol promises).
"""

import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

API_PREFIX = "/v1"


class WmsError(Exception):
    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.message = message
        self.status = status


class WmsTransientError(WmsError):
    """May succeed if tried again later: timeout, connection refused or dropped, HTTP 5xx."""


class WmsPermanentError(WmsError):
    """Will not succeed by repeating the same request: HTTP 4xx or JSON of the wrong structure."""


MEASURES = ("weight", "height", "width", "depth")
MAX_MEASURE = 10**9  # Variant's *_fact columns hold 9 whole digits


@dataclass(frozen=True)
class StockItem:
    quantity: int | float
    # The WMS's measurements ({"weight": g, "height"/"width"/"depth": cm}, each a number or None), or None
    # when the answer carried no `measured` object (the item was not measured: keep what we have).
    measured: dict | None = None


def _is_number(value, limit: float | None = None) -> bool:
    ok = not isinstance(value, bool) and isinstance(value, int | float) and value >= 0 and value == value
    return ok and (limit is None or value < limit)


def _measured(item: dict) -> dict | None:
    measured = item.get("measured")
    if measured is None:
        return None
    if not isinstance(measured, dict):
        raise WmsPermanentError(f"WMS ответил неверные замеры для {item['sku']}")
    out = {}
    for key in MEASURES:
        if key in measured:
            value = measured[key]
            if value is not None and not _is_number(value, MAX_MEASURE):
                raise WmsPermanentError(f"WMS ответил неверный замер {key} для {item['sku']}")
            out[key] = value
    return out


@dataclass(frozen=True)
class CallRecord:
    operation: str
    method: str
    path: str
    status: int | None
    ok: bool
    error: str
    duration_ms: int
    idempotency_key: str


class WmsClient:
    def __init__(
        self,
        base_url: str,
        token: str,
        timeout: float = 10.0,
        on_call: Callable[[CallRecord], None] | None = None,
        transport: httpx.BaseTransport | None = None,
    ):
        if not base_url:
            raise WmsPermanentError("WMS_BASE_URL не задан")
        self.base_url = base_url.rstrip("/")
        self.on_call = on_call
        self._http = httpx.Client(
            base_url=self.base_url,
            headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            transport=transport,
        )

    def close(self):
        self._http.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # Operations -------------------------------------------------------------------------------------

    def push_items(self, items: list[dict], *, idempotency_key: str) -> list[dict]:
        """Create or update items with their barcodes. Answers one result per item:
        {"sku", "status": "ok"|"error", "error"?}."""
        body = self._request("push_items", "PUT", "/items", json={"items": items}, idempotency_key=idempotency_key)
        results = body.get("results")
        if not isinstance(results, list) or not all(isinstance(r, dict) and "sku" in r for r in results):
            raise WmsPermanentError("WMS ответил без списка results")
        return results

    def delete_barcodes(self, *, barcodes: list[str] = (), skus: list[str] = (), idempotency_key: str) -> int:
        body = self._request(
            "delete_barcodes",
            "POST",
            "/barcodes/delete",
            json={"barcodes": list(barcodes), "skus": list(skus)},
            idempotency_key=idempotency_key,
        )
        deleted = body.get("deleted")
        if not isinstance(deleted, int):
            raise WmsPermanentError("WMS ответил без числа deleted")
        return deleted

    def get_stock(self, skus: list[str] | None = None) -> dict[str, int | float]:
        """Quantity on hand per sku (the WMS's physical stock, our reservations included)."""
        return {sku: item.quantity for sku, item in self.get_stock_items(skus).items()}

    def get_stock_items(self, skus: list[str] | None = None) -> dict[str, "StockItem"]:
        """Quantity on hand per sku, with the warehouse's own measurements of the item when it has them."""
        params = [("sku", s) for s in skus] if skus else None
        body = self._request("get_stock", "GET", "/stock", params=params)
        items = body.get("items")
        if not isinstance(items, list):
            raise WmsPermanentError("WMS ответил без списка items")
        stock = {}
        for item in items:
            if not isinstance(item, dict) or not isinstance(item.get("sku"), str):
                raise WmsPermanentError("WMS ответил остаток без sku")
            quantity = item.get("quantity")
            if not _is_number(quantity):
                raise WmsPermanentError(f"WMS ответил неверное количество для {item['sku']}")
            stock[item["sku"]] = StockItem(quantity=quantity, measured=_measured(item))
        return stock

    def get_categories(self) -> list[dict]:
        body = self._request("get_categories", "GET", "/categories")
        categories = body.get("categories")
        if not isinstance(categories, list) or not all(
            isinstance(c, dict) and isinstance(c.get("code"), str) and isinstance(c.get("title"), str)
            for c in categories
        ):
            raise WmsPermanentError("WMS ответил неверный список categories")
        return [{"code": c["code"], "title": c["title"]} for c in categories]

    # Transport --------------------------------------------------------------------------------------

    def _request(self, operation, method, path, *, json=None, params=None, idempotency_key="") -> dict:
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
        started = time.monotonic()
        status, error = None, ""
        try:
            try:
                response = self._http.request(method, API_PREFIX + path, json=json, params=params, headers=headers)
            except httpx.TimeoutException as exc:
                raise WmsTransientError(f"WMS не ответил вовремя ({type(exc).__name__})") from exc
            except httpx.TransportError as exc:
                raise WmsTransientError(f"Нет связи с WMS ({type(exc).__name__}: {exc})") from exc
            status = response.status_code
            if status >= 500:
                raise WmsTransientError(f"WMS ответил HTTP {status}: {response.text[:200]}", status)
            try:
                body = response.json()
            except ValueError as exc:
                # An unparsable body is a cut or garbled answer (a proxy page, a dropped stream): worth a
                # retry, and safe to retry because every write carries its Idempotency-Key.
                raise WmsTransientError(f"WMS ответил не JSON (HTTP {status})", status) from exc
            if status >= 400:
                message = body.get("error") if isinstance(body, dict) else None
                raise WmsPermanentError(
                    f"WMS отклонил запрос (HTTP {status}): {message or response.text[:200]}", status
                )
            if not isinstance(body, dict):
                raise WmsPermanentError("WMS ответил JSON не-объект", status)
            return body
        except WmsError as exc:
            error = exc.message
            raise
        finally:
            if self.on_call is not None:
                self.on_call(
                    CallRecord(
                        operation=operation,
                        method=method,
                        path=path,
                        status=status,
                        ok=not error,
                        error=error,
                        duration_ms=int((time.monotonic() - started) * 1000),
                        idempotency_key=idempotency_key,
                    )
                )
