"""config.api.throttling: the rate is judged on a sliding estimate over one counter per window, refused
requests are not counted, Retry-After tells when the next one fits, and parallel requests are each counted."""

import os
import threading

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.test import RequestFactory
from rest_framework.request import Request
from rest_framework.test import APIClient

from config.api.views import PublicThrottle

pytestmark = pytest.mark.django_db


def public_rate(monkeypatch, rate: str):
    # DRF reads the rates into the class once, at import: settings overrides do not reach them.
    monkeypatch.setattr(PublicThrottle, "THROTTLE_RATES", {**PublicThrottle.THROTTLE_RATES, "public": rate})


@pytest.fixture
def ten_a_minute(monkeypatch):
    public_rate(monkeypatch, "10/min")


def client_request(address: str = "10.1.1.1") -> Request:
    request = Request(RequestFactory().get("/api/lite/pub/products", REMOTE_ADDR=address))
    request.user = AnonymousUser()
    return request


def ask(at: float, address: str = "10.1.1.1") -> tuple[bool, float | None]:
    throttle = PublicThrottle()
    throttle.timer = lambda: at
    allowed = throttle.allow_request(client_request(address), None)
    return allowed, None if allowed else throttle.wait()


def test_the_rate_holds_across_a_windows_edge(ten_a_minute):
    """Ten at the end of one minute leave no room at the start of the next (a fixed window would let ten
    more through): the previous minute's count weighs in by the share of it still inside the last 60 s."""
    minute = 60 * 1_000_000
    assert [ask(minute + 59)[0] for _ in range(10)] == [True] * 10

    allowed, retry_after = ask(minute + 61)
    assert not allowed
    assert retry_after == pytest.approx(5)  # at +66 s: 10 × 54/60 + 1 = 10
    assert ask(minute + 65.9)[0] is False
    assert ask(minute + 66.1)[0] is True
    assert ask(minute + 66.2, address="10.9.9.9")[0] is True  # another client has its own count


def test_refused_requests_are_not_counted(ten_a_minute):
    minute = 60 * 2_000_000
    assert all(ask(minute + 1)[0] for _ in range(10))
    refusals = [ask(minute + 2) for _ in range(50)]

    assert {allowed for allowed, _ in refusals} == {False}
    # Still 10 served in this minute, not 60: one more fits 6 s into the next (10 × 54/60 + 1 = 10).
    assert refusals[-1][1] == pytest.approx(60 - 2 + 6)
    assert ask(minute + 60 + 5.9)[0] is False
    assert ask(minute + 60 + 6.1)[0] is True


def test_the_answer_carries_retry_after_in_the_error_envelope(ten_a_minute):
    anon = APIClient()
    statuses = [anon.get("/api/lite/pub/products/brands").status_code for _ in range(11)]

    assert statuses == [200] * 10 + [429]
    refused = anon.get("/api/lite/pub/products/brands")
    assert refused.json()["success"] is False
    assert 1 <= int(refused["Retry-After"]) <= 120


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI's PostgreSQL run has it)")
def test_parallel_requests_are_each_counted_in_redis(settings, monkeypatch):
    """DRF's list of request times is read, appended and written back: two processes reading it at once
    both write it, and one request goes uncounted. Redis's INCR counts each."""
    settings.CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": os.environ["REDIS_URL"]}}
    public_rate(monkeypatch, "40/min")
    cache.clear()
    start, answers, lock = threading.Barrier(8), [], threading.Lock()

    def client():
        start.wait()
        mine = [PublicThrottle().allow_request(client_request("10.2.2.2"), None) for _ in range(10)]
        with lock:
            answers.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert answers.count(True) == 40
        assert answers.count(False) == 40
    finally:
        cache.clear()


def test_redis_down_serves_the_public_listing_uncounted_and_uncached(settings):
    """The cache is an optimisation (settings: IGNORE_EXCEPTIONS): with Redis unreachable the storefront is
    still answered, neither throttled nor cached, rather than failing with a 500."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
        }
    }
    settings.PUBLIC_CACHE_SECONDS = 60

    answers = [APIClient().get("/api/lite/pub/products", {"size": 1}) for _ in range(3)]

    assert [answer.status_code for answer in answers] == [200, 200, 200]
    assert answers[0].json()["success"] is True
