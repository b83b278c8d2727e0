# One source of truth for set-up and checks: the README, .ci/run and the workflows all call these targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# `make serve PORT=8001` when 8000 is taken.
PORT ?= 8000
# The engine that builds and serves the site: mkdocs, or properdocs (MkDocs 1.6's maintained fork).
ENGINE ?= mkdocs
export READING_LIST_ENGINE := $(ENGINE)
export NO_MKDOCS_2_WARNING := 1
# `make check FORMAT=github` prints pull-request annotations instead of file:line messages.
FORMAT ?= human
# The commit `make changes` compares with; exported so the recipe passes it quoted, never pasted into the line.
export BASE ?= origin/main
# uv installs from uv.lock into .venv with .venv's own Python, whatever venv the shell has activated.
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)
export UV_PYTHON_DOWNLOADS := never
# Compile the installed packages to bytecode once, at install: a machine that sets PYTHONDONTWRITEBYTECODE (this
# one does) would otherwise compile scikit-learn and SciPy afresh in every command, a few seconds each time.
export UV_COMPILE_BYTECODE := 1
# --locked: install exactly uv.lock, and stop if pyproject.toml has changed without `make lock`.
# --inexact: keep what another target installed, so `make serve` after `make test` removes nothing.
SYNC := $(BIN)/uv sync --quiet --locked --inexact
# What each kind of target needs: the site only the runtime dependencies, the tests everything.
SITE_EXTRAS := $(if $(filter properdocs,$(ENGINE)),--extra engines)
TEST_EXTRAS := --extra test --extra browser --extra engines
SITE_ENV := $(VENV)/.site-$(ENGINE)
TEST_ENV := $(VENV)/.tests
# `make test BROWSER=no` skips the browser tests (tests/test_browser*.py) and Playwright with them.
BROWSER ?= yes
# One worker per core (`make test WORKERS=1` runs in one process); a test file stays on one worker, so its
# fixtures are made once.
WORKERS ?= 2
PYTEST_WORKERS := $(if $(filter 1,$(WORKERS)),,-n $(WORKERS) --dist loadfile)
ifeq ($(BROWSER),no)
TEST_EXTRAS := --extra test --extra engines
TEST_ENV := $(VENV)/.tests-no-browser
PYTEST_SKIP := --ignore-glob='tests/test_browser*.py'
endif

ifeq ($(filter $(ENGINE),mkdocs properdocs),)
$(error ENGINE is "$(ENGINE)"; it must be mkdocs or properdocs)
endif

.PHONY: install testenv lock serve build check fix changes linkcheck browser test bench clean

# uv itself, pinned and verified by pip from the version and hashes uv.lock records for it. Like uv, this pip
# reads no pip.conf and no PIP_* variable, so every machine installs the same way, without a config's warnings.
$(BIN)/uv: uv.lock tools/locked_uv.py
	test -x $(BIN)/pip || $(PYTHON) -m venv --clear $(VENV)
	$(BIN)/python tools/locked_uv.py > $(VENV)/uv-requirement.txt
	PIP_CONFIG_FILE=/dev/null $(BIN)/python -m pip --isolated install --quiet --disable-pip-version-check \
		--force-reinstall --no-deps --only-binary :all: --require-hashes --requirement $(VENV)/uv-requirement.txt
	touch $@

$(SITE_ENV): $(BIN)/uv pyproject.toml uv.lock
	$(SYNC) $(SITE_EXTRAS)
	touch $@

$(TEST_ENV): $(BIN)/uv pyproject.toml uv.lock
	$(SYNC) $(TEST_EXTRAS)
	touch $@

## install: create .venv with what the site needs (the runtime dependencies, from uv.lock)
install: $(SITE_ENV)

## testenv: add the test tools, the browser tests' Playwright and the other engines (what `make test` uses)
testenv: $(TEST_ENV)

## lock: re-resolve uv.lock from pyproject.toml (after changing a dependency; commit both files)
lock: $(BIN)/uv
	$(BIN)/uv lock --quiet
	$(MAKE) --no-print-directory $(BIN)/uv

## serve: serve the site live on http://127.0.0.1:$(PORT), the pages made from data/ by the hook (Ctrl+C stops it)
serve: $(SITE_ENV)
	$(BIN)/$(ENGINE) serve --config-file mkdocs.yml --dev-addr 127.0.0.1:$(PORT)

## build: render the pages and build the static site into site/ (strict)
build: $(SITE_ENV)
	$(BIN)/python -m generator build

## check: validate everything under data/, every problem with its file and line
check: $(SITE_ENV)
	$(BIN)/python -m generator check --format $(FORMAT)

## fix: apply the safe mechanical fixes the check suggests (key order, whitespace, id spelling), then check
fix: $(SITE_ENV)
	$(BIN)/python -m generator check --fix

## changes: what data/ here changes compared with BASE (default origin/main), as Markdown
changes: $(SITE_ENV)
	@$(BIN)/python -m generator changes "$$BASE"

## linkcheck: fetch every paper's links and list the dead ones (needs the internet)
linkcheck: $(SITE_ENV)
	@$(BIN)/python -m generator linkcheck

## browser: install Debian's Chromium for the browser tests, unless one is there already (needs root)
browser:
	@if [ ! -x "$${CHROMIUM:-/usr/bin/chromium}" ]; then \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
	fi

## test: the whole test suite (BROWSER=no skips the browser tests)
test: $(TEST_ENV)
	$(BIN)/python -m pytest $(PYTEST_SKIP) $(PYTEST_WORKERS)

## bench: time a build of synthetic data sets (200 and 2000 papers)
bench: $(SITE_ENV)
	$(BIN)/python bench/bench_build.py 200 2000

clean:
	rm -rf site .pytest_cache
