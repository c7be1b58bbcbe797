"""`make load`: the public listing and the IMSHOP availability webhook under sustained concurrent load.

    BENCH_PRODUCTS=10000 .venv/bin/python bench/load.py

Each endpoint gets LOAD_CONNECTIONS concurrent clients (default 64) for LOAD_DURATION seconds (default 60)
from wrk, against the same gunicorn and database as `make bench` (bench/run.py: database bench_<products>,
seeded once; gunicorn with one worker per core). Reported: requests/s, p50/p99 latency, non-2xx answers and
socket errors (connect, read, write, timeout). The promise (docs/security.md) is zero errors of either kind;
the exit status is 1 when there is any. Results: bench/results/load-<date>.json and a table on stdout.

Environment: LOAD_CONNECTIONS, LOAD_DURATION, plus bench/run.py's BENCH_PRODUCTS, BENCH_PG, BENCH_PORT,
BENCH_WORKERS.
"""

import datetime as dt
import json
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# Its own port, so that it never measures (or disturbs) a `make bench` server on the bench's port 8799.
os.environ.setdefault("BENCH_PORT", "8796")

from bench import run  # noqa: E402

CONNECTIONS = int(os.environ.get("LOAD_CONNECTIONS", "64"))
DURATION = float(os.environ.get("LOAD_DURATION", "60"))


def cases() -> list[tuple[str, str, str, bytes | None, dict]]:
    """(name, method, path, body, headers), each checked once before it is loaded."""
    listing = "/api/lite/pub/products?size=100"
    status, body = run.request("GET", listing)
    run.check(status == 200 and json.loads(body)["products"], f"listing: HTTP {status}")
    ids, imshop_body, imshop_headers = run.imshop_availability_case(50)
    return [
        ("GET /api/lite/pub/products size=100", "GET", listing, None, {}),
        (f"IMSHOP availability webhook, {len(ids)} ids", "POST", "/webhooks/imshop/availability", imshop_body,
         imshop_headers),
    ]  # fmt: skip


def table(rows: list[dict]) -> str:
    lines = [
        "| endpoint | clients | duration | requests | req/s | p50 | p99 | non-2xx | socket errors |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['endpoint']} | {r['connections']} | {r['duration_s']:.0f} s | {r['requests']} | {r['rps']:.1f} "
            f"| {r['p50_ms']:.0f} ms | {r['p99_ms']:.0f} ms | {r['non_2xx']} | {r['socket_errors']} |"
        )
    return "\n".join(lines)


def main():
    if not shutil.which("wrk"):
        raise SystemExit("the load test needs wrk (apt-get install wrk)")
    run.DURATION = DURATION  # run._wrk reads its duration from there
    started = time.monotonic()
    run.log(f"load: {CONNECTIONS} connections x {DURATION:.0f} s per endpoint, {run.WORKERS} workers, {run.DB_NAME}")
    run.ensure_database()
    server = run.Server()
    rows = []
    try:
        for name, method, path, body, headers in cases():
            result = run.load(path, method=method, body=body, headers=headers, concurrency=CONNECTIONS)
            rows.append({"endpoint": name, "connections": CONNECTIONS, "duration_s": DURATION, **result})
            run.log(f"  {name}: {result['rps']:.1f}/s p99 {result['p99_ms']:.0f} ms, errors {result['errors']}")
    finally:
        server.stop()
    out = ROOT / "bench" / "results" / f"load-{dt.date.today().isoformat()}.json"
    out.parent.mkdir(exist_ok=True)
    report = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "database": run.DB_NAME,
        "workers": run.WORKERS,
        "cores": os.cpu_count(),
        "load_average_after": os.getloadavg(),
        "total_seconds": time.monotonic() - started,
        "results": rows,
    }
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(table(rows))
    errors = sum(r["errors"] for r in rows)
    run.log(f"results: {out.relative_to(ROOT)}; errors: {errors}")
    if errors:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
