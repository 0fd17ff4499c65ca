# water-targets compare — `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON_SYS ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
#: pytest-xdist workers for the tests (JOBS=0 runs them in one process)
JOBS ?= 2

help: ## list the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON_SYS) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP) ## create .venv and install the package with its dev tools

system-deps: ## install Debian's chromium and fonts-noto-cjk (static chart export, browser tests) when missing
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list :lang=zh 2>/dev/null | grep -q .; then \
	  echo "installing chromium and fonts-noto-cjk (apt-get)…"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

build: venv ## raw documents → validated curated tables in data/curated/
	$(PY) -m compare build

validate: venv ## re-check the published tables (report in reports/validation/index.html)
	$(PY) -m compare validate

suites: venv ## regenerate the metadata-derived parts of expectations/*.json (after editing metadata)
	$(PY) -m compare suites

export: venv system-deps ## every chart in png/svg/pdf/html + the data behind it, zh and en, into exports/
	$(PY) -m compare export --out exports --lang zh,en --format png,svg,pdf,html

docs: venv ## regenerate docs/data_dictionary.md from the metadata
	$(PY) -m compare docs

report: venv system-deps build export ## the main job: build (with the validation gate) → export → report site
	$(PY) -m compare report --out reports/site
	$(PY) -m compare.notebook html reports/notebooks
	@echo "report: open reports/site/index.html (tables in data/curated/, charts in exports/, validation report in reports/validation/, notebooks in reports/notebooks/)"

test: venv system-deps build ## every test: lint, generated files up to date, unit/integration/browser tests, notebooks (nbval)
	$(VENV)/bin/ruff check src tests benchmarks
	$(PY) -m compare docs --check
	$(PY) -m compare.notebook check
	$(PY) -m pytest -q -n $(JOBS) tests
	$(PY) -m pytest -q notebooks --nbval-lax

test-fast: venv ## the quick tests (≤ 90 s): no browser, no notebooks, no end-to-end builds
	$(PY) -m pytest -q -n $(JOBS) tests -m "not browser and not slow"

refresh: venv ## after adding a document or a place: data dictionary, suites, build, notebooks (review the diff, commit)
	$(PY) -m compare docs
	$(PY) -m compare suites
	$(PY) -m compare build
	$(PY) -m compare.notebook execute

lab: venv build ## JupyterLab on the project's environment, opened on notebooks/
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks

notebooks-refresh: venv build ## re-run the notebooks in place (new checked outputs); review the diff before committing
	$(PY) -m compare.notebook execute

bench: venv system-deps ## benchmarks (quick); figures in docs/performance.md
	$(PY) benchmarks/run.py --quick

lint: venv ## ruff
	$(VENV)/bin/ruff check src tests benchmarks

clean: ## remove generated outputs (not data/raw)
	rm -rf data/.staging data/.cache reports exports

.PHONY: help venv system-deps build validate suites export docs report test test-fast refresh lab notebooks-refresh bench lint clean
