# policy_model: run `make help` for the targets.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help setup dot chromium lab app test lint typecheck unit nbval notebooks browser flowchart sample bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@command -v python3 >/dev/null || { echo "python3 (3.11+) is needed"; exit 1; }
	python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP) dot chromium ## Create .venv, install the project; make sure Graphviz's dot (and Chromium) are present

dot: ## Install Graphviz's dot with apt-get if it is missing (as root), or say how
	@command -v dot >/dev/null && exit 0; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Graphviz with apt-get"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null; \
	else \
	  echo "Graphviz's dot is missing. Install it with one of:"; \
	  echo "  conda env create -f environment.yml   (conda-forge graphviz)"; \
	  echo "  sudo apt-get install graphviz          (Debian/Ubuntu)"; \
	  echo "  brew install graphviz                  (macOS)"; \
	  exit 1; \
	fi

chromium: ## Install Chromium (for the browser test) with apt-get if it is missing, as root
	@test -x /usr/bin/chromium && exit 0; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Chromium with apt-get"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
	  echo "Chromium (/usr/bin/chromium) is missing, so the browser test will fail: install it with"; \
	  echo "  sudo apt-get install chromium          (Debian/Ubuntu)"; \
	fi

lab: setup ## Start JupyterLab on notebooks/ with the bundled sample data
	$(BIN)/jupyter lab --notebook-dir=notebooks --ServerApp.ip=127.0.0.1 \
	  $$([ "$$(id -u)" = 0 ] && echo --allow-root)

app: setup ## Serve the classification explorer as a Voila app
	$(BIN)/voila --Voila.ip=127.0.0.1 notebooks/01-classification-explorer.ipynb

lint: setup ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup ## mypy --strict on policy_model/
	$(BIN)/mypy

unit: setup ## pytest: unit tests, scenarios, doctests (README included), coverage
	$(BIN)/pytest -q --cov --cov-report=term:skip-covered --cov-fail-under=90

NBVAL := -o addopts= -p no:cacheprovider --nbval --nbval-current-env \
	--nbval-sanitize-with notebooks/nbval-sanitize.cfg

nbval: setup ## nbval: re-run the notebooks and compare their outputs with the stored ones
	$(BIN)/pytest -q $(NBVAL) notebooks/

notebooks: setup ## Re-run the notebooks on the synthetic data, store their outputs (widget ids blanked)
	@for nb in notebooks/[0-9]*.ipynb; do \
	  $(BIN)/jupyter nbconvert --to notebook --execute --inplace --log-level=WARN \
	    --ExecutePreprocessor.store_widget_state=False --ExecutePreprocessor.record_timing=False \
	    "$$nb" || exit 1; \
	  sed -i -E 's/"model_id": "[0-9a-f]{32}"/"model_id": ""/' "$$nb"; \
	done

browser: setup ## Only the browser test: the explorer in Voila, driven in headless Chromium
	$(BIN)/pytest -q -m browser tests/

test: lint typecheck unit nbval ## Every check

flowchart: setup ## Regenerate diagrams/ from the model
	$(BIN)/policy-model flowchart -o diagrams --format svg,png,dot

sample: setup ## Regenerate the bundled synthetic sample, data/sample_incidents.csv
	$(BIN)/policy-model synth -n 1500 --seed 2024 -o data/sample_incidents.csv

bench: setup ## Run the benchmarks (prints figures; record them in the README)
	$(PY) benchmarks/bench_assess.py
	$(PY) benchmarks/bench_pipeline.py
	$(PY) benchmarks/bench_explorer.py

clean: ## Remove the virtual environment and caches
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .coverage
