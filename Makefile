# Two commands: `make figures` (set up + rebuild every figure) and `make test`.
# The environment is the lock file: exact versions and hashes (`make lock` refreshes it).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LOCK := requirements.lock

.PHONY: figures test test-fast setup lint bench clean lock

figures: setup  ## set up the environment (first run) and regenerate figures/
	$(BIN)/python -m analysis.build

test: setup  ## lint, library tests, property tests and the notebook build check
	$(BIN)/ruff check analysis tests benchmarks
	$(BIN)/python -m pytest

test-fast: setup  ## the same without the tests marked slow (10,000 documents, rebuilds, notebooks)
	$(BIN)/ruff check analysis tests benchmarks
	$(BIN)/python -m pytest -m "not slow"

setup: $(VENV)/.installed

# Exactly the locked versions (hashes checked), then the package itself without dependencies.
$(VENV)/.installed: $(LOCK) pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

# One command after a dependency changes in pyproject.toml: re-resolve, pin and hash
# everything (dev tools included) for Python 3.11, and write requirements.txt for Binder.
lock:  ## refresh requirements.lock and requirements.txt from pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "uv>=0.4"
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 \
		--no-header --quiet -o $(LOCK)
	$(BIN)/uv pip compile pyproject.toml --python-version 3.11 --no-header --no-annotate \
		--quiet -o requirements.txt
	echo "." >> requirements.txt

bench: setup  ## speed ratios against bare jieba, measured in one run
	for b in benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf build .pytest_cache
