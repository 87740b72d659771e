# `make` renders every edition into out/; `make test` runs the tests.
# Both create .venv and install the pinned dependencies the first time.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: all test bench check clean

all: $(VENV)/.installed
	$(PY) render.py --all

check: $(VENV)/.installed
	$(PY) render.py --check --all

test: $(VENV)/.installed
	$(PY) -m pytest -q

bench: $(VENV)/.installed
	$(PY) tools/bench.py

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

clean:
	rm -rf out .pytest_cache
