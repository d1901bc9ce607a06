# Two commands: `make demo` and `make test`. Everything else is plumbing for them.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= diplograph.duckdb
SEED := $(wildcard ../shared/seed/*.txt)

.PHONY: demo test install clean bench score

$(BIN)/diplograph: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/diplograph

demo: install
	$(BIN)/diplograph ingest examples/corpus $(SEED) --db $(DB)
	$(BIN)/diplograph summary --db $(DB)

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python benchmarks/run_all.py

score: install
	../shared/tools/score_all.sh $(BIN)/diplograph

clean:
	rm -rf $(VENV) $(DB) build src/*.egg-info
