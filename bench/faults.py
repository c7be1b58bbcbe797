"""`make faults`: the app under load while PostgreSQL restarts, and while Redis is stopped.

    BENCH_PRODUCTS=10000 .venv/bin/python bench/faults.py [postgres] [redis]

Same database and gunicorn as `make bench` (bench/run.py). Results: bench/results/faults-<date>.json and a
summary on stdout; the exit status is 1 when a promise is broken.

postgres: 4 clients read the public listing and 4 write new products through the private API (each write
    answered 200 is recorded as acknowledged) while PostgreSQL is restarted once (`pg_ctlcluster ... restart`,
    FAULTS_PG_RESTART_CMD to change it). Gunicorn is not touched. Promises: the app answers again by itself
    (Django's CONN_HEALTH_CHECKS replace the dead connections), every acknowledged write is in the database.
    Reported: the errors (and their statuses) in the outage window, the restart's duration, the time from
    the restart to the last error. NOTE: a restart cuts every connection to that server, other users' too.

redis: a private redis-server on FAULTS_REDIS_PORT (default 6390; the shared Redis is not touched) is the
    cache and Celery broker of the gunicorn and of one Celery worker; a fake WMS receives the pushes. Redis
    is stopped while the public listing is loaded and products are exported to the WMS (POST
    /api/lite/products/export_ff: the outbox), then started again (empty: whatever was queued in it is lost)
    and the outbox re-queue task is sent, as beat does every 5 minutes. Promises: the public API answers 200
    throughout (the cache degrades to no cache), the export requests are accepted, and every export recorded
    while Redis was down reaches the WMS after it is back.
"""

import datetime as dt
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# Its own port, so that it never measures (or disturbs) a `make bench` server on the bench's port 8799.
os.environ.setdefault("BENCH_PORT", "8796")

from bench import run  # noqa: E402

PG_RESTART_CMD = os.environ.get(
    "FAULTS_PG_RESTART_CMD",
    "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql | tail -1) main restart",
)
REDIS_PORT = int(os.environ.get("FAULTS_REDIS_PORT", "6390"))
WMS_PORT = int(os.environ.get("FAULTS_WMS_PORT", "8797"))
WMS_TOKEN = "bench-wms-token"
LISTING = "/api/lite/pub/products?size=20"


def now() -> float:
    return time.monotonic()


def pg(sql: str, params=()) -> list[tuple]:
    import psycopg

    with psycopg.connect(f"{run.PG}/{run.DB_NAME}", autocommit=True) as conn:
        return conn.execute(sql, params).fetchall()


# --- traffic ----------------------------------------------------------------------------------------------


class Traffic:
    """Client threads sending requests until stopped; every answer is recorded with its time."""

    def __init__(self):
        self.results: list[dict] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads: list[threading.Thread] = []

    def start(self, kind: str, clients: int, make_request):
        for client in range(clients):
            thread = threading.Thread(target=self._loop, args=(kind, client, make_request), daemon=True)
            thread.start()
            self.threads.append(thread)

    def _loop(self, kind, client, make_request):
        n = 0
        while not self.stopping.is_set():
            method, path, body, headers, write_id = make_request(client, n)
            n += 1
            sent = now()
            try:
                status, answer = run.request(method, path, body=body, headers=headers, timeout=30)
                ok = status == 200 and (write_id is None or json.loads(answer).get("success") is True)
                outcome = status
            except (OSError, http.client.HTTPException) as exc:
                ok, outcome = False, type(exc).__name__
            with self.lock:
                self.results.append(
                    {"kind": kind, "sent": sent, "done": now(), "ok": ok, "outcome": outcome, "write_id": write_id}
                )
            if not ok:
                time.sleep(0.05)  # do not spin on a refused connection

    def stop(self):
        self.stopping.set()
        for thread in self.threads:
            thread.join(60)


