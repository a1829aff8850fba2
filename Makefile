# Two commands for a fresh machine with Python 3.11+ and make:
#   make summary   runs the main job on the bundled data (tables, Excel workbook, charts in out/)
#   make test      runs the whole test suite
# Each creates .venv and installs what it needs by itself.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
OUT    ?= out

.PHONY: summary test lint clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

summary: $(VENV)/.installed
	$(VENV)/bin/luzhou-disclosure summary --out $(OUT)

test: $(VENV)/.installed
	bash scripts/test-setup.sh
	$(PY) -m ruff check src tests bench data notebooks
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(PY) -m pytest

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache

# The suite with every runtime dependency at its declared floor (pyproject.toml), in .venv-floors.
.PHONY: test-floors
test-floors:
	bash scripts/test-floors.sh
