# The two commands: `make run` serves the bundled data; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint messages clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/tracker db upgrade
	$(BIN)/tracker seed --if-empty
	$(BIN)/tracker serve

test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -n auto --dist loadfile

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

# Collect the messages of the pages, the briefings and the wording into a template, and merge it into
# every language's catalogue (new messages arrive untranslated; see docs/translating.md).
messages: $(VENV)/.installed-dev
	$(BIN)/pybabel extract -F pyproject.toml --no-location --sort-output --project tracker -o tracker/locale/tracker.pot .
	$(BIN)/pybabel update -i tracker/locale/tracker.pot -d tracker/locale -D tracker --ignore-obsolete
	rm tracker/locale/tracker.pot

clean:
	rm -rf $(VENV) *.egg-info
