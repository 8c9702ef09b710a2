# Budget disclosure warehouse. `make run` ingests raw/ into warehouse/budget.duckdb; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DBT := $(CURDIR)/$(VENV)/bin/dbt
export BUDGET_WAREHOUSE ?= $(CURDIR)/warehouse/budget.duckdb
export DAGSTER_HOME ?= $(CURDIR)/.dagster
TEST_WAREHOUSE := $(CURDIR)/warehouse/test/budget.duckdb
REPORTS := $(CURDIR)/reports

.PHONY: setup manifest run report test lint check pytest dbt-test dev sample clean bench scale docs run-distributed worker

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

# dagster-dbt loads dbt's manifest; `dbt parse` builds it here (and in `make run`) only when a file of the
# dbt project is newer than it, never at import time.
manifest: setup
	$(PY) -c "from pipelines.run.runs import ensure_manifest; ensure_manifest()"

run: setup
	$(PY) -m pipelines.cli run

# The distributed profile (README, "Past one machine"): the same main job, its steps on Celery workers,
# runs in PostgreSQL, the extraction cache in object storage. Servers and secrets come from the
# environment (BUDGET_CELERY_BROKER, BUDGET_PG_*, BUDGET_CACHE, AWS_*); DIST_HOME holds deploy/dagster.yaml.
DIST_HOME ?= $(CURDIR)/.dagster-distributed
DIST_ENV = DAGSTER_HOME=$(DIST_HOME) BUDGET_EXECUTOR=celery

$(DIST_HOME)/dagster.yaml: deploy/dagster.yaml
	mkdir -p $(DIST_HOME) && cp deploy/dagster.yaml $@

run-distributed: manifest $(DIST_HOME)/dagster.yaml
	$(DIST_ENV) $(PY) -m pipelines.cli run

# one worker process (run one per core); QUEUES=dagster on a machine without the warehouse
worker: manifest $(DIST_HOME)/dagster.yaml
	$(DIST_ENV) $(VENV)/bin/celery -A pipelines.worker worker -Q $(or $(QUEUES),dagster,writer) --pool solo --loglevel INFO

# The HTML report of the warehouse (reports/html/index.html, written by `make run`), opened in a browser.
report: setup
	$(PY) -m pipelines.cli report --open

# ruff with a complexity limit of 15 per function over the Python (pyproject.toml [tool.ruff]); sqlfluff over the
# dbt models (dbt_project/.sqlfluff)
lint: setup
	$(VENV)/bin/ruff check pipelines schemas scripts tests sample dbt_project/sqlfluff_context
	cd dbt_project && $(CURDIR)/$(VENV)/bin/sqlfluff lint models --processes 2 --disable-progress-bar

# The fast loop while changing code: the linters and the unit tests (tests/conftest.py says which are),
# two at a time. `make test` runs everything.
check: lint
	$(PY) -m pytest -m unit -q -n 2

# two at a time (tests/conftest.py keeps a module, and the modules sharing a costly fixture, in one worker)
pytest: manifest
	$(PY) -m pytest -n 2 --dist loadgroup

# The main job on raw/ into a scratch warehouse, then a full dbt build there (every row tested) with a test report.
dbt-test: manifest
	rm -rf $(dir $(TEST_WAREHOUSE)) && mkdir -p $(dir $(TEST_WAREHOUSE))
	BUDGET_WAREHOUSE=$(TEST_WAREHOUSE) DAGSTER_HOME=$(dir $(TEST_WAREHOUSE))dagster $(PY) -m pipelines.cli run --strict
	rm -rf dbt_project/target/report
	cd dbt_project && BUDGET_WAREHOUSE=$(TEST_WAREHOUSE) $(DBT) build --full-refresh --profiles-dir . --target-path target/report --quiet --warn-error-options '{"error": []}' || true
	BUDGET_WAREHOUSE=$(TEST_WAREHOUSE) $(PY) scripts/dbt_report.py dbt_project/target/report $(REPORTS)

test: lint pytest dbt-test

dev: manifest
	$(PY) -c "from pipelines.orchestration.instance import ensure_dagster_home; ensure_dagster_home()"
	$(VENV)/bin/dagster dev -w workspace.yaml

sample: setup
	$(PY) -m sample.render

clean:
	rm -rf warehouse .dagster reports dbt_project/target dbt_project/logs

# Side-by-side timing of the extraction and the main job on the shared corpus (one run, one table).
bench: manifest
	$(PY) scripts/bench.py $(or $(CORPUS),../shared/corpus)

# N disclosures copied from the corpus's prepared ones through the main job's load, sets and dbt build, then
# 50 more (scripts/scale_check.py says what it prints); SIZES="1000 10000 30000" by default.
scale: manifest
	$(PY) scripts/scale_check.py --corpus $(or $(CORPUS),../shared/corpus) $(if $(SIZES),--sizes $(SIZES))

# The dbt documentation site: generated when the dbt project or the models' columns changed, then served.
docs: manifest
	$(PY) -m pipelines.cli docs
	$(PY) -m http.server --directory dbt_project/target/docs 8080
