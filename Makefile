# hocbac — `make run` serves the demo ward on SQLite; `make test` runs lint and the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test test-pg e2e lint format bench bench-contest bench-dashboard bench-faults check-deploy clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.runtime: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e ".[dev]"
	touch $@ $(VENV)/.runtime

run: $(VENV)/.runtime
	HOCBAC_HTTPS=$${HOCBAC_HTTPS:-0} PORT=$(PORT) $(BIN)/hocbac serve

lint: $(VENV)/.dev
	$(BIN)/ruff check .

format: $(VENV)/.dev
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

# The whole suite on SQLite, or on PostgreSQL when DATABASE_URL is set. Browser tests run when
# Debian's chromium is installed (.ci/run installs it) and are skipped with a notice otherwise.
test: lint
	$(BIN)/pytest $(PYTEST_ARGS)

e2e: $(VENV)/.dev
	$(BIN)/pytest tests/e2e $(PYTEST_ARGS)

bench: $(VENV)/.dev
	$(BIN)/python bench/import_members.py
	$(BIN)/python bench/near_copies.py

$(VENV)/.bench: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e ".[dev,bench]"
	touch $@ $(VENV)/.dev $(VENV)/.runtime

# The contest under load (docs/benchmarks.md): gunicorn, a fresh PostgreSQL database on
# 127.0.0.1:5432 (user postgres), sessions in Redis, pgbench, and django-mcq (the `bench` extra)
# for comparison. About 6 minutes; BENCH_ARGS="--help" lists the knobs.
bench-contest: $(VENV)/.bench
	$(BIN)/python bench/contest.py $(BENCH_ARGS)

# Faults under load (docs/benchmarks.md): its own PostgreSQL (initdb in a temporary directory, run as
# the postgres user) and its own Redis, gunicorn; a worker SIGKILLed, PostgreSQL restarted, Redis
# flushed and restarted during a contest journey; then the ledger and leaderboard checks. About 2 minutes.
bench-faults: $(VENV)/.bench
	$(BIN)/python -u bench/faults.py $(BENCH_ARGS)

# Dashboards on a synthetic province (500.000 members by default; BENCH_ARGS="--members 20000" to try).
bench-dashboard: $(VENV)/.dev
	$(BIN)/python -u bench/dashboard.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var
