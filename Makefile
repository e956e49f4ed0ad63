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

bench: test-venv
	for f in benchmarks/*.py; do $(BIN)/python $$f || exit 1; done

gazetteer: venv
	$(BIN)/python -m pip install --quiet -e '.[gazetteer-build]'
	$(BIN)/python -m gazetteer.build

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
