# Two commands do all the set-up on a fresh machine with Python 3.11+ and make:
#   make run   — environment, migrations, demo data, local admin, site + Celery worker/beat
#   make test  — environment, then the whole test suite (browser tests when Chromium is present)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
export PATH := $(CURDIR)/$(BIN):$(PATH)
export PYTHONPATH := $(CURDIR)/site:$(CURDIR)
export DJANGO_SETTINGS_MODULE := config.settings

.PHONY: run test lint install migrate demo serve serve-prod lock clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.lock | $(BIN)/activate
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --no-input

demo: migrate
	$(PY) manage.py load_demo_data
	$(PY) manage.py create_local_admin

run: demo
	@echo "Site : http://$(HOST):$(PORT)/   Administration : http://$(HOST):$(PORT)/admin/"
	DEBUG=1 PORT=$(PORT) HOST=$(HOST) $(BIN)/honcho -f Procfile.dev start

# axe-core for the browser tests' accessibility checks (skipped, with a message, without npm).
node_modules/axe-core/axe.min.js: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "!! npm absent : les contrôles d'accessibilité axe seront ignorés"; fi

PYTEST_ARGS ?= -n auto --dist loadfile
test: install node_modules/axe-core/axe.min.js
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# Regenerate the lock after changing pyproject.toml dependencies.
lock: | $(BIN)/activate
	$(PY) -m pip install --quiet ".[dev]"
	$(PY) -m pip uninstall --yes --quiet ihds-programmes
	$(PY) -m pip freeze --exclude-editable | grep -v '^ihds-programmes' > requirements.lock

serve-prod: install
	$(PY) manage.py collectstatic --no-input
	$(PY) manage.py migrate --no-input
	$(BIN)/honcho -f Procfile start

clean:
	rm -rf $(VENV) var
