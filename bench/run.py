"""`make bench`: every hot path against its baseline, in the same run, on the same PostgreSQL data.

    BENCH_PRODUCTS=10000 .venv/bin/python bench/run.py

Environment (all optional):
    BENCH_PRODUCTS     catalog size for seed_catalog (default 100000; about 3 variants per product)
    BENCH_SEED         seed_catalog --seed (default 42)
    BENCH_DB           the database's name (default bench_<products>[_s<seed>]): a prepared bench database to
                       reuse between runs (seeded here once when it is missing or incomplete)
    BENCH_PG           PostgreSQL server URL without a database (default postgres://postgres@127.0.0.1:5432)
    BENCH_DURATION     seconds per load level (default 3)
    BENCH_CONCURRENCY  load levels, comma separated (default 1,4,16)
    BENCH_PORT         loopback port of the gunicorn under test (default 8799; load.py and faults.py: 8796)
    BENCH_WORKERS      gunicorn workers (default: the number of cores)
    BENCH_CHART        0 to skip the PNG chart

The database `bench_<products>[_s<seed>]` is made once (migrate + seed_catalog) and reused while it is
complete; ANALYZE runs every time. The project is served by gunicorn (bench/wsgi.py: the project's WSGI app
plus, with BENCH_VIEWS=1, a trivial Django view and the hand-written listing) and driven by wrk when it is
installed, else by a bounded Python thread loop. Results: bench/results/<date>.json, a table on stdout (and in
<date>.md) and bench/results/<date>.png.
"""

import datetime as dt
import http.client
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
import uuid
from pathlib import Path
from urllib.parse import urlencode

import orjson
import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PRODUCTS = int(os.environ.get("BENCH_PRODUCTS", "100000"))
SEED = int(os.environ.get("BENCH_SEED", "42"))
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
DURATION = float(os.environ.get("BENCH_DURATION", "3"))
LEVELS = [int(c) for c in os.environ.get("BENCH_CONCURRENCY", "1,4,16").split(",") if c.strip()]
PORT = int(os.environ.get("BENCH_PORT", "8799"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str(os.cpu_count() or 1)))
DB_NAME = os.environ.get("BENCH_DB") or f"bench_{PRODUCTS}" + ("" if SEED == 42 else f"_s{SEED}")
IMSHOP_KEY = "bench-imshop-key"
BATCH = 1000
YANDEX_ITEMS = 20000  # variants in the Yandex place's assortment

SERVER_ENV = {
    "DATABASE_URL": f"{PG}/{DB_NAME}",
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
    "ALLOWED_HOSTS": "127.0.0.1",
    "THROTTLE_PUBLIC": "100000000/min",
    "IMSHOP_API_KEY": IMSHOP_KEY,
    "YANDEX_EATS_TOKEN_TTL": "7200",
    "LOG_LEVEL": "WARNING",
    "DJANGO_SETTINGS_MODULE": "config.settings",
    # The measured server is uncached whatever the caller exported: no Redis, so no public cache (the cached
    # scenario starts a second server with one).
    "REDIS_URL": "",
}
os.environ.update(SERVER_ENV)

# The plain page, a collection page and a filtered one (brand + price range + attribute), size 100.
LISTING_CASES = {
    "plain": {"size": "100"},
    "collection": {"collections": "S-C01-1", "size": "100"},
    "filtered": {
        "filters": "brand:Кактус ПРО,Nova,Polar,Байкал,Прима,Solo,Маяк,Орион;price:500-15000",
        "attributes": "material:Хлопок,Шерсть,Лён,Кожа",
        "size": "100",
    },
}
# Throughput is judged where every worker is busy but the queue is short (2 connections per worker): deeper
# queues within a few seconds mostly measure how many requests happened to finish before the end.
THROUGHPUT_LEVEL = min(LEVELS, key=lambda c: (abs(c - 2 * WORKERS), c))
# Issue 22's targets (DESIGN.md's older ones were 0.5 x raw, 3 x COPY, 2 x COPY and 10 x the trivial view).
TARGETS = {
    "listing": ("throughput ratio API/baseline", ">=", 0.8),
    "cached": ("throughput ratio cached/uncached", ">=", 20.0),
    "batch": ("time ratio API/COPY", "<=", 8.0),
    "stocks": ("time ratio API/COPY", "<=", 1.5),
    "stocks_memory": ("peak memory ratio size=100000 / size=10000", "<=", 2.0),
    "webhook": ("p99 ratio endpoint/trivial view", "<=", 5.0),
    "yandex": ("time ratio API/COPY", "<=", 1.5),
}
# The cached server's Redis (a DB of its own: the bench flushes nothing, but its keys live there).
BENCH_REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/15")


def log(message: str):
    print(message, flush=True)


# --- database ---------------------------------------------------------------------------------------------