def summary(results: list[dict], since: float, until: float) -> dict:
    window = [r for r in results if since <= r["sent"] < until]
    latencies = sorted((r["done"] - r["sent"]) * 1000 for r in window if r["ok"])
    failed = [r for r in window if not r["ok"]]
    outcomes: dict[str, int] = {}
    for r in failed:
        outcomes[str(r["outcome"])] = outcomes.get(str(r["outcome"]), 0) + 1
    return {
        "seconds": round(until - since, 1),
        "requests": len(window),
        "errors": len(failed),
        "error_outcomes": outcomes,
        "rps": round(len(window) / (until - since), 1) if until > since else None,
        "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p99_ms": round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))], 1) if latencies else None,
    }


# --- PostgreSQL restarted under load ----------------------------------------------------------------------


def scenario_postgres(token: str, server: "run.Server") -> dict:
    tag = f"F{uuid.uuid4().hex[:6]}"
    auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def read(client, n):
        return "GET", LISTING, None, {}, None

    def write(client, n):
        product_id = f"{tag}-{client}-{n}"
        body = json.dumps({"id": product_id, "shortName": f"Fault test {n}"}).encode()
        return "POST", "/api/lite/products", body, auth, product_id

    workers_before = sorted(server.workers())
    traffic = Traffic()
    started = now()
    traffic.start("read", 4, read)
    traffic.start("write", 4, write)
    time.sleep(10)
    restart_at = now()
    done = subprocess.run(PG_RESTART_CMD, shell=True, capture_output=True, text=True)
    restarted_at = now()
    run.log(f"  PostgreSQL restarted in {restarted_at - restart_at:.1f} s (rc {done.returncode}) {done.stderr.strip()}")
    time.sleep(20)
    traffic.stop()
    ended = now()

    results = traffic.results
    failures = [r for r in results if not r["ok"] and r["sent"] >= restart_at - 5]
    last_error = max((r["done"] for r in failures), default=None)
    acked = [r["write_id"] for r in results if r["kind"] == "write" and r["ok"]]
    unacked = [r["write_id"] for r in results if r["kind"] == "write" and not r["ok"]]
    stored = {row[0] for row in pg("SELECT public_id FROM catalog_product WHERE public_id LIKE %s", [f"{tag}-%"])}
    lost = sorted(set(acked) - stored)
    workers_after = sorted(server.workers())
    status, _ = run.request("GET", LISTING)
    report = {
        "restart_command": PG_RESTART_CMD,
        "restart_rc": done.returncode,
        "restart_seconds": round(restarted_at - restart_at, 2),
        "before": {k: summary(results_of(results, k), started, restart_at) for k in ("read", "write")},
        "outage_and_after": {k: summary(results_of(results, k), restart_at, ended) for k in ("read", "write")},
        "last_10s": {k: summary(results_of(results, k), ended - 10, ended) for k in ("read", "write")},
        "errors_after_restart_began": len(failures),
        "last_error_after_restart_began_s": round(last_error - restart_at, 2) if last_error else 0.0,
        "writes_acknowledged": len(acked),
        "acknowledged_writes_missing": lost,
        "writes_failed": len(unacked),
        "failed_writes_committed_anyway": len(set(unacked) & stored),
        "gunicorn_workers_unchanged": workers_before == workers_after,
        "answers_after": status,
    }
    report["promise_kept"] = (
        done.returncode == 0
        and report["gunicorn_workers_unchanged"]
        and not lost
        and status == 200
        and report["last_10s"]["read"]["errors"] == 0
        and report["last_10s"]["write"]["errors"] == 0
        and report["before"]["read"]["errors"] == 0
    )
    cleanup_products(tag)
    return report


def results_of(results, kind):
    return [r for r in results if r["kind"] == kind]


def cleanup_products(tag: str):
    """The test's products are deleted, so the next run measures the same catalog."""
    from django.db import connection

    from catalog.models import Product

    connection.close()  # the script's own connection died with the restart
    Product.objects.filter(public_id__startswith=f"{tag}-").delete()


# --- Redis stopped ----------------------------------------------------------------------------------------


