"""The cyclic garbage collector tuned for a long-running server process (web worker, Celery worker).

CPython's default (a young-generation collection every 700 net allocations) makes object-heavy requests pay for
traversing every object Django and the app keep alive: building the documents of 1000 products (about 50,000
model instances and dicts) spent half its time in collections, 0.66-0.80 s against 0.39 s without them
(docs/performance.md). Request garbage is freed by reference counting; the collector only has cycles to find,
so it can run far less often:
- `gc.freeze()` moves everything loaded at start-up (Django, the URLconf, the models) out of the collector's
  sight: full collections stop re-scanning it, and forked workers stop dirtying its pages;
- the young generation collects every GC_THRESHOLD allocations (default 10,000) instead of 700.
"""

import gc
import os

DEFAULT_THRESHOLDS = (10_000, 50, 100)


def tune_gc() -> None:
    """Call once per process, after Django is set up."""
    young = int(os.environ.get("GC_THRESHOLD", DEFAULT_THRESHOLDS[0]))
    gc.freeze()
    gc.set_threshold(young, *DEFAULT_THRESHOLDS[1:])
