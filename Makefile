# Two commands: `make figures` (set up + rebuild every figure) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: figures test setup lint bench clean

figures: setup  ## set up the environment (first run) and regenerate figures/
	$(BIN)/python -m analysis.build

test: setup  ## lint, library tests, property tests and the notebook build check
	$(BIN)/ruff check analysis tests benchmarks
	$(BIN)/python -m pytest

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

bench: setup  ## speed ratios against bare jieba, measured in one run
	for b in benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf build .pytest_cache