def start_redis() -> subprocess.Popen:
    process = subprocess.Popen(
        ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(50):
        if subprocess.run(["redis-cli", "-p", str(REDIS_PORT), "ping"], capture_output=True).stdout.strip() == b"PONG":
            return process
        time.sleep(0.1)
    raise SystemExit(f"redis-server on {REDIS_PORT} did not start")


def stop(process: subprocess.Popen | None):
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()


def fulfillment_products(count: int) -> list[str]:
    """An FF warehouse for the WMS pushes (the seed has none) and `count` products with barcodes."""
    from catalog.models import Product
    from inventory.models import Warehouse

    Warehouse.objects.get_or_create(
        code="bench-ff", defaults={"name": "Фулфилмент (bench)", "type": Warehouse.Type.FULFILLMENT}
    )
    products = Product.objects.filter(deleted=False, variants__barcodes__isnull=False).distinct().order_by("pk")
    return list(products.values_list("public_id", flat=True)[:count])


def export(token: str, product_id: str) -> int:
    body = json.dumps({"products": [product_id]}).encode()
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    return run.request("POST", "/api/lite/products/export_ff", body=body, headers=headers, timeout=30)[0]


def entries_since(marker: int) -> list[tuple]:
    return pg("SELECT id, status FROM wms_outboxentry WHERE id > %s ORDER BY id", [marker])


def wait_done(ids: list[int], timeout: float) -> float | None:
    started = now()
    while now() - started < timeout:
        rows = pg("SELECT count(*) FROM wms_outboxentry WHERE id = ANY(%s) AND status = 'DONE'", [ids])
        if rows[0][0] == len(ids):
            return now() - started
        time.sleep(0.5)
    return None


def listing_load(seconds: float) -> dict:
    traffic = Traffic()
    started = now()
    traffic.start("read", 8, lambda client, n: ("GET", LISTING, None, {}, None))
    time.sleep(seconds)
    traffic.stop()
    return summary(traffic.results, started, now())


def scenario_redis(token: str) -> dict:
    products = fulfillment_products(6)
    env = {
        "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
        "WMS_BASE_URL": f"http://127.0.0.1:{WMS_PORT}",
        "WMS_TOKEN": WMS_TOKEN,
        "WMS_OUTBOX_STALE_SECONDS": "5",
        "HEALTHZ_CELERY": "0",
    }
    run.SERVER_ENV.update(env)
    process_env = {**os.environ, **run.SERVER_ENV, "PYTHONPATH": str(ROOT)}
    redis = start_redis()
    wms = subprocess.Popen(
        [sys.executable, "manage.py", "run_fake_wms", "--port", str(WMS_PORT), "--token", WMS_TOKEN],
        cwd=ROOT,
        env=process_env,
        stdout=subprocess.DEVNULL,
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo", "--loglevel", "WARNING"],
        cwd=ROOT,
        env=process_env,
    )
    server = run.Server()
    report: dict = {"redis_port": REDIS_PORT}
    try:
        marker = pg("SELECT coalesce(max(id), 0) FROM wms_outboxentry")[0][0]
        run.check(export(token, products[0]) == 200, "export with Redis up")
        first = [row[0] for row in entries_since(marker)]
        report["export_with_redis_up_delivered_s"] = wait_done(first, 90)
        run.check(report["export_with_redis_up_delivered_s"] is not None, "the worker did not deliver the export")
        report["listing_redis_up"] = listing_load(10)

        stop(redis)
        down_at = now()
        marker = pg("SELECT coalesce(max(id), 0) FROM wms_outboxentry")[0][0]
        traffic = Traffic()
        traffic.start("read", 8, lambda client, n: ("GET", LISTING, None, {}, None))
        export_started = now()
        statuses = [export(token, product_id) for product_id in products[1:]]
        report["export_while_down_seconds_each"] = round((now() - export_started) / len(statuses), 2)
        time.sleep(max(0.0, 10 - (now() - down_at)))
        traffic.stop()
        report["listing_redis_down"] = summary(traffic.results, down_at, now())
        report["healthz_redis_down"] = run.request("GET", "/healthz")[0]
        report["exports_while_down"] = statuses
        queued_while_down = [row[0] for row in entries_since(marker)]
        report["outbox_entries_while_down"] = len(queued_while_down)

        redis = start_redis()
        up_at = now()
        call = subprocess.run(
            [sys.executable, "-m", "celery", "-A", "config", "call", "integrations.wms.tasks.requeue_outbox_task"],
            cwd=ROOT,
            env=process_env,
            capture_output=True,
            text=True,
        )
        run.check(call.returncode == 0, f"celery call: {call.stderr}")
        delivered = wait_done(queued_while_down, 180)
        report["delivered_after_redis_back_s"] = round(now() - up_at, 1) if delivered is not None else None
        report["not_delivered"] = [row for row in pg(
            "SELECT id, status, last_error FROM wms_outboxentry WHERE id = ANY(%s) AND status <> 'DONE'",
            [queued_while_down],
        )]  # fmt: skip
        report["listing_redis_back"] = listing_load(10)
    finally:
        server.stop()
        stop(worker)
        stop(wms)
        stop(redis)
    report["promise_kept"] = (
        report.get("listing_redis_down", {}).get("errors") == 0
        and report.get("listing_redis_down", {}).get("requests", 0) > 0
        and set(report.get("exports_while_down", [0])) == {200}
        and report.get("outbox_entries_while_down") == len(products) - 1
        and report.get("delivered_after_redis_back_s") is not None
    )
    return report


# --- main -------------------------------------------------------------------------------------------------


# --- slow clients (slowloris) ----------------------------------------------------------------------------

SLOW_CLIENTS = 4


def slow_client(stop: threading.Event):
    """Sends a request's headers one byte every two seconds, never finishing them, until stopped."""
    payload = b"GET " + LISTING.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n" + b"X-Slow: " + b"a" * 10_000
    while not stop.is_set():
        try:
            with socket.create_connection(("127.0.0.1", run.PORT), timeout=5) as sock:
                for byte in payload:
                    if stop.wait(2):
                        return
                    sock.sendall(bytes([byte]))
        except OSError:
            continue  # the server closed it (timeout): come back, as an attacker would


def scenario_slow(server: "run.Server") -> dict:
    """The public listing's p99 with four slow clients holding connections open, against without them."""
    calm = listing_load(20)
    stop = threading.Event()
    attackers = [threading.Thread(target=slow_client, args=(stop,), daemon=True) for _ in range(SLOW_CLIENTS)]
    for attacker in attackers:
        attacker.start()
    time.sleep(5)  # let them take their connections
    try:
        attacked = listing_load(30)
    finally:
        stop.set()
    report = {"without_slow_clients": calm, "with_slow_clients": attacked, "slow_clients": SLOW_CLIENTS}
    calm_p99, attacked_p99 = calm["p99_ms"] or 0, attacked["p99_ms"] or float("inf")
    report["promise_kept"] = attacked["errors"] == 0 and attacked_p99 <= max(3 * calm_p99, calm_p99 + 200)
    return report


def main():
    chosen = sys.argv[1:] or ["postgres", "redis", "slow"]
    unknown = set(chosen) - {"postgres", "redis", "slow"}
    if unknown:
        raise SystemExit(f"unknown scenario(s): {', '.join(sorted(unknown))}")
    run.log(f"faults: {', '.join(chosen)} on {run.DB_NAME}, {run.WORKERS} gunicorn workers")
    run.ensure_database()
    token = run.fixtures()["token"]
    report = {"date": dt.datetime.now().isoformat(timespec="seconds"), "database": run.DB_NAME}
    if "postgres" in chosen:
        run.log("PostgreSQL restart under load")
        server = run.Server()
        try:
            report["postgres"] = scenario_postgres(token, server)
        finally:
            server.stop()
    if "redis" in chosen:
        run.log("Redis stopped under load")
        report["redis"] = scenario_redis(token)
    if "slow" in chosen:
        run.log(f"{SLOW_CLIENTS} slow clients (a header byte every 2 s) under load")
        server = run.Server()
        try:
            report["slow"] = scenario_slow(server)
        finally:
            server.stop()
    out = ROOT / "bench" / "results" / f"faults-{dt.date.today().isoformat()}.json"
    out.parent.mkdir(exist_ok=True)
    previous = json.loads(out.read_text()) if out.exists() else {}
    out.write_text(json.dumps({**previous, **report}, indent=2, ensure_ascii=False, default=str))
    print(json.dumps(report, indent=2, ensure_ascii=False, default=str))
    broken = [name for name in chosen if not report[name]["promise_kept"]]
    run.log(f"results: {out.relative_to(ROOT)}; promises broken: {', '.join(broken) or 'none'}")
    if broken:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