def ensure_database():
    """Create (or reuse) the bench database; returns the seconds spent seeding (0 when reused)."""
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone()
        if exists and not _complete():
            log(f"{DB_NAME} is incomplete (an interrupted seed?): dropping it")
            admin.execute(f'DROP DATABASE "{DB_NAME}" WITH (FORCE)')
            exists = None
        if not exists:
            admin.execute(f'CREATE DATABASE "{DB_NAME}"')
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    started = time.monotonic()
    seeded = 0.0
    if not _complete():
        log(f"seeding {DB_NAME} with {PRODUCTS} products (once; reused by later runs)")
        call_command("seed_catalog", products=PRODUCTS, seed=SEED, stdout=sys.stdout)
        with psycopg.connect(f"{PG}/{DB_NAME}", autocommit=True) as conn:
            conn.execute("CREATE TABLE IF NOT EXISTS bench_complete (products int)")
            conn.execute("INSERT INTO bench_complete VALUES (%s)", [PRODUCTS])
        seeded = time.monotonic() - started
    with psycopg.connect(f"{PG}/{DB_NAME}", autocommit=True) as conn:
        conn.execute("ANALYZE")
    return seeded


def _complete() -> bool:
    try:
        with psycopg.connect(f"{PG}/{DB_NAME}", autocommit=True) as conn:
            return bool(conn.execute("SELECT 1 FROM bench_complete WHERE products = %s", [PRODUCTS]).fetchone())
    except psycopg.Error:
        return False


def fixtures() -> dict:
    """Token, admin session, public warehouses, Yandex client and place; idempotent."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    from config.api.models import ApiToken
    from integrations.yandex_eats.models import YandexPlace
    from integrations.yandex_eats.services import create_client
    from inventory.models import Warehouse

    _, token = ApiToken.issue(name="bench")
    user, created = get_user_model().objects.get_or_create(
        username="bench", defaults={"is_staff": True, "is_superuser": True}
    )
    if created:
        user.set_password(uuid.uuid4().hex)
        user.save()
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    Warehouse.objects.filter(code__startswith="seed-warehouse-").update(public=True, city="Москва")
    warehouse = Warehouse.objects.get(code="seed-warehouse-1")
    client, secret = create_client(name=f"bench-{uuid.uuid4().hex[:6]}")
    YandexPlace.objects.update_or_create(
        place_id="bench-place", defaults={"warehouse": warehouse, "name": "Bench", "assortment": yandex_assortment()}
    )
    return {"token": token, "session": session.session_key, "yandex": (client.client_id, secret)}


def yandex_assortment():
    """The collection `bench-yandex`: the first products by id holding YANDEX_ITEMS variants in all (the
    issue's "place with 20,000 items"; the whole catalog when it is smaller). Built once, reused."""
    from django.db.models import Count

    from catalog.models import Collection, Product, Variant

    collection, created = Collection.objects.get_or_create(
        public_id="bench-yandex", defaults={"name": "Bench: Yandex Eats assortment", "is_public": False}
    )
    if created:
        ids, items = [], 0
        per_product = Variant.objects.values_list("product_id").annotate(n=Count("id")).order_by("product_id")
        for product_id, count in per_product:
            if items + count > YANDEX_ITEMS:
                break
            ids.append(product_id)
            items += count
        Product.collections.through.objects.bulk_create(
            Product.collections.through(product_id=pk, collection_id=collection.pk) for pk in ids
        )
    return collection


# --- server -----------------------------------------------------------------------------------------------


class Server:
    def __init__(self, port: int = PORT, env: dict | None = None):
        self.port = port
        try:
            request("GET", "/", timeout=2, port=port)
        except OSError:
            pass  # nothing listens there: the port is ours
        else:
            # Another server (another bench run?) would answer the readiness check and be measured instead.
            raise SystemExit(f"port {port} is in use: stop what listens there or set BENCH_PORT")
        env = {**os.environ, **SERVER_ENV, "BENCH_VIEWS": "1", "PYTHONPATH": str(ROOT), **(env or {})}
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                str(ROOT / "config" / "gunicorn.conf.py"),  # the production worker class (threaded)
                "bench.wsgi:application",
                "--workers",
                str(WORKERS),
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout",
                "600",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if request("GET", "/bench/trivial", port=port)[0] == 200:
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise SystemExit("gunicorn did not start")

    def workers(self) -> list[int]:
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                pids.append(int(stat.parent.name))
        return pids

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()


def request(method, path, body=None, headers=None, timeout=600, port=PORT) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


# --- load -------------------------------------------------------------------------------------------------

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def load(path, *, method="GET", body=None, headers=None, concurrency=1, port=PORT) -> dict:
    """Throughput and latency percentiles of `concurrency` clients for DURATION seconds."""
    if shutil.which("wrk"):
        return _wrk(path, method=method, body=body, headers=headers or {}, concurrency=concurrency, port=port)
    return _threads(path, method=method, body=body, headers=headers or {}, concurrency=concurrency, port=port)


def _wrk(path, *, method, body, headers, concurrency, port=PORT) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        args = [
            "wrk",
            "-t",
            str(min(concurrency, 2)),
            "-c",
            str(concurrency),
            "-d",
            f"{max(1, round(DURATION))}s",
            "--timeout",
            "60s",
            "--latency",
        ]
        for name, value in headers.items():
            args += ["-H", f"{name}: {value}"]
        if body is not None:
            Path(tmp, "body").write_bytes(body)
            Path(tmp, "post.lua").write_text(
                f'wrk.method = "{method}"\nlocal f = io.open("{tmp}/body", "rb")\nwrk.body = f:read("*a")\nf:close()\n'
            )
            args += ["-s", f"{tmp}/post.lua"]
        done = subprocess.run([*args, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True)
    out = done.stdout
    if "requests in" not in out:
        raise SystemExit(f"wrk failed: {done.stdout} {done.stderr}")
    percentiles = {
        int(p): float(v) * _UNITS[u] for p, v, u in re.findall(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M)
    }
    non_2xx = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    socket_errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": percentiles.get(50),
        "p99_ms": percentiles.get(99),
        "requests": requests,
        "errors": non_2xx + socket_errors,
        "non_2xx": non_2xx,
        "socket_errors": socket_errors,
        "tool": "wrk",
    }


def _threads(path, *, method, body, headers, concurrency, port=PORT) -> dict:
    latencies, errors, lock = [], [0], threading.Lock()
    deadline = time.monotonic() + DURATION

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine = []
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status < 400
            except OSError:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                ok = False
            mine.append((time.perf_counter() - started) * 1000)
            if not ok:
                with lock:
                    errors[0] += 1
        with lock:
            latencies.extend(mine)

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(len(latencies) * q))] if latencies else None  # noqa: E731
    return {
        "rps": len(latencies) / elapsed,
        "p50_ms": pick(0.5),
        "p99_ms": pick(0.99),
        "requests": len(latencies),
        "errors": errors[0],
        "tool": "python threads",
    }


