"""Resources shared by the assets, sensors and schedules: raw PDFs, the DuckDB warehouse, dbt."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from dagster import ConfigurableResource
from dagster_dbt import DbtCliResource, DbtProject
from dagster_duckdb import DuckDBResource

from .paths import DBT_DIR, ROOT, dbt_executable, warehouse_path

DEFAULT_RAW = ROOT / "raw"

# dbt runs in a subprocess (cwd dbt_project/) and reads BUDGET_WAREHOUSE from its profile: pin it to
# the absolute file the Python side writes, so a relative or missing value cannot split the two.
os.environ["BUDGET_WAREHOUSE"] = str(warehouse_path())


def raw_root() -> Path:
    """BUDGET_RAW overrides the default raw/ folder of the repository."""
    return Path(os.environ.get("BUDGET_RAW", DEFAULT_RAW)).resolve()


class RawFiles(ConfigurableResource):
    """The folder of disclosure PDFs; a partition key is a PDF's POSIX path relative to it."""

    root: str

    @property
    def path(self) -> Path:
        return Path(self.root)

    def file(self, partition_key: str) -> Path:
        return self.path / partition_key


@cache
def dbt_project() -> DbtProject:
    # No prepare_if_dev(): the manifest is produced by `dbt parse` before definitions load.
    return DbtProject(project_dir=DBT_DIR, profiles_dir=DBT_DIR)


def resources() -> dict[str, object]:
    return {
        "raw_files": RawFiles(root=str(raw_root())),
        "duckdb": DuckDBResource(database=str(warehouse_path())),
        "dbt": DbtCliResource(project_dir=dbt_project(), dbt_executable=dbt_executable()),
    }
