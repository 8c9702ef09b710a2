"""Every environment variable the pipeline reads, in one place: its default, and why it is a setting.
Read when asked (never at import), so that a test or a command sets one before the code that reads it
runs. The README's table of settings lists the same names; writes (a command passing a value on to the
processes it starts) stay where they are made."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _text(name: str, default: str | None = None) -> str | None:
    """The variable's value; an empty value counts as unset."""
    return os.environ.get(name) or default


def _number(name: str, default: int) -> int:
    return int(_text(name) or default)


# --- where things are -------------------------------------------------------------------------------------

def warehouse() -> Path:
    """BUDGET_WAREHOUSE: the DuckDB file every process writes and dbt builds (warehouse/budget.duckdb)."""
    return Path(_text("BUDGET_WAREHOUSE") or ROOT / "warehouse" / "budget.duckdb").resolve()


def raw() -> Path:
    """BUDGET_RAW: the folder of disclosure PDFs (raw/); on every worker at the same path."""
    return Path(_text("BUDGET_RAW") or ROOT / "raw").resolve()


def reports() -> Path:
    """BUDGET_REPORTS: where the quality report and the HTML report are written (reports/)."""
    return Path(_text("BUDGET_REPORTS") or ROOT / "reports").resolve()


def published(warehouse_file: Path) -> Path:
    """BUDGET_PUBLISHED: the read-only copy and Parquet marts for readers (beside the warehouse)."""
    return Path(_text("BUDGET_PUBLISHED") or warehouse_file.parent / "published")


def cache() -> str | None:
    """BUDGET_CACHE: the extraction cache, a folder or an fsspec URL every worker reaches (None: beside
    the warehouse)."""
    return _text("BUDGET_CACHE")


def step_io() -> str | None:
    """BUDGET_IO: where the distributed profile's steps pass their small values (None: io/ in the cache)."""
    return _text("BUDGET_IO")


def dagster_home() -> str | None:
    """DAGSTER_HOME: the Dagster instance (run history, concurrency pool); None: .dagster/ here."""
    return _text("DAGSTER_HOME")


# --- how a run behaves ------------------------------------------------------------------------------------

def strict() -> bool:
    """BUDGET_STRICT=1: fail on a contract break or a quarantined row instead of holding back (`--strict`)."""
    return _text("BUDGET_STRICT") == "1"


def full_refresh() -> bool:
    """BUDGET_FULL_REFRESH=1: build every mart from scratch (`--full-refresh`)."""
    return _text("BUDGET_FULL_REFRESH") == "1"


def file_seconds() -> float:
    """BUDGET_FILE_SECONDS: time bound of one file's extraction (600); past it the file is reported."""
    return float(_text("BUDGET_FILE_SECONDS") or 600)


def file_memory_mb() -> int:
    """BUDGET_FILE_MEMORY_MB: memory bound (resident) of one file's extraction (1536)."""
    return _number("BUDGET_FILE_MEMORY_MB", 1536)


# --- the warehouse ----------------------------------------------------------------------------------------

def duckdb_memory() -> str:
    """BUDGET_DUCKDB_MEMORY: DuckDB's memory limit in every process that opens the warehouse (2GB, which
    fits this machine beside the extraction processes); past it DuckDB spills."""
    return _text("BUDGET_DUCKDB_MEMORY") or "2GB"


def duckdb_temp(warehouse_file: Path) -> str:
    """BUDGET_DUCKDB_TEMP: where DuckDB spills (a folder beside the warehouse)."""
    return _text("BUDGET_DUCKDB_TEMP") or str(warehouse_file.parent / ".duckdb_tmp")


def duckdb_threads() -> str | None:
    """BUDGET_DUCKDB_THREADS: DuckDB's threads (None: DuckDB's own, the machine's cores)."""
    return _text("BUDGET_DUCKDB_THREADS")


def load_batch() -> int:
    """BUDGET_LOAD_BATCH: disclosures the single writer swaps in per transaction (1000)."""
    return _number("BUDGET_LOAD_BATCH", 1000)


# --- the distributed profile ------------------------------------------------------------------------------

def executor() -> str:
    """BUDGET_EXECUTOR: `celery` for the distributed profile; otherwise the runs execute in process."""
    return (_text("BUDGET_EXECUTOR") or "").lower()


def extract_batch() -> int:
    """BUDGET_EXTRACT_BATCH: files per extraction step (20): a step is what a killed worker loses."""
    return _number("BUDGET_EXTRACT_BATCH", 20)


def step_workers() -> int:
    """BUDGET_STEP_WORKERS: extraction processes inside one such step (1: a worker per core instead)."""
    return _number("BUDGET_STEP_WORKERS", 1)


def visibility_timeout() -> int:
    """BUDGET_CELERY_VISIBILITY_TIMEOUT: seconds after which a step taken but never acknowledged goes back
    to the queue (3600): longer than any step runs, or a slow step would be taken twice."""
    return _number("BUDGET_CELERY_VISIBILITY_TIMEOUT", 3600)


def celery_broker() -> str:
    """BUDGET_CELERY_BROKER: the Celery broker's URL (redis://host:6379/0); a worker cannot start without it."""
    broker = _text("BUDGET_CELERY_BROKER")
    if broker is None:
        raise RuntimeError("BUDGET_CELERY_BROKER is not set: the distributed profile needs the broker's URL (README, Past one machine)")
    return broker


def celery_backend() -> str:
    """BUDGET_CELERY_BACKEND: where Celery keeps step results (the broker where unset)."""
    return _text("BUDGET_CELERY_BACKEND") or celery_broker()


def celery_backend_variable() -> str:
    """The variable naming Celery's result backend: BUDGET_CELERY_BACKEND where set, else the broker's."""
    return "BUDGET_CELERY_BACKEND" if _text("BUDGET_CELERY_BACKEND") else "BUDGET_CELERY_BROKER"
