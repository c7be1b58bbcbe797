"""gunicorn settings of the web process: `gunicorn -c config/gunicorn.conf.py config.wsgi:application`.

Threaded workers (gthread): a connection waits in the worker's poller until it has sent something, and one
slow client (headers trickling in a byte at a time) holds one thread, not a whole worker, so a few slow
clients cannot starve the server as they do sync workers on an open port. Behind a buffering reverse proxy
(nginx) the app sees only whole requests anyway; the threads are the defence when it is exposed directly.
Every knob can be overridden from the environment (or gunicorn's own GUNICORN_CMD_ARGS)."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count()))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 8))
# A request (including reading it) must finish within this; a client that keeps a thread longer is cut off.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
# Bounded request line and headers: a client cannot make a thread buffer a huge header.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
