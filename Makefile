# Two commands for a fresh machine: `make demo` and `make test`. Everything is installed into a
# local .venv by this file; nothing needs to be installed by hand.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev

.PHONY: demo serve test lint typecheck pytest bench bench-quick docs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/pelayanan demo --fresh

# The web front door over the demo store (built if missing), with two accounts for trying it:
# admin / "admin password" (admin, auditor) and satgas / "satgas password" (records sidak).
serve: $(STAMP)
	test -f pelayanan.db || $(BIN)/pelayanan demo
	$(BIN)/pelayanan users list --db pelayanan.db | grep -q '^admin' || { \
	  printf '%s\n' 'admin password' | $(BIN)/pelayanan users add admin --role admin --password-stdin --db pelayanan.db && \
	  $(BIN)/pelayanan users grant admin auditor --db pelayanan.db && \
	  printf '%s\n' 'satgas password' | $(BIN)/pelayanan users add satgas --role satgas --password-stdin --db pelayanan.db; }
	$(BIN)/pelayanan serve --db pelayanan.db

lint: $(STAMP)
	$(BIN)/ruff check src tests examples benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy --strict src

pytest: $(STAMP)
	$(BIN)/pytest -q

test: lint typecheck pytest

docs: $(STAMP)
	$(BIN)/python -m pelayanan.policy.docgen

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

bench-quick: $(STAMP)
	$(BIN)/python -m benchmarks.run --quick

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis
