"""Profile one hot path in-process with pyinstrument, on the database `make bench` built.

    BENCH_PRODUCTS=10000 .venv/bin/python bench/profile.py batch|update|listing|filtered|yandex|stocks|private|imshop

Prints pyinstrument's call tree (the slowest part first); used for docs/performance.md.
"""

import os
import sys
import uuid

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench import run  # noqa: E402  (sets the environment: database, DEBUG off, keys)


def main(what: str):
    import django

    django.setup()
    import orjson
    from django.test import Client
    from pyinstrument import Profiler

    data = run.fixtures()
    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {data['token']}")
    batch_id = uuid.uuid4().hex[:8]
    calls = {
        "listing": lambda: client.get("/api/lite/pub/products", run.LISTING_CASES["plain"]),
        "filtered": lambda: client.get("/api/lite/pub/products", run.LISTING_CASES["filtered"]),
        "private": lambda: client.get("/api/lite/products", {"size": 100}),
        "batch": lambda: client.post(
            "/api/lite/products/batch",
            orjson.dumps(run.batch_payload(batch_id, update=False)),
            content_type="application/json",
        ),
        "stocks": lambda: b"".join(client.get("/api/lite/products/stocks", {"size": 100000}).streaming_content),
    }
    if what == "update":
        calls["batch"]()
        calls["update"] = lambda: client.post(
            "/api/lite/products/batch",
            orjson.dumps(run.batch_payload(batch_id, update=True)),
            content_type="application/json",
        )
    if what == "imshop":
        _ids, body, headers = run.imshop_availability_request()
        imshop = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=headers["Authorization"])
        calls["imshop"] = lambda: [
            imshop.post("/webhooks/imshop/availability", body, content_type="application/json") for _ in range(100)
        ]
    if what == "yandex":
        from urllib.parse import urlencode

        client_id, secret = data["yandex"]
        form = urlencode({"client_id": client_id, "client_secret": secret, "grant_type": "client_credentials"})
        token = client.post(
            "/yandex-eats/security/oauth/token", form, content_type="application/x-www-form-urlencoded"
        ).json()["access_token"]
        yandex = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {token}")
        calls["yandex"] = lambda: b"".join(
            yandex.get("/yandex-eats/nomenclature/bench-place/availability").streaming_content
        )
    if what not in ("batch", "update"):
        calls[what]()  # warm up
    profiler = Profiler(interval=0.002)
    profiler.start()
    calls[what]()
    profiler.stop()
    print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "listing")
