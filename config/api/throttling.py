"""Rate limits counted with one atomic counter per client and minute (or the rate's period) in the shared
cache, instead of DRF's list of request times.

DRF's SimpleRateThrottle reads the client's whole history (up to the rate: 600 timestamps for the public
listing), appends and writes it back: two transfers that grow with the rate (a third of a cached listing
answer's time), and two processes that read the same history both write it back, so parallel requests are
counted once. Here a request increments the counter of the current window (`incr`: atomic in Redis) and
reads the previous window's final count; the rate is judged on the sliding estimate

    previous × (share of the previous window still inside the last period) + current

which lets no burst of twice the rate through at a window's edge, as a plain fixed window would. A refused
request is not counted (as with DRF: the rate limits what is served), and Retry-After says when the
estimate will let one more request in.
"""

from redis.exceptions import RedisError
from rest_framework.throttling import AnonRateThrottle


class SlidingWindowThrottle(AnonRateThrottle):
    num_requests: int  # from the rate, set by DRF's __init__
    duration: int
    previous: int  # the previous window's count
    current: int  # this window's, with this request if it was served
    elapsed: float  # seconds into this window

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        window, elapsed = divmod(self.now, self.duration)
        self.elapsed = elapsed
        current_key, previous_key = f"{self.key}:{int(window)}", f"{self.key}:{int(window) - 1}"
        self.previous, self.current = self._count(current_key, previous_key)
        if self._estimate(self.current) <= self.num_requests:
            return True
        self.current -= 1
        try:
            self.cache.decr(current_key)  # refused: not counted
        except ValueError:  # expired meanwhile: nothing left to take back
            pass
        return False

    def _count(self, current_key: str, previous_key: str) -> tuple[int, int]:
        """(the previous window's count, this window's count with this request)."""
        redis = _redis_client(self.cache)
        if redis is not None:  # one round trip
            pipe = redis.pipeline(transaction=False)
            pipe.get(self.cache.make_key(previous_key))
            pipe.incr(self.cache.make_key(current_key))
            pipe.expire(self.cache.make_key(current_key), self.duration * 2)
            try:
                previous, current, _ = pipe.execute()
            except RedisError:  # Redis down: serve, as the cache's IGNORE_EXCEPTIONS does everywhere else
                return 0, 0
            return int(previous or 0), current
        previous = self.cache.get(previous_key, 0)
        try:
            return previous, self.cache.incr(current_key)
        except ValueError:  # the window's first request (or its counter expired)
            if self.cache.add(current_key, 1, self.duration * 2):
                return previous, 1
            return previous, self.cache.incr(current_key)  # another process added it meanwhile

    def _estimate(self, current: int, elapsed: float | None = None) -> float:
        elapsed = self.elapsed if elapsed is None else elapsed
        return self.previous * (1 - elapsed / self.duration) + current

    def wait(self):
        """Seconds until one more request fits: later in this window as the previous window's share fades,
        else into the next one, where this window's count is the share that fades."""
        allowed = self.num_requests - self.current - 1  # room left for the previous window's share
        if allowed >= 0:
            if not self.previous:
                return 0.0
            return max((1 - allowed / self.previous) * self.duration - self.elapsed, 0.0)
        share = 1 - (self.num_requests - 1) / self.current
        return self.duration - self.elapsed + max(share, 0.0) * self.duration


def _redis_client(cache):
    """The Redis client under a django-redis cache (None for another backend)."""
    client = getattr(cache, "client", None)
    get_client = getattr(client, "get_client", None)
    return get_client(write=True) if get_client is not None else None
