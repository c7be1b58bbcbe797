# Two commands: `make run` (serve the demo catalog) and `make test`. Both set everything up.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Development key for the IMSHOP webhooks (set your own in production; unset there, the webhooks are closed).
IMSHOP_API_KEY ?= dev-imshop-key

.PHONY: install run test lint worker beat fake-wms bench load faults

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

install: $(VENV)/.installed

# A local .env for development (gitignored, never committed; written once, then yours to edit): with it the
# README's `manage.py` commands work as printed, without DEBUG=1 typed by hand. Production sets real variables.
.env:
	printf '# Written by `make run` for local development only. Never commit it; production sets real variables.\nDEBUG=1\nIMSHOP_API_KEY=%s\n' '$(IMSHOP_API_KEY)' > $@

run: install .env
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_catalog --url http://$(HOST):$(PORT)
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) -m pytest

# The same checks as CI and the pre-commit hook: style, migrations in step with the models, the import contracts.
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/lint-imports --no-logo
	DEBUG=1 $(VENV)/bin/mypy

worker: install  # every queue in one worker (development); production runs one worker per queue
	$(VENV)/bin/celery -A config worker --loglevel=INFO -Q default,wms,images,imports

worker-%: install  # make worker-wms | worker-images | worker-imports | worker-default
	$(VENV)/bin/celery -A config worker --loglevel=INFO -Q $* -n $*@%h

beat: install
	$(VENV)/bin/celery -A config beat --loglevel=INFO

# The fake WMS (docs/wms-protocol.md) on WMS_BASE_URL's default address, http://127.0.0.1:8765.
# FAKE_WMS_ARGS passes options, e.g. FAKE_WMS_ARGS="--mode slow --verbose".
fake-wms: install
	DEBUG=1 $(PY) manage.py run_fake_wms $(FAKE_WMS_ARGS)

# The benchmark (docs/performance.md): BENCH_PRODUCTS=10000 make bench for a quick run (default 100000).
bench: install
	command -v wrk >/dev/null || apt-get install -y wrk || echo "wrk unavailable: the Python load loop is used"
	$(PY) -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt
	$(PY) bench/run.py

# Load and fault tests (docs/performance.md, "Load and faults"); same database and server as the bench.
# load: the public listing and the IMSHOP webhook at 64 clients for 60 s each (LOAD_CONNECTIONS, LOAD_DURATION).
load: install
	command -v wrk >/dev/null || apt-get install -y wrk
	$(PY) bench/load.py

# faults: PostgreSQL restarted under load (restarts the local cluster: every connection to it is cut) and a
# private Redis (port 6390) stopped under load, and four slow clients (a header byte every 2 s) against the
# threaded gunicorn. `$(PY) bench/faults.py redis` (or `slow`) runs only that one.
faults: install
	$(PY) bench/faults.py
