# Lisko: `make demo` runs the whole system with demo data; `make test` runs the test suite.
SHELL := /bin/bash
UV_VERSION := 0.13.9
UV := .tools/bin/uv
PYTHON := $(shell scripts/find-python.sh)
export UV_PYTHON := $(PYTHON)
export UV_PYTHON_DOWNLOADS := never

# The test suite talks to real PostgreSQL and Redis (override either to point elsewhere).
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/lisko
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0

.PHONY: install demo test lint bench-matching bench-api bench-planning messages

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv==$(UV_VERSION)

install: $(UV)
	$(UV) sync --frozen

demo: install
	.venv/bin/python manage.py run_demo

# One process per CPU (at most four), each taking whole test files, so that a module's shared
# setup (the demo data, a worker) is built once; TEST_PROCESSES=0 runs in one process.
TEST_PROCESSES ?= auto
test: install
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
		.venv/bin/pytest -n $(TEST_PROCESSES) --maxprocesses=4 --dist loadfile --durations=25 $(PYTEST_ARGS)

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

bench-matching: install
	.venv/bin/lisko-match-bench

# Needs PostgreSQL: DATABASE_URL names the server; the benchmark makes a database of its own.
bench-api: install
	.venv/bin/python -m benchmarks.api

# Needs PostgreSQL too: makes lisko_bench_planning, measures the planning pages, API, figures
# and social report, and writes docs/planning-benchmark.md.
bench-planning: install
	.venv/bin/python -m benchmarks.planning

messages: install
	.venv/bin/python manage.py makemessages --no-location -l en -l de -l fr -l ar -l uk -l ti -l ru -l tr -l fa -l pt \
		--ignore=.venv --ignore=.tools --ignore=var --ignore=tests
	.venv/bin/python manage.py compilemessages --ignore=.venv --ignore=.tools
	.venv/bin/python scripts/check_translations.py
