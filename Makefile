# Duta's commands. The two that matter: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DUTA := $(BIN)/duta
STAMP := $(VENV)/.installed

.PHONY: install run serve demo worker test lint typecheck migrations-check translations-check \
        test-sqlite test-postgres bench-roster bench-screening bench-links bench-analytics messages lock clean

install: $(STAMP)

$(STAMP): requirements/base.txt requirements/dev.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Duta needs Python 3.11 or newer")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements/dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@mkdir -p var/static var/media
	@touch $(STAMP)

run: install
	$(DUTA) migrate --noinput
	$(DUTA) demo
	@# beside the web server: the background worker (e-mails, imports) and the click shipper (tracked links)
	$(DUTA) worker & worker=$$!; $(DUTA) clicks ship & shipper=$$!; \
	  trap 'kill $$worker $$shipper 2>/dev/null' EXIT INT TERM; $(DUTA) serve

serve: install
	$(DUTA) serve

demo: install
	$(DUTA) demo

worker: install
	$(DUTA) worker

test: install lint typecheck migrations-check translations-check test-sqlite test-postgres

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

migrations-check: install
	DATABASE_URL= $(DUTA) makemigrations --check --dry-run

translations-check: install
	$(BIN)/python scripts/check_translations.py

test-sqlite: install
	DATABASE_URL= $(BIN)/python scripts/run_suite.py sqlite

test-postgres: install
	$(BIN)/python scripts/run_suite.py postgres

bench-roster: install
	$(BIN)/python benchmarks/roster_import.py --format csv
	$(BIN)/python benchmarks/roster_import.py --format xlsx

bench-screening: install
	$(BIN)/python benchmarks/screening.py

# the redirector beside nginx under wrk, the click journal's durability, and the shipping rate (needs PostgreSQL)
bench-links: install
	@command -v wrk >/dev/null 2>&1 && (command -v nginx || test -x /usr/sbin/nginx) >/dev/null 2>&1 || \
		(apt-get update -qq && apt-get install -y -qq --no-install-recommends wrk nginx-light)
	$(BIN)/python benchmarks/links.py

# the dashboards' server time (p50, p95) at the scale of a national program: `duta demo --scale large` (100,000
# ambassadors, 10 million clicks) on SQLite, then on PostgreSQL (needs it on 127.0.0.1:5432); takes a while
bench-analytics: install
	$(BIN)/python benchmarks/analytics.py

messages: install
	cd src/duta && ../../$(DUTA) makemessages --locale id --no-obsolete --add-location file
	cd src/duta && ../../$(DUTA) compilemessages --locale id

lock:
	rm -rf /tmp/duta-lock && $(PYTHON) -m venv /tmp/duta-lock
	/tmp/duta-lock/bin/pip install --quiet -e '.[dev]'
	/tmp/duta-lock/bin/pip freeze --exclude-editable

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
