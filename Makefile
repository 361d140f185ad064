# FocusWeb: `make run` serves the app, `make test` runs the linter and the whole test suite.
# Both start from a clean clone: they install the Debian packages and the pinned Python
# packages they need, compile the translations and migrate the database.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test setup lint format clean

# axe-core, which the accessibility tests inject into each page (from the npm registry).
AXE := tests/live/axe/node_modules/axe-core/axe.min.js

$(BIN)/.installed: requirements.txt
	scripts/install-system-packages gettext chromium fonts-wqy-microhei
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

setup: $(BIN)/.installed
	$(BIN)/python manage.py compilemessages --ignore=.venv --verbosity 0
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py migrate --noinput --verbosity 0
	$(BIN)/python manage.py vapid_keys > /dev/null

# Serves http://127.0.0.1:8000 (HOST and PORT change it) with WEB_CONCURRENCY web
# processes (default one per core); all three are read from the environment.
run: setup
	scripts/serve

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

$(AXE): tests/live/axe/package-lock.json
	command -v npm >/dev/null || scripts/install-system-packages nodejs npm
	cd tests/live/axe && npm ci --silent --no-audit --no-fund
	touch $@

test: setup lint $(AXE)
	$(BIN)/pytest

format: $(BIN)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 tests/live/axe/node_modules
