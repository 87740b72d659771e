# `make` renders every edition into out/ (only what changed since the last `make`: --changed);
# `make test` runs the tests. Both create .venv and install the pinned dependencies the first time.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: all test bench check golden docs clean

all: $(VENV)/.installed
	$(PY) render.py --all --changed
	$(PY) render.py --review --all --changed

check: $(VENV)/.installed
	$(PY) render.py --check --all

test: $(VENV)/.installed
	$(VENV)/bin/ruff check brochure tests tools render.py
	$(VENV)/bin/mypy
	$(PY) -m pytest -q

# After a deliberate design change: regenerate the golden images, then look at them before committing.
golden: $(VENV)/.installed
	BROCHURE_UPDATE_GOLDEN=1 $(PY) -m pytest -q tests/test_golden.py

# After changing a fold's panel map: redraw the README's panel-map pictures (docs/panel-map-*.png).
docs: $(VENV)/.installed
	$(PY) tools/panel_maps.py

# Speed, memory and size against their targets (not a test: a slow machine never fails it).
# `make bench BENCH=--quick` measures fewer runs.
bench: $(VENV)/.bench-installed
	$(PY) tools/bench.py $(BENCH)

# The benchmark's own extra (Typst, the peer it pairs against): never a runtime or test dependency.
$(VENV)/.bench-installed: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test,bench]'
	touch $@

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

clean:
	rm -rf out .pytest_cache .mypy_cache
