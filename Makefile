# Two commands do all the set-up: `make demo` and `make test`.
#
# `make demo` installs geoevents and its runtime dependencies only (no test, benchmark or
# Dask extras: no Playwright, pandas or Dask), so a new user's first map takes seconds on
# a warm package cache.  `make test` adds the extras every test needs to the same venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
EXAMPLE := geoevents/data/example_report.txt

.PHONY: demo test venv test-venv bench clean gazetteer

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Runtime only.  Re-run when pyproject.toml changes.
$(BIN)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

# Everything the tests import: the test, benchmark and Dask extras.
$(BIN)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,bench,dask]'
	touch $(BIN)/.installed $@

venv: $(BIN)/.installed

test-venv: $(BIN)/.installed-test

demo: venv
	@mkdir -p maps
	$(BIN)/geoevents extract $(EXAMPLE) --offline -o maps/example.geojson
	$(BIN)/geoevents map maps/example.geojson --offline -o maps/example.html
	@echo "open maps/example.html in a browser"

# pytest exits 5 when it collects no test: make fails on any non-zero status, so an
# empty run can never pass silently.  `make test` prints pass/fail only; the accuracy
# tables are the benchmark scripts' job (`make bench`).
test: test-venv
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

# Every benchmark with its defaults (a minute or two each), each against a peer measured
# in the same run, then one table of their headline figures: each script writes them to
# build/bench/NAME.json (--summary-json, when it takes it), its output to NAME.log and its
# exit status to NAME.rc, and benchmarks/summary.py prints the table.  A benchmark that
# cannot run here (no Chromium...) says why and is marked skipped; one that fails is
# marked FAILED and fails the target, after the table.  Not part of `make test`.
BENCH_OUT := build/bench
BENCH_HELPERS := benchmarks/corpus.py benchmarks/summary.py
BENCHMARKS := $(filter-out $(BENCH_HELPERS),$(sort $(wildcard benchmarks/*.py)))
# adversarial.py's defaults take ten minutes or more (sizes to 1 MB and a 5 MB line, three
# runs each): here a shorter sweep; run the script alone for the full one.
BENCH_ADVERSARIAL_ARGS := --max-kb 256 --single-line-kb 1024 --repeat 1

bench: test-venv
	@rm -rf $(BENCH_OUT) && mkdir -p $(BENCH_OUT)
	@for f in $(BENCHMARKS); do \
	    name=$$(basename $$f .py); echo "== $$f"; \
	    if $(BIN)/python $$f --help 2>/dev/null | grep -q -- --summary-json; then \
	        set -- --summary-json $(BENCH_OUT)/$$name.json; else set --; fi; \
	    [ $$name = adversarial ] && set -- "$$@" $(BENCH_ADVERSARIAL_ARGS); \
	    { $(BIN)/python $$f "$$@"; echo $$? > $(BENCH_OUT)/$$name.rc; } 2>&1 \
	        | tee $(BENCH_OUT)/$$name.log; \
	done
	$(BIN)/python benchmarks/summary.py $(BENCH_OUT)

gazetteer: venv
	$(BIN)/python -m pip install --quiet -e '.[gazetteer-build]'
	$(BIN)/python -m gazetteer.build

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
