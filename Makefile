# Supervise — the two commands: `make run` (the app on SQLite with demo data) and `make test`.
# Everything else here is a step those two use, or a tool for maintainers.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000
# Test processes (pytest-xdist): one per core.
TEST_PROCESSES ?= auto

.PHONY: run test test-sqlite test-postgres setup lint translations translations-extract \
	translations-update translations-compile assets clean

## make run: set up, migrate the SQLite database in instance/, seed demo data, serve on :5000
run: setup
	SUPERVISE_ENV=development $(FLASK) db upgrade
	SUPERVISE_ENV=development $(FLASK) seed-demo
	SUPERVISE_ENV=development $(FLASK) run --host $(HOST) --port $(PORT)

## make test: lint, then the whole suite on SQLite, and again on PostgreSQL when
## TEST_DATABASE_URL is set (e.g. postgresql://postgres@127.0.0.1:5432/test). The PostgreSQL
## run sends each form every fixed hostile category but fewer generated values (SWEEP_EXAMPLES).
test: setup
	$(BIN)/ruff check .
	env -u TEST_DATABASE_URL $(BIN)/pytest -n $(TEST_PROCESSES)
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== again on PostgreSQL ($$TEST_DATABASE_URL)"; \
		SWEEP_EXAMPLES=$${SWEEP_EXAMPLES:-2} $(BIN)/pytest -n $(TEST_PROCESSES) \
			-m "not browser"; \
	fi

setup: $(STAMP) translations-compile

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

lint: setup
	$(BIN)/ruff check .

# --- Interface translations (Flask-Babel; English is the source, Welsh is cy) ---------------
translations: translations-extract translations-update translations-compile

translations-extract: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k ngettext:1,2 --no-location \
		--project=Supervise --copyright-holder="Supervise maintainers" \
		-o supervise/translations/messages.pot .

translations-update: $(STAMP)
	$(BIN)/pybabel update -i supervise/translations/messages.pot -d supervise/translations \
		--no-fuzzy-matching

translations-compile: $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -d supervise/translations --statistics 2>&1 | tail -n 1

# --- Front-end assets (needs Node; compiled CSS and vendored JS are committed) ------------
assets:
	bash assets/build.sh

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
