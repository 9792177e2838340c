# Telusur: every habit has one entry point. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Django 6.1 needs Python >= 3.12: take the newest suitable interpreter on PATH or under pyenv.
PYTHON ?= $(shell for p in python3.13 python3.12 $(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python3.13) \
	$(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python3.12) python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { command -v $$p; break; }; done)

export SECRET_KEY_FILE ?= $(CURDIR)/var/secret_key
export DJANGO_SETTINGS_MODULE := portal.settings
PG := $(if $(DATABASE_URL),true,$(PY) -m portal.pgcluster)

.PHONY: redis loadgen help run test fuzz lint bench train-ner venv db-start db-stop migrate seed browser axe clean

help:
	@echo "make run        serve Telusur on http://127.0.0.1:$(PORT)/ (sets everything up on first run)"
	@echo "make test       the whole test suite: unit, PostgreSQL and headless-Chromium browser tests"
	@echo "make lint       ruff and the import layers (import-linter)"
	@echo "make fuzz       the property tests with 2,000 examples each (every public URL, every reader)"
	@echo "make bench      benchmarks (reads ../shared/data)"
	@echo "make train-ner  retrain the entity recogniser from ../shared/data/ner"

$(VENV)/.installed: requirements.txt
	@test -n "$(PYTHON)" || { echo "Telusur needs Python >= 3.12 (Django 6.1). Install python3.12 or python3.13," \
		"or set PYTHON=/path/to/python3.12" >&2; exit 1; }
	@echo "Using $(PYTHON) ($$($(PYTHON) --version))"
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

venv: $(VENV)/.installed

var/secret_key:
	@mkdir -p var && umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

db-start: venv
	@$(PG) start

db-stop:
	@$(PG) stop

migrate: venv var/secret_key db-start
	$(PY) manage.py migrate --noinput -v 0

# First run only: ingest the seed articles and build the search index.
var/.seeded: | migrate
	$(PY) manage.py ingest fixtures/seeds
	$(PY) manage.py rebuild_index --noinput -v 0
	touch $@

seed: var/.seeded

# Targets that start the private cluster stop it afterwards, unless it was already running before them.
PG_STOP_AFTER = was=$$($(PG) status); trap '[ "$$was" = running ] || $(PG) stop' EXIT;

run: venv var/secret_key migrate seed
	$(PY) manage.py collectstatic --noinput -v 0
	@echo "Telusur on http://127.0.0.1:$(PORT)/ (Ctrl-C stops it)"
	@trap '$(PG) stop' EXIT; PORT=$(PORT) $(VENV)/bin/gunicorn -c portal/gunicorn.conf.py portal.wsgi

# Debian's chromium drives the browser tests; Playwright cannot download its own browser here.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing Debian's chromium for the browser tests"; \
			(apt-get install -y -qq chromium >/dev/null 2>&1 || \
			 { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }) || \
			echo "WARNING: chromium could not be installed; browser tests will be skipped" >&2; \
		else echo "WARNING: chromium missing (apt-get install chromium); browser tests will be skipped" >&2; fi; }

# axe-core (npm) checks every reader page for WCAG 2.1 A/AA in the browser tests; installed into var/axe/.
AXE_VERSION := 4.14.1
AXE := var/axe/node_modules/axe-core/axe.min.js

$(AXE):
	@command -v npm >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing Debian's npm for axe-core"; \
			(apt-get install -y -qq npm >/dev/null 2>&1 || \
			 { apt-get update -qq && apt-get install -y -qq npm >/dev/null; }) || true; fi; }
	@mkdir -p var/axe && npm install --silent --no-audit --no-fund --save-exact --prefix var/axe \
		axe-core@$(AXE_VERSION) >/dev/null || \
		echo "WARNING: axe-core could not be installed; the accessibility tests will be skipped" >&2

axe: $(AXE)

# Debian's redis-server backs the shared-cache tests and the scale-out load test (REDIS_URL overrides it).
redis:
	@command -v redis-server >/dev/null 2>&1 || [ -n "$(REDIS_URL)" ] || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing Debian's redis-server for the shared-cache tests"; \
			(apt-get install -y -qq redis-server >/dev/null 2>&1 || \
			 { apt-get update -qq && apt-get install -y -qq redis-server >/dev/null; }) || \
			echo "WARNING: redis-server could not be installed; the Redis tests will be skipped" >&2; \
		else echo "WARNING: redis-server missing (apt-get install redis-server); the Redis tests will be skipped" >&2; fi; }

test: venv var/secret_key browser redis axe
	@$(PG_STOP_AFTER) $(PG) start && $(PY) manage.py collectstatic --noinput -v 0 && \
		$(VENV)/bin/ruff check . && $(VENV)/bin/lint-imports --no-cache --no-logo && $(VENV)/bin/pytest $(PYTEST_ARGS)

# The property tests (every public URL, every reader) with many more examples than `make test` runs.
fuzz: venv var/secret_key
	@$(PG_STOP_AFTER) $(PG) start && $(VENV)/bin/pytest -q -p no:cacheprovider --hypothesis-profile=long \
		tests/robustness/test_every_url.py tests/robustness/test_fuzz_readers.py $(PYTEST_ARGS)

# ruff, then the import layers and the absence of import cycles (pyproject.toml, [tool.importlinter]).
lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache --no-logo

# make bench BENCH_ARGS="--quick" or "latency relevance"; see bench/README.md (reads ../shared/data).
bench: venv var/secret_key loadgen redis
	@$(PG_STOP_AFTER) $(PG) start && $(PY) -m bench $(BENCH_ARGS)

# Debian's wrk drives the page benchmark's load (without it, a slower threaded Python client is used).
loadgen:
	@command -v wrk >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing Debian's wrk for the page benchmark"; \
			(apt-get install -y -qq wrk >/dev/null 2>&1 || \
			 { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }) || \
			echo "WARNING: wrk could not be installed; the page benchmark uses its Python client" >&2; \
		else echo "WARNING: wrk missing (apt-get install wrk); the page benchmark uses its Python client" >&2; fi; }

# The gazetteer's matches and the word clusters are features of the model: rebuild them together.
train-ner: venv
	$(PY) -m articles.entities.build_gazetteer --data ../shared/data
	$(PY) -m articles.entities.train_word_clusters --data ../shared/data --out fixtures/models/clusters-id.tsv \
		--signs fixtures/models/signs-id.tsv
	$(PY) -m articles.entities.train --data ../shared/data --out fixtures/models/ner-id.crfsuite

clean: db-stop
	rm -rf var/whoosh var/staticfiles var/.seeded
