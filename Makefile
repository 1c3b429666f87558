# SongWish: `make run` to use it, `make test` to check it. Both set up .venv themselves.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
export HOST PORT

.PHONY: run test test-fast bench lint install lock clean

$(STAMP): pyproject.toml requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@test -x $(UV) || $(VENV)/bin/pip install --quiet --disable-pip-version-check uv
	$(UV) pip install --quiet --python $(PY) -r requirements.lock
	$(UV) pip install --quiet --python $(PY) --no-deps -e .
	@touch $(STAMP)

install: $(STAMP) ## create .venv and install the locked dependencies

run: install ## migrate, build the catalogue index if needed, serve on http://$(HOST):$(PORT)
	$(VENV)/bin/songwish serve --host $(HOST) --port $(PORT)

test: install ## the whole suite: unit, integration (SQLite, PostgreSQL, Redis, Chroma), browser
	$(PY) -m pytest -q

test-fast: install ## unit tests only, no browser
	$(PY) -m pytest -q -m "not browser and not slow"

bench: install ## every benchmark in bench/, figures written to bench/RESULTS.md
	$(PY) bench/run_all.py

lint: install ## ruff and mypy on the source tree
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy songwish store commerce web agents tools knowledge products

lock: ## refresh requirements.lock after changing pyproject.toml
	$(UV) pip compile pyproject.toml --extra dev --python-version 3.11 --quiet -o requirements.lock

clean: ## remove local data (database, index, secret) and caches, keep .venv
	rm -rf var .pytest_cache .ruff_cache .mypy_cache