# --- results ----------------------------------------------------------------------------------------------

RESULTS: list[dict] = []


def verdict(kind: str, ratio: float | None) -> dict:
    what, op, target = TARGETS[kind]
    if ratio is None:
        return {"target_kind": what, "target": f"{op} {target}", "met": None}
    met = {">=": ratio >= target, "<=": ratio <= target, "<": ratio < target}[op]
    return {"target_kind": what, "target": f"{op} {target}", "met": met}


def record(**row):
    RESULTS.append(row)
    return row


def check(condition: bool, message: str):
    if not condition:
        raise SystemExit(f"CORRECTNESS CHECK FAILED: {message}")


# --- scenarios --------------------------------------------------------------------------------------------


def scenario_listing():
    from bench.raw import same_listing

    for name, params in LISTING_CASES.items():
        query = urlencode(params)
        api_path, raw_path = f"/api/lite/pub/products?{query}", f"/bench/raw/pub/products?{query}"
        status, api_body = request("GET", api_path)
        raw_status, raw_body = request("GET", raw_path)
        check(status == 200 and raw_status == 200, f"listing {name}: HTTP {status} / {raw_status}")
        check(orjson.loads(api_body)["products"], f"listing {name}: an empty page proves nothing")
        difference = same_listing(api_body, raw_body)
        check(difference is None, f"listing {name}: {difference}")
        for concurrency in LEVELS:
            api = load(api_path, concurrency=concurrency)
            raw = load(raw_path, concurrency=concurrency)
            ratio = api["rps"] / raw["rps"] if raw["rps"] and api["requests"] else None
            judged = concurrency == THROUGHPUT_LEVEL
            record(
                scenario=f"pub/products {name}",
                concurrency=concurrency,
                api=api,
                baseline=raw,
                baseline_name="psycopg + orjson (same gunicorn)",
                ratio=ratio,
                unit="throughput",
                **(verdict("listing", ratio) if judged else {}),
            )
            log(f"  pub/products {name} c={concurrency}: {api['rps']:.0f} vs {raw['rps']:.0f} req/s")


