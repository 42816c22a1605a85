# Two commands for a new machine: `make run` and `make test`.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
WANTED_PYTHON := $(shell cat .python-version 2>/dev/null)

# Development defaults; real deployments set these in the environment.
export DJANGO_DEBUG ?= 1

# The suite runs in parallel, one worker per core (pytest-xdist); each test file stays on one
# worker. `make pytest PYTEST_ARGS=` runs it in one process.
PYTEST_ARGS ?= -n auto --dist loadfile

# Where `make backup` writes its archives (README, "Backups").
BACKUP_DIR ?= var/backups

.PHONY: help setup run test lint check pytest bench backup clean

help:
	@echo "make run    set up and serve the app with demo data on http://127.0.0.1:$(PORT)"
	@echo "make test   set up, lint, check and run the whole test suite"
	@echo "make setup  create .venv, install, migrate and load demo data"
	@echo "make lint   ruff and the import contracts (lint-imports)"
	@echo "make bench  print the performance figures"
	@echo "make backup write a backup of the database and uploaded files to $(BACKUP_DIR)"

# The venv is rebuilt only when requirements.txt changes, so `make setup` is quick otherwise.
$(VENV)/.installed: requirements.txt .python-version
	@set -e; \
	if [ ! -x $(PY) ]; then \
	  found=""; \
	  for c in python$(WANTED_PYTHON) python3.13 python3.12 python3; do \
	    if command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	      found=$$c; break; \
	    fi; \
	  done; \
	  if [ -z "$$found" ]; then \
	    echo "error: Python 3.12 or newer is needed (.python-version asks for $(WANTED_PYTHON)); install it and run make again." >&2; \
	    exit 1; \
	  fi; \
	  echo "Creating $(VENV) with $$($$found --version)"; \
	  $$found -m venv $(VENV); \
	fi
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

setup: $(VENV)/.installed
	@mkdir -p -m 700 var
	$(PY) manage.py migrate --noinput --verbosity 0
	$(PY) manage.py seed_demo

run: setup
	@echo "Serving on http://127.0.0.1:$(PORT)/ (Ctrl+C stops)"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

check: $(VENV)/.installed
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

pytest: $(VENV)/.installed
	@if [ -x /usr/bin/chromium ]; then \
	  echo "Chromium found: the end-to-end browser tests will run."; \
	elif [[ "$${E2E_REQUIRED,,}" =~ ^(1|true|yes|on)$$ ]]; then \
	  echo "ERROR: E2E_REQUIRED is set but /usr/bin/chromium is not installed (apt-get install chromium)."; \
	else \
	  echo "NOTE: /usr/bin/chromium is not installed: the end-to-end browser tests are SKIPPED (apt-get install chromium)."; \
	fi
	$(BIN)/pytest $(PYTEST_ARGS)

test: setup lint check pytest

bench: setup
	$(PY) manage.py bench

backup: $(VENV)/.installed
	$(PY) manage.py backup --output $(BACKUP_DIR)

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .hypothesis
