# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_LICENSES := llama-2-license-2023 bigscience-open-rail-m cc-by-nc-4.0 apache-2.0 mit
# old:new pairs for the worked example of `licensecheck diff` (exit 1 means "the terms changed", not a failure)
DEMO_DIFFS := cc-by-4.0:cc-by-nc-4.0 bigscience-rail-1.0:bigscience-open-rail-m llama-license-2023:llama-2-license-2023

.PHONY: demo test install browser train bench bench-peers clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -c models/train-constraints.txt ".[test,dask,documents,web]"

demo: install
	@mkdir -p reports
	@for key in $(DEMO_LICENSES); do \
		$(BIN)/licensecheck analyze --known $$key --format json -o reports/$$key.json || exit 1; \
		$(BIN)/licensecheck analyze --known $$key -o reports/$$key.txt || exit 1; \
		$(BIN)/licensecheck report reports/$$key.json --format html -o reports/$$key.html || exit 1; \
		echo "reports/$$key.json  reports/$$key.txt  reports/$$key.html"; \
	done
	@for example in llama-style-model fully-open-model; do \
		$(BIN)/licensecheck mof examples/$$example.yml -o reports/mof-$$example.txt || exit 1; \
		$(BIN)/licensecheck mof examples/$$example.yml --format json -o reports/mof-$$example.json || exit 1; \
		$(BIN)/licensecheck mof examples/$$example.yml --format html -o reports/mof-$$example.html || exit 1; \
		echo "reports/mof-$$example.{txt,json,html}"; \
	done
	@for pair in $(DEMO_DIFFS); do \
		old=$${pair%%:*}; new=$${pair##*:}; name=reports/diff-$$old-to-$$new; \
		for fmt in text json markdown html; do \
			ext=$$fmt; [ $$fmt = text ] && ext=txt; [ $$fmt = markdown ] && ext=md; \
			$(BIN)/licensecheck diff --known $$old --known $$new --format $$fmt -o $$name.$$ext; [ $$? -le 1 ] || exit 1; \
		done; \
		echo "$$name.{txt,json,md,html}"; \
	done
	@cat reports/llama-2-license-2023.txt

# the HTML report is tested in a real browser: Debian's chromium, driven by Playwright (no browser download)
browser:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
		|| echo "chromium could not be installed (needs apt-get as root): the browser tests will be skipped"

test: install browser
	$(BIN)/pytest -q

train: install
	$(BIN)/licensecheck train --out models

bench: install
	$(BIN)/python benchmarks/bench_analyze.py
	$(BIN)/python benchmarks/bench_classify.py
	$(BIN)/python benchmarks/bench_identify.py

# peers live in their own virtual environment, never in the project's
.venv-peers/bin/scancode:
	$(PYTHON) -m venv .venv-peers
	.venv-peers/bin/pip install --quiet --upgrade pip
	.venv-peers/bin/pip install --quiet scancode-toolkit-mini licenseclassifier "pluggy<1.5"

bench-peers: install .venv-peers/bin/scancode
	$(BIN)/python benchmarks/bench_identify.py --peer-python .venv-peers/bin/python --scancode .venv-peers/bin/scancode

clean:
	rm -rf $(VENV) .venv-peers build *.egg-info