def redis_answers() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(BENCH_REDIS, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def with_redis(*, cache_seconds: int) -> dict:
    """A server's environment with Redis as the cache (the throttle's counters and, when cache_seconds, the
    public cache), as in production; Celery tasks still run in the request, as without Redis."""
    return {"REDIS_URL": BENCH_REDIS, "PUBLIC_CACHE_SECONDS": str(cache_seconds), "CELERY_TASK_ALWAYS_EAGER": "true"}


def scenario_cached(token: str):
    """The public listing with the never-stale cache (a second gunicorn, with Redis): throughput against the
    uncached server measured right before it, and a write through the API visible in the very next request."""
    from catalog.models import Product

    if not redis_answers():
        log(f"  cached listing skipped: no Redis at {BENCH_REDIS}")
        return
    port = PORT + 1
    server = Server(port=port, env=with_redis(cache_seconds=3600))
    try:
        for name in ("plain", "filtered"):
            path = f"/api/lite/pub/products?{urlencode(LISTING_CASES[name])}"
            status, cached_body = request("GET", path, port=port)
            check(status == 200 and cached_body == request("GET", path)[1], f"cached {name}: not the uncached answer")
            uncached = load(path, concurrency=THROUGHPUT_LEVEL)
            cached = load(path, concurrency=THROUGHPUT_LEVEL, port=port)
            ratio = cached["rps"] / uncached["rps"] if uncached["rps"] and cached["requests"] else None
            record(
                scenario=f"pub/products {name}, cached",
                concurrency=THROUGHPUT_LEVEL,
                api=cached,
                baseline=uncached,
                baseline_name="the same page uncached (same run)",
                ratio=ratio,
                unit="throughput",
                **verdict("cached", ratio),
            )
            log(f"  cached {name}: {cached['rps']:.0f} vs uncached {uncached['rps']:.0f} req/s")
        # A write is visible in the very next request: rename the first product of the plain page through the
        # private API of the cached server, read the page, put the name back.
        path = f"/api/lite/pub/products?{urlencode(LISTING_CASES['plain'])}"
        first = orjson.loads(request("GET", path, port=port)[1])["products"][0]
        product = Product.objects.get(public_id=first["id"])
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        for name in (f"{product.short_name} (bench)", product.short_name):
            body = orjson.dumps({"id": product.public_id, "shortName": name})
            status, answer = request("PATCH", "/api/lite/products", body=body, headers=headers, port=port)
            check(status == 200, f"cached: PATCH {status} {answer[:200]!r}")
            seen = orjson.loads(request("GET", path, port=port)[1])["products"][0]
            check(seen["shortName"] == name, f"cached: the next request shows {seen['shortName']!r}, not {name!r}")
        log("  cached: a write was visible in the next request")
    finally:
        server.stop()


def scenario_page_depth():
    """Time per page against catalog size (the issue's chart, drawn across runs by draw_scaling): page 0 and a
    deep page of the plain listing at one connection, and the listing's count query alone."""
    from django.db import connection

    pages = {"page 0": 0, "deep page": max(0, PRODUCTS // 100 // 2)}
    for label, page in pages.items():
        path = f"/api/lite/pub/products?size=100&page={page}"
        status, _ = request("GET", path)
        check(status == 200, f"page depth {label}: HTTP {status}")
        result = load(path, concurrency=1)
        record(scenario=f"pub/products {label} (page {page}), c=1", concurrency=1, api=result, baseline={}, unit="p50")
        log(f"  {label}: p50 {result['p50_ms']:.1f} ms")
    timings = []
    with connection.cursor() as cursor:
        for _ in range(5):
            started = time.perf_counter()
            cursor.execute("SELECT count(*) FROM catalog_product WHERE NOT deleted")  # the plain page's count
            cursor.fetchone()
            timings.append(time.perf_counter() - started)
    record(
        scenario="pub/products count query (not deleted)",
        api={"seconds": statistics.median(timings)},
        baseline={},
        unit="time",
    )


SCALING_ROWS = ("pub/products page 0", "pub/products deep page", "pub/products count query")


def draw_scaling(out: Path):
    """Time per page of the plain listing (p50, one connection) against catalog size. Each run records its
    figures under its catalog size in bench/results/scaling.json (a run at another size keeps the others'),
    and the chart is drawn from all of them."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    store = out.with_suffix(".json")
    try:
        points = {int(k): v for k, v in json.loads(store.read_text()).items()}
    except (OSError, ValueError):
        points = {}
    rows = {r["scenario"].split(" (")[0]: r for r in RESULTS}
    if not all(name in rows for name in SCALING_ROWS):
        return
    points[PRODUCTS] = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "page0_p50_ms": rows[SCALING_ROWS[0]]["api"]["p50_ms"],
        "deep_p50_ms": rows[SCALING_ROWS[1]]["api"]["p50_ms"],
        "deep_page": int(rows[SCALING_ROWS[1]]["scenario"].split("(page ")[1].split(")")[0]),
        "count_ms": rows[SCALING_ROWS[2]]["api"]["seconds"] * 1000,
    }
    store.write_text(json.dumps(points, indent=2, sort_keys=True))
    sizes = sorted(points)
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(sizes, [points[n]["page0_p50_ms"] for n in sizes], marker="o", label="page 0 (p50, 1 connection)")
    ax.plot(sizes, [points[n]["deep_p50_ms"] for n in sizes], marker="o", label="page products/200 (p50)")
    ax.plot(sizes, [points[n]["count_ms"] for n in sizes], marker="s", linestyle="--", label="its count query alone")
    ax.set_xscale("log")
    ax.set_xlabel("products in the catalog")
    ax.set_ylabel("ms per page of 100")
    ax.set_title("Public listing: time per page against catalog size")
    ax.legend()
    fig.tight_layout()
    fig.savefig(out, dpi=100)
    plt.close(fig)


def batch_payload(run: str, *, update: bool) -> dict:
    bump = 1 if update else 0
    return {
        "products": [
            {
                "id": f"B{run}-{i}",
                "shortName": f"Товар {i}" + (" (обновлён)" if update else ""),
                "vat": "VAT_20",
                "variantsToUpdate": [
                    {
                        "variantId": f"B{run}-{i}-{v}",
                        "article": f"A{i}-{v}",
                        "prices": [{"priceCode": "Розничная цена", "value": 100 + i + bump}],
                        "barcodes": [{"value": f"{run}{i:06d}{v}", "isDefault": True}],
                        "stock": [{"warehouseCode": "seed-warehouse-1", "stockTotal": 5 + bump}],
                        "updateStockTotal": True,
                    }
                    for v in range(2)
                ],
            }
            for i in range(BATCH)
        ]
    }


def copy_rows(payload: dict, warehouse_code: str = "seed-warehouse-1") -> dict:
    """The rows the batch writes (products, variants, retail prices, barcodes, stock), as column tuples."""
    from django.db import connection

    from catalog.models import Barcode, PriceType, Product, Variant, VariantPrice
    from inventory.models import StockLevel, Warehouse

    retail = PriceType.objects.get(name="Розничная цена")
    warehouse = Warehouse.objects.get(code=warehouse_code)
    objects = {Product: [], Variant: [], VariantPrice: [], Barcode: [], StockLevel: []}
    variant_pk = 0
    for product_pk, item in enumerate(payload["products"], 1):
        objects[Product].append(
            Product(pk=product_pk, public_id=item["id"], short_name=item["shortName"], vat=item["vat"])
        )
        for v in item["variantsToUpdate"]:
            variant_pk += 1
            objects[Variant].append(
                Variant(pk=variant_pk, product_id=product_pk, public_id=v["variantId"], article=v["article"])
            )
            objects[VariantPrice].append(
                VariantPrice(pk=variant_pk, variant_id=variant_pk, price_type=retail, value=v["prices"][0]["value"])
            )
            objects[Barcode].append(
                Barcode(pk=variant_pk, variant_id=variant_pk, value=v["barcodes"][0]["value"], is_default=True)
            )
            objects[StockLevel].append(
                StockLevel(
                    pk=variant_pk,
                    variant_id=variant_pk,
                    warehouse=warehouse,
                    total=v["stock"][0]["stockTotal"],
                    reserved=0,
                )
            )
    tables = {}
    for model, objs in objects.items():
        fields = model._meta.concrete_fields
        tables[model._meta.db_table] = (
            [f.column for f in fields],
            [tuple(f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields) for obj in objs],
        )
    return tables


def time_copy(tables: dict) -> float:
    """Seconds to COPY the rows into empty copies of the real tables (same columns, checks and indexes)."""
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DROP TABLE IF EXISTS bench_copy_{table}")
            cursor.execute(
                f"CREATE TABLE bench_copy_{table} (LIKE {table} INCLUDING DEFAULTS "
                "INCLUDING CONSTRAINTS INCLUDING INDEXES)"
            )
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for table, (columns, rows) in tables.items():
            with cursor.copy(f"COPY bench_copy_{table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
    elapsed = time.perf_counter() - started
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DROP TABLE bench_copy_{table}")
    return elapsed


def scenario_batch(token: str):
    from catalog.models import Product, Variant
    from inventory.models import StockLevel

    run = uuid.uuid4().hex[:8]
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    for label, update in (("create", False), ("update", True)):
        payload = batch_payload(run, update=update)
        body = orjson.dumps(payload)
        started = time.perf_counter()
        status, answer = request("POST", "/api/lite/products/batch", body=body, headers=headers)
        api_seconds = time.perf_counter() - started
        check(status == 200, f"batch {label}: HTTP {status} {answer[:300]!r}")
        failed = [p for p in orjson.loads(answer)["products"] if not p.get("success")]
        check(not failed, f"batch {label}: {len(failed)} products failed, e.g. {failed[:1]}")
        products = Product.objects.filter(public_id__startswith=f"B{run}-")
        check(products.count() == BATCH, f"batch {label}: {products.count()} products in the database")
        check(Variant.objects.filter(product__in=products).count() == 2 * BATCH, f"batch {label}: variants")
        # The posted warehouse holds the totals; a new variant also has an empty row in every other warehouse.
        levels = StockLevel.objects.filter(variant__product__in=products)
        totals = set(levels.filter(warehouse__code="seed-warehouse-1").values_list("total", flat=True))
        check(totals == {5 + update}, f"batch {label}: stock totals {totals}")
        others = set(levels.exclude(warehouse__code="seed-warehouse-1").values_list("total", flat=True))
        check(others <= {0}, f"batch {label}: other warehouses' totals {others}")
        copy_seconds = time_copy(copy_rows(payload))
        ratio = api_seconds / copy_seconds
        record(
            scenario=f"products/batch {label} x{BATCH}",
            api={"seconds": api_seconds},
            baseline={"seconds": copy_seconds},
            baseline_name="COPY of the same rows",
            ratio=ratio,
            unit="time",
            **verdict("batch", ratio),
        )
        log(f"  batch {label}: {api_seconds:.2f} s vs COPY {copy_seconds:.3f} s")
    # The next run measures the same catalog: the bench's own products go (cascading to their rows).
    Product.objects.filter(public_id__startswith=f"B{run}-").delete()


STOCKS_COPY_SQL = """
COPY (SELECT v.public_id, w.code, s.total - s.reserved, s.defective, s.defective_reserved, s.expired, s.reserved,
             s.total
      FROM (SELECT id, public_id FROM catalog_variant ORDER BY id LIMIT {limit}) v
      LEFT JOIN inventory_stocklevel s ON s.variant_id = v.id
      LEFT JOIN inventory_warehouse w ON w.id = s.warehouse_id
      ORDER BY v.id, s.warehouse_id) TO STDOUT
"""


def timed_get(path: str, headers: dict) -> float:
    """Seconds to read the whole answer of one GET (a fresh connection, as a client would)."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=600)
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    while response.read(65536):
        pass
    conn.close()
    return time.perf_counter() - started


def timed_copy(sql: str, params=None) -> tuple[float, int]:
    """Seconds of a `COPY (...) TO STDOUT` read to the end, and the rows it gave."""
    from django.db import connection

    started = time.perf_counter()
    count = 0
    with connection.cursor() as cursor, cursor.copy(sql, params) as copy:
        for data in copy:
            count += bytes(data).count(b"\n")
    return time.perf_counter() - started, count


def scenario_stocks(token: str):
    from django.db import connection
    from django.test import Client

    headers = {"Authorization": f"Bearer {token}"}
    size = 100000
    # Correctness: the API's variants are the first `size` variants by id, their stock rows those COPY reads.
    status, body = request("GET", f"/api/lite/products/stocks?size={size}", headers=headers)
    check(status == 200, f"stocks: HTTP {status}")
    variants = orjson.loads(body)["variants"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT public_id FROM catalog_variant ORDER BY id LIMIT %s", [size])
        expected = [row[0] for row in cursor.fetchall()]
    check([v["id"] for v in variants] == expected, "stocks: not the first variants by id")
    lines = sum(max(1, len(v["stock"])) for v in variants)

    path = f"/api/lite/products/stocks?size={size}"
    api_seconds = statistics.median(timed_get(path, headers) for _ in range(3))
    copies = [timed_copy(STOCKS_COPY_SQL.format(limit=size)) for _ in range(3)]
    copy_seconds = statistics.median(c[0] for c in copies)
    check(copies[0][1] == lines, f"stocks: COPY read {copies[0][1]} rows, the API {lines}")
    ratio = api_seconds / copy_seconds
    record(
        scenario=f"products/stocks size={size} ({len(variants)} variants)",
        api={"seconds": api_seconds},
        baseline={"seconds": copy_seconds},
        baseline_name="COPY of the same rows",
        ratio=ratio,
        unit="time",
        **verdict("stocks", ratio),
    )
    log(f"  stocks: {api_seconds:.2f} s vs COPY {copy_seconds:.3f} s")

    # Memory, in this process: the peak of Python allocations while the whole answer streams through.
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    peaks = {}
    b"".join(client.get("/api/lite/products/stocks", {"size": 10}, HTTP_HOST="127.0.0.1").streaming_content)
    for n in (10000, size):
        tracemalloc.start()
        tracemalloc.reset_peak()
        response = client.get("/api/lite/products/stocks", {"size": n}, HTTP_HOST="127.0.0.1")
        received = sum(len(chunk) for chunk in response.streaming_content)
        peaks[n] = (tracemalloc.get_traced_memory()[1], received)
        tracemalloc.stop()
    ratio = peaks[size][0] / peaks[10000][0]
    record(
        scenario="products/stocks peak memory",
        api={"peak_mb": peaks[size][0] / 2**20, "bytes": peaks[size][1]},
        baseline={"peak_mb": peaks[10000][0] / 2**20, "bytes": peaks[10000][1]},
        baseline_name="the same endpoint, size=10000",
        ratio=ratio,
        unit="memory",
        **verdict("stocks_memory", ratio),
    )
    log(
        f"  stocks memory: {peaks[size][0] / 2**20:.1f} MB for {peaks[size][1]} bytes vs "
        f"{peaks[10000][0] / 2**20:.1f} MB for {peaks[10000][1]} bytes"
    )


def imshop_availability_request(count: int = 50) -> tuple[list[str], bytes, dict]:
    """The IMSHOP availability webhook's request for the first `count` variants: (ids, body, headers)."""
    from catalog.models import Variant

    ids = list(
        Variant.objects.filter(product__deleted=False).order_by("pk").values_list("public_id", flat=True)[:count]
    )
    body = orjson.dumps({"city": "Москва", "configurationIds": ids})
    return ids, body, {"Authorization": f"Bearer {IMSHOP_KEY}", "Content-Type": "application/json"}


def imshop_availability_case(count: int = 50) -> tuple[list[str], bytes, dict]:
    """The IMSHOP availability webhook's request for the first `count` variants, checked once: (ids, body,
    headers); also used by bench/load.py."""
    ids, imshop_body, imshop_headers = imshop_availability_request(count)
    status, body = request("POST", "/webhooks/imshop/availability", body=imshop_body, headers=imshop_headers)
    check(status == 200, f"imshop: HTTP {status} {body[:200]!r}")
    answer = orjson.loads(body)
    check(answer["availability"] and {a["id"] for a in answer["availability"]} <= set(ids), "imshop: availability")
    return ids, imshop_body, imshop_headers


def scenario_webhooks(yandex: tuple[str, str], token: str, session: str):
    from catalog.models import Variant

    ids, imshop_body, imshop_headers = imshop_availability_case()

    form = urlencode({"client_id": yandex[0], "client_secret": yandex[1], "grant_type": "client_credentials"})
    status, body = request(
        "POST",
        "/yandex-eats/security/oauth/token",
        body=form,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    check(status == 200, f"yandex token: HTTP {status} {body[:200]!r}")
    yandex_headers = {"Authorization": f"Bearer {orjson.loads(body)['access_token']}"}
    yandex_path = "/yandex-eats/nomenclature/bench-place/availability"
    status, body = request("GET", yandex_path, headers=yandex_headers)
    check(status == 200, f"yandex availability: HTTP {status}")
    items = len(orjson.loads(body)["items"])
    expected = Variant.objects.filter(product__collections__public_id="bench-yandex").count()
    check(items == expected and items > 0, f"yandex availability: {items} items, {expected} expected")
    yandex_against_copy(yandex_path, yandex_headers, items)

    status, body = request("GET", "/api/lite/products?size=100", headers={"Authorization": f"Bearer {token}"})
    check(status == 200 and len(orjson.loads(body)["products"]) == 100, f"private listing: HTTP {status}")
    cookie = {"Cookie": f"sessionid={session}"}
    status, body = request("GET", "/admin/catalog/product/", headers=cookie)
    check(status == 200 and b"S0000" in body, f"admin changelist: HTTP {status}")

    cases = [
        (
            f"IMSHOP availability, {len(ids)} ids",
            "/webhooks/imshop/availability",
            "POST",
            imshop_body,
            imshop_headers,
            "webhook",
        ),
        (f"Yandex availability, {items} items", yandex_path, "GET", None, yandex_headers, None),
        (
            "GET /api/lite/products size=100",
            "/api/lite/products?size=100",
            "GET",
            None,
            {"Authorization": f"Bearer {token}"},
            None,
        ),
        ("admin changelist of products", "/admin/catalog/product/", "GET", None, cookie, None),
    ]
    for concurrency in LEVELS:
        # Measured before and after the endpoints; the calmer of the two is the floor (one scheduler stall
        # on a shared machine inflates a 1 ms view's p99 a hundredfold).
        before = load("/bench/trivial", concurrency=concurrency)
        results = [
            (case[0], case[5], load(case[1], method=case[2], body=case[3], headers=case[4], concurrency=concurrency))
            for case in cases
        ]
        after = load("/bench/trivial", concurrency=concurrency)
        trivial = min(before, after, key=lambda r: r["p99_ms"] or float("inf"))
        for name, kind, result in results:
            ratio = result["p99_ms"] / trivial["p99_ms"] if trivial["p99_ms"] and result["p99_ms"] else None
            judged = kind and concurrency == min(LEVELS)
            record(
                scenario=name,
                concurrency=concurrency,
                api=result,
                baseline=trivial,
                baseline_name="trivial Django view (same gunicorn)",
                ratio=ratio,
                unit="p99",
                **(verdict(kind, ratio) if judged else {}),
            )
            log(
                f"  {name} c={concurrency}: p99 {result['p99_ms']:.1f} ms vs {trivial['p99_ms']:.1f} ms, "
                f"{result['rps']:.1f} req/s"
            )


YANDEX_COPY_SQL = """
COPY (SELECT v.public_id, p.available, p.deleted, p.is_catch_weight, s.total, s.reserved
      FROM catalog_variant v JOIN catalog_product p ON p.id = v.product_id
      LEFT JOIN inventory_stocklevel s ON s.variant_id = v.id
           AND s.warehouse_id = (SELECT warehouse_id FROM yandex_eats_yandexplace WHERE place_id = 'bench-place')
      WHERE v.product_id IN (SELECT pc.product_id FROM catalog_product_collections pc
                             JOIN catalog_collection c ON c.id = pc.collection_id WHERE c.public_id = 'bench-yandex')
      ORDER BY v.id) TO STDOUT
"""


def yandex_against_copy(path: str, headers: dict, items: int):
    """The Yandex feed's whole answer against a COPY of the rows it is made of (reported, no target): how far
    the endpoint is from what reading the data costs, next to the trivial-view target of DESIGN.md."""
    api_seconds = statistics.median(timed_get(path, headers) for _ in range(5))
    copies = [timed_copy(YANDEX_COPY_SQL) for _ in range(5)]
    check(copies[0][1] == items, f"yandex: COPY read {copies[0][1]} rows, the API {items}")
    copy_seconds = statistics.median(c[0] for c in copies)
    record(
        scenario=f"Yandex availability, {items} items (whole answer)",
        api={"seconds": api_seconds},
        baseline={"seconds": copy_seconds},
        baseline_name="COPY of the same rows",
        ratio=api_seconds / copy_seconds,
        unit="time",
        **verdict("yandex", api_seconds / copy_seconds),
    )
    log(f"  yandex whole answer: {api_seconds:.3f} s vs COPY {copy_seconds:.3f} s")


# --- report -----------------------------------------------------------------------------------------------


def _figure(row: dict, side: str) -> str:
    data = row[side]
    if not data:
        return ""
    if "seconds" in data:
        return f"{data['seconds']:.3f} s"
    if "peak_mb" in data:
        return f"{data['peak_mb']:.1f} MB"
    errors = f" ({data['errors']} errors)" if data.get("errors") else ""
    if not data.get("requests"):
        return f"no answer within {DURATION:g} s{errors}"
    return f"{data['rps']:.0f}/s p50 {data['p50_ms']:.1f} p99 {data['p99_ms']:.1f} ms{errors}"


def table() -> str:
    header = ["scenario", "c", "API", "baseline", "ratio", "target", "met"]
    rows = [header]
    for row in RESULTS:
        met = row.get("met")
        rows.append(
            [
                row["scenario"],
                str(row.get("concurrency", "")),
                _figure(row, "api"),
                _figure(row, "baseline"),
                f"{row['ratio']:.2f}" if row.get("ratio") is not None else "-",
                row.get("target", ""),
                {True: "met", False: "MISSED", None: ""}[met],
            ]
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = ["| " + " | ".join(cell.ljust(widths[i]) for i, cell in enumerate(r)) + " |" for r in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def chart(path: Path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    judged = [r for r in RESULTS if r.get("met") is not None]
    labels = [r["scenario"] + (f" c={r['concurrency']}" if "concurrency" in r else "") for r in judged]
    ratios = [r["ratio"] for r in judged]
    targets = [float(r["target"].split()[-1]) for r in judged]
    colors = ["tab:green" if r["met"] else "tab:red" for r in judged]
    fig, ax = plt.subplots(figsize=(10, 0.6 * len(judged) + 1.5))
    y = range(len(judged))
    ax.barh(y, ratios, color=colors)
    ax.scatter(targets, y, marker="|", s=400, color="black", label="target", zorder=3)
    ax.set_yticks(list(y), labels)
    ax.set_xscale("log")
    ax.invert_yaxis()
    ax.set_xlabel("ratio to the baseline (log); green = target met, red = missed; | = target")
    ax.set_title(f"make bench, {PRODUCTS} products, {dt.date.today()}")
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def main():
    started = time.monotonic()
    log(
        f"bench: {PRODUCTS} products in {DB_NAME}, {WORKERS} gunicorn workers, levels {LEVELS}, {DURATION}s each, "
        f"load by {'wrk' if shutil.which('wrk') else 'python threads'}"
    )
    seeded = ensure_database()
    data = fixtures()
    # The measured server keeps the public cache off but has Redis for the throttle's counters, as production
    # does: without it every request would count itself in the database cache table (three more queries).
    cache = "redis, public cache off" if redis_answers() else "database cache (no Redis at BENCH_REDIS)"
    log(f"uncached server: {cache}")
    server = Server(env=with_redis(cache_seconds=0) if redis_answers() else None)
    try:
        log("1. public listing vs psycopg + orjson")
        scenario_listing()
        log("1b. time per page against catalog size")
        scenario_page_depth()
        log("1c. the cached public listing vs uncached (a second server, with Redis)")
        scenario_cached(data["token"])
        log("4-5. webhooks, private listing, admin vs a trivial view")
        scenario_webhooks(data["yandex"], data["token"], data["session"])
        log("3. /products/stocks vs COPY")
        scenario_stocks(data["token"])
        log("2. /products/batch vs COPY")
        scenario_batch(data["token"])
    finally:
        server.stop()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM catalog_product")
        products = cursor.fetchone()[0]
        cursor.execute("SELECT COUNT(*) FROM catalog_variant")
        variants = cursor.fetchone()[0]
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y-%m-%d")
    report = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "products_seeded": PRODUCTS,
        "products_in_db": products,
        "variants_in_db": variants,
        "database": DB_NAME,
        "workers": WORKERS,
        "cores": os.cpu_count(),
        "cache": cache,
        "levels": LEVELS,
        "duration_s": DURATION,
        "seed_seconds": seeded,
        "total_seconds": time.monotonic() - started,
        "results": RESULTS,
    }
    (out_dir / f"{stamp}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str))
    print(table())
    (out_dir / f"{stamp}.md").write_text(table() + "\n")
    if os.environ.get("BENCH_CHART", "1") != "0":
        chart(out_dir / f"{stamp}.png")
        draw_scaling(out_dir / "scaling.png")
    missed = [r["scenario"] for r in RESULTS if r.get("met") is False]
    log(
        f"results: bench/results/{stamp}.json (+ .png); {time.monotonic() - started:.0f} s in all; "
        f"missed: {', '.join(missed) or 'none'}"
    )


if __name__ == "__main__":
    main()
