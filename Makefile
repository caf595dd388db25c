# baomi — the README's commands. `make run` sets everything up and serves the demo;
# `make test` runs lint, types, the import contracts and the whole suite (SQLite, and
# PostgreSQL when DATABASE_URL names one).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= config.settings.local

.PHONY: run setup system-deps test lint typecheck importlint bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian packages: Chromium for browser tests, the CJK font for pages, PDFs and screenshots,
# gettext for the translations, npm when the machine has none; qpdf and poppler-utils
# (pdftoppm) for files and their benchmark, LibreOffice to convert Office uploads to PDF.
system-deps:
	@missing=""; \
	for p in chromium fonts-wqy-microhei gettext qpdf poppler-utils libreoffice-core libreoffice-writer libreoffice-calc libreoffice-impress; do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  elif command -v sudo >/dev/null; then sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else echo "Please install:$$missing (Debian packages)"; exit 1; fi; \
	fi

setup: system-deps $(BIN)/.installed node_modules/.installed
	$(BIN)/baomi collectstatic --noinput -v0

run: setup
	$(BIN)/baomi migrate --noinput -v0
	$(BIN)/baomi policy_sync
	$(BIN)/baomi demo_load --if-empty
	@echo "baomi 正在运行 / serving on http://$(HOST):$(PORT)/"
	$(BIN)/baomi runserver $(HOST):$(PORT) --noreload

lint: $(BIN)/.installed
	$(BIN)/ruff check .

typecheck: $(BIN)/.installed
	$(BIN)/mypy baomi config

# The floors of docs/decisions/0007-layers.md (import-linter contracts in pyproject.toml).
importlint: $(BIN)/.installed
	$(BIN)/lint-imports

test: lint typecheck importlint setup
	@echo "== SQLite =="
	env -u DATABASE_URL DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/pytest
	@if [ -n "$$DATABASE_URL" ]; then \
	  echo "== PostgreSQL =="; \
	  DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/pytest -m "not e2e"; \
	fi

bench: setup
	$(BIN)/python bench/access_list.py
	$(BIN)/python bench/audit.py
	$(BIN)/python bench/watermark.py
	$(BIN)/python bench/customers_scan.py

clean:
	rm -rf $(VENV) node_modules data build *.egg-info
