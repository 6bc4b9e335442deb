# groundwatch — the two commands of the README, and a few more for developers.
#   make demo   install into .venv and run the demo mission on http://127.0.0.1:8000
#   make test   install into .venv (with test tools) and run the test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: demo test lint install install-dev clean bench bench-full

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

demo: $(VENV)/.installed
	$(BIN)/groundwatch demo

test: $(VENV)/.installed-dev
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy groundwatch
	$(BIN)/groundwatch check --fail-level WARNING
	$(BIN)/groundwatch makemigrations --check --dry-run

# One table of figures next to baselines measured in the same run (bench/run.py); JSON in bench/results/.
bench: $(VENV)/.installed-dev
	$(BIN)/python bench/run.py

bench-full: $(VENV)/.installed-dev
	$(BIN)/python bench/run.py --full

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
