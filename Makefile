# Two commands do all the set-up: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
EXAMPLE := geoevents/data/example_report.txt

.PHONY: demo test venv bench clean gazetteer

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,bench,dask]'
	touch $@

venv: $(BIN)/.installed

demo: venv
	@mkdir -p maps
	$(BIN)/geoevents extract $(EXAMPLE) --offline -o maps/example.geojson
	$(BIN)/geoevents map maps/example.geojson --offline -o maps/example.html
	@echo "open maps/example.html in a browser"

# pytest exits 5 when it collects no test: make fails on any non-zero status, so an
# empty run can never pass silently.
test: venv
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

bench: venv
	for f in benchmarks/*.py; do $(BIN)/python $$f || exit 1; done

gazetteer: venv
	$(BIN)/python -m pip install --quiet -e '.[gazetteer-build]'
	$(BIN)/python -m gazetteer.build

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
