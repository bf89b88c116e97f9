# policy_model: run `make help` for the targets.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
, := ,
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: dictionary help setup dot chromium sql-engines postgres java lab app test lint typecheck unit nbval notebooks browser flowchart sample bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@command -v python3 >/dev/null || { echo "python3 (3.11+) is needed"; exit 1; }
	@python3 -c 'import ensurepip, venv' 2>/dev/null || { echo "python3 -m venv does not work" \
	  "here: install python3-venv (sudo apt-get install python3-venv, Debian/Ubuntu)"; exit 1; }
	python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP) dot ## Create .venv, install the project; make sure Graphviz's dot is present

# $(call apt-install,CHECK,PACKAGES,HINT,OTHERWISE): unless the shell test CHECK passes, install the
# Debian PACKAGES quietly with apt-get when we are root (refreshing the package lists at most
# hourly; apt's output shows only on failure), then check again; without root or apt-get, print
# HINT (quoted lines) and run OTHERWISE.
define apt-install
@$(1) && exit 0; \
if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
  echo "Installing $(2) with apt-get"; \
  log=$$( { find /var/lib/apt/lists -maxdepth 1 -name '*_Packages*' -mmin -60 | grep -q . \
    || apt-get update -qq; } 2>&1 && \
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) 2>&1) || { echo "$$log"; exit 1; }; \
  $(1) || { echo "Installed $(2), but it is still not found"; exit 1; }; \
else \
  printf '%s\n' $(3); $(4) \
fi
endef

HAVE_DOT := command -v dot >/dev/null
HAVE_CHROMIUM := test -x /usr/bin/chromium
HAVE_POSTGRES := { ls /usr/lib/postgresql/*/bin/pg_ctl || command -v pg_ctl; } >/dev/null 2>&1
JAVA17 := (1[7-9]|[2-9][0-9])
HAVE_JAVA17 := { grep -qsE '^JAVA_VERSION="$(JAVA17)' /usr/lib/jvm/*/release $${JAVA_HOME:+"$$JAVA_HOME/release"} \
  || java -version 2>&1 | grep -qE 'version "$(JAVA17)'; }

dot: ## Install Graphviz's dot with apt-get if it is missing (as root), or say how
	$(call apt-install,$(HAVE_DOT),graphviz,\
	  "Graphviz's dot is missing. Install it with one of:" \
	  "  conda env create -f environment.yml   (conda-forge graphviz)" \
	  "  sudo apt-get install graphviz          (Debian/Ubuntu)" \
	  "  brew install graphviz                  (macOS)",exit 1;)

chromium: ## Install Chromium (for the browser test) with apt-get if it is missing, as root
	$(call apt-install,$(HAVE_CHROMIUM),chromium,\
	  "Chromium (/usr/bin/chromium) is missing$(,) so the browser test will fail: install it with" \
	  "  sudo apt-get install chromium          (Debian/Ubuntu)",)

sql-engines: postgres java ## Install the SQL engines the SQL tests run on: PostgreSQL, Java for Spark

postgres: ## Install the PostgreSQL server (initdb, pg_ctl) with apt-get if it is missing, as root
	$(call apt-install,$(HAVE_POSTGRES),postgresql,\
	  "The PostgreSQL server (initdb$(,) pg_ctl) is missing$(,) so the SQL tests will skip: install it with" \
	  "  sudo apt-get install postgresql        (Debian/Ubuntu)" \
	  "  conda env create -f environment.yml   (conda-forge postgresql)",)

java: ## Install Java 17 (for pyspark) with apt-get if it is missing, as root
	@mkdir -p /usr/share/man/man1 2>/dev/null || true  # Debian's JRE needs it on slim images
	$(call apt-install,$(HAVE_JAVA17),openjdk-17-jre-headless,\
	  "Java 17+ is missing$(,) so the Spark SQL tests will skip: install it with" \
	  "  sudo apt-get install openjdk-17-jre-headless   (Debian/Ubuntu)" \
	  "  conda env create -f environment.yml           (conda-forge openjdk)",)

