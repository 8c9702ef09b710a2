"""Where things are: the repository, the dbt project, the warehouse. Imports nothing heavy, so that a run
with nothing to do decides so in a fraction of a second."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from . import settings

ROOT = settings.ROOT
DBT_DIR = ROOT / "dbt_project"
MANIFEST = DBT_DIR / "target" / "manifest.json"
DOCS_DIR = DBT_DIR / "target" / "docs"
# the main job's dbt build writes its artifacts here, each build over the last (builds are serialized)
BUILD_TARGET = DBT_DIR / "target" / "build"
# the files a dbt build reads: a change to any of them means the marts must be built again
DBT_SOURCE_DIRS = ("models", "seeds", "macros", "tests", "snapshots", "analyses")
DBT_SOURCE_FILES = ("dbt_project.yml", "profiles.yml")


def reports_dir() -> Path:
    return settings.reports()


def html_index() -> Path | None:
    """The HTML report's index page, where one was written."""
    index = reports_dir() / "html" / "index.html"
    return index if index.exists() else None


def warehouse_path() -> Path:
    return settings.warehouse()


def strict_run() -> bool:
    """A run that fails on any contract break or quarantined row instead of holding back (`--strict`)."""
    return settings.strict()


def dbt_sources() -> list[Path]:
    """Every file of the dbt project that a parse or a build reads, in a stable order."""
    found = [p for d in DBT_SOURCE_DIRS if (DBT_DIR / d).is_dir() for p in (DBT_DIR / d).rglob("*") if p.is_file()]
    return sorted(found) + [DBT_DIR / name for name in DBT_SOURCE_FILES if (DBT_DIR / name).exists()]


def dbt_executable() -> str:
    """The venv's dbt, so runs work without an activated venv on PATH."""
    local = Path(sys.executable).parent / "dbt"
    return str(local) if local.exists() else (shutil.which("dbt") or "dbt")
