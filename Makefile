# One source of truth for set-up and checks: the README, .ci/run and the workflows all call these targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
# `make check FORMAT=github` prints pull-request annotations instead of file:line messages.
FORMAT ?= human
# The commit `make changes` compares with; exported so the recipe passes it quoted, never pasted into the line.
export BASE ?= origin/main

.PHONY: install serve build check fix changes linkcheck browser test bench clean

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(INSTALLED)

## install: create .venv and install the generator and its test tools (every target does this first)
install: $(INSTALLED)

## serve: build the pages from data/ and serve the site live on http://127.0.0.1:8000
serve: $(INSTALLED)
	$(BIN)/python -m generator build --pages-only
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

## build: render the pages and build the static site into site/ (strict)
build: $(INSTALLED)
	$(BIN)/python -m generator build

## check: validate everything under data/, every problem with its file and line
check: $(INSTALLED)
	$(BIN)/python -m generator check --format $(FORMAT)

## fix: apply the safe mechanical fixes the check suggests (key order, whitespace, id spelling), then check
fix: $(INSTALLED)
	$(BIN)/python -m generator check --fix

## changes: what data/ here changes compared with BASE (default origin/main), as Markdown
changes: $(INSTALLED)
	@$(BIN)/python -m generator changes "$$BASE"

## linkcheck: fetch every paper's links and list the dead ones (needs the internet)
linkcheck: $(INSTALLED)
	@$(BIN)/python -m generator linkcheck

## browser: install Debian's Chromium for the browser tests, unless one is there already (needs root)
browser:
	@if [ ! -x "$${CHROMIUM:-/usr/bin/chromium}" ]; then \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
	fi

## test: the whole test suite
test: $(INSTALLED)
	$(BIN)/python -m pytest

## bench: time a build of synthetic data sets (200 and 2000 papers)
bench: $(INSTALLED)
	$(BIN)/python bench/bench_build.py 200 2000

clean:
	rm -rf site .pytest_cache
