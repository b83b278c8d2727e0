# One source of truth for set-up and checks: the README, .ci/run and the workflows all call these targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test bench clean

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(INSTALLED)

## serve: build the pages from data/ and serve the site live on http://127.0.0.1:8000
serve: $(INSTALLED)
	$(BIN)/python -m generator build --pages-only
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

## build: render the pages and build the static site into site/ (strict)
build: $(INSTALLED)
	$(BIN)/python -m generator build

## test: the whole test suite
test: $(INSTALLED)
	$(BIN)/python -m pytest

## bench: time a build of synthetic data sets (200 and 2000 papers)
bench: $(INSTALLED)
	$(BIN)/python bench/bench_build.py 200 2000

clean:
	rm -rf site .pytest_cache