lab: setup ## Start JupyterLab on notebooks/ with the bundled sample data
	$(BIN)/jupyter lab --notebook-dir=notebooks --ServerApp.ip=127.0.0.1 \
	  $$([ "$$(id -u)" = 0 ] && echo --allow-root)

app: setup ## Serve the classification explorer as a Voila app
	$(BIN)/voila --Voila.ip=127.0.0.1 notebooks/app/explorer.ipynb

lint: setup ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup ## mypy --strict on policy_model/
	$(BIN)/mypy

unit: setup sql-engines chromium ## pytest on both cores: unit tests, SQL engines, scenarios, doctests (README included), coverage
	$(BIN)/pytest -q -n 2 --dist loadfile --cov --cov-report=term:skip-covered --cov-fail-under=90

NBVAL := -o addopts= -p no:cacheprovider --nbval --nbval-current-env \
	--nbval-sanitize-with notebooks/nbval-sanitize.cfg

# Every notebook is stored with the kernelspec JupyterLab 4 writes, so that opening one does
# not change it (tests/test_notebooks.py checks).
export KERNELSPEC := import sys, nbformat; \
spec = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}; \
nbs = [(p, nbformat.read(p, 4)) for p in sys.argv[1:]]; \
[nbformat.write(nb, p) for p, nb in nbs if nb.metadata.get("kernelspec") != spec \
 and not nb.metadata.__setitem__("kernelspec", spec)]

nbval: setup ## nbval: re-run the notebooks and compare their outputs with the stored ones
	$(BIN)/pytest -q $(NBVAL) notebooks/ policy_model/views/board-paper.ipynb

notebooks: setup ## Re-run the notebooks on the synthetic data, store their outputs (widget ids blanked)
	@for nb in notebooks/[0-9]*.ipynb policy_model/views/board-paper.ipynb; do \
	  $(BIN)/jupyter nbconvert --to notebook --execute --inplace --log-level=WARN \
	    --ExecutePreprocessor.store_widget_state=False --ExecutePreprocessor.record_timing=False \
	    "$$nb" || exit 1; \
	  sed -i -E 's/"model_id": "[0-9a-f]{32}"/"model_id": ""/' "$$nb"; \
	done
	$(PY) -c "$$KERNELSPEC" notebooks/*.ipynb notebooks/*/*.ipynb policy_model/views/board-paper.ipynb

browser: setup chromium ## Only the browser test: the explorer in Voila, driven in headless Chromium
	$(BIN)/pytest -q -m browser tests/

test: sql-engines lint typecheck unit nbval ## Every check

dictionary: setup ## Remake the data dictionary table in data/README.md from the column registry
	$(PY) -c "from pathlib import Path; from policy_model.views.text import with_dictionary as w; p = Path('data/README.md'); p.write_text(w(p.read_text()))"

flowchart: setup ## Regenerate diagrams/ from the model
	$(BIN)/policy-model flowchart -o diagrams --format svg,png,dot

sample: setup ## Regenerate the bundled synthetic sample and its population, data/*.csv
	$(BIN)/policy-model synth -n 1500 --seed 2024 -o data/sample_incidents.csv
	$(PY) -c "from policy_model.incidents.synth_areas import synthesise_population as s; s().to_csv('data/population.csv', index=False)"

bench: setup ## Run the benchmarks (prints figures; record them in docs/performance.md)
	$(PY) benchmarks/bench_assess.py
	$(PY) benchmarks/bench_pipeline.py
	$(PY) benchmarks/bench_engines.py
	$(PY) benchmarks/bench_sql.py
	$(PY) benchmarks/bench_cli.py
	$(PY) benchmarks/bench_explorer.py

clean: ## Remove the virtual environment and caches
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .coverage
