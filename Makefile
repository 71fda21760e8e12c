# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_LICENSES := llama-2-license-2023 bigscience-open-rail-m cc-by-nc-4.0 apache-2.0 mit

.PHONY: demo test install train bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet ".[test]"

demo: install
	@mkdir -p reports
	@for key in $(DEMO_LICENSES); do \
		$(BIN)/licensecheck analyze --known $$key --format json -o reports/$$key.json || exit 1; \
		$(BIN)/licensecheck analyze --known $$key -o reports/$$key.txt || exit 1; \
		echo "reports/$$key.json  reports/$$key.txt"; \
	done
	@cat reports/llama-2-license-2023.txt

test: install
	$(BIN)/pytest -q

train: install
	$(BIN)/licensecheck train --out models

bench: install
	$(BIN)/python benchmarks/bench_analyze.py

clean:
	rm -rf $(VENV) build *.egg-info
