"""Resources shared by the assets, sensors and schedules: raw PDFs, the DuckDB warehouse, dbt."""

from __future__ import annotations

import os
import sys
from functools import cache, cached_property
from pathlib import Path

from dagster import ConfigurableResource
from dagster_dbt import DbtCliResource, DbtProject
from dagster_dbt.compat import DBT_PYTHON_VERSION
from dagster_duckdb import DuckDBResource

from .. import settings
from .keys import source_path
from ..paths import DBT_DIR, dbt_executable, warehouse_path
from ..load.warehouse import duckdb_settings


# dbt runs in a subprocess (cwd dbt_project/) and reads BUDGET_WAREHOUSE from its profile: pin it to
# the absolute file the Python side writes, so a relative or missing value cannot split the two.
os.environ["BUDGET_WAREHOUSE"] = str(warehouse_path())
os.environ["BUDGET_DUCKDB_TEMP"] = duckdb_settings(warehouse_path())["temp_directory"]


def raw_root() -> Path:
    return settings.raw()


class RawFiles(ConfigurableResource):
    """The folder of disclosure PDFs; a partition key is a PDF's POSIX path relative to it (keys.py escapes
    the few characters a key may not hold)."""

    root: str

    @property
    def path(self) -> Path:
        return Path(self.root)

    def file(self, partition_key: str) -> Path:
        return self.path / source_path(partition_key)


@cache
def dbt_project() -> DbtProject:
    # No prepare_if_dev(): the manifest is produced by `dbt parse` before definitions load.
    return DbtProject(project_dir=DBT_DIR, profiles_dir=DBT_DIR)


class InstalledDbt(DbtCliResource):
    """The dbt of this environment (dbt_executable() is the venv's own): its version is the installed
    package's, read here rather than from a `dbt --version` process before every build."""

    @cached_property
    def _cli_version(self):
        if DBT_PYTHON_VERSION is None or Path(self.dbt_executable).parent != Path(sys.executable).parent:
            return super()._cli_version
        return DBT_PYTHON_VERSION

    def _initialize_dbt_core_adapter(self, args):
        # an in-process handle on the warehouse serves only row counts and column metadata, which the
        # builds here do not fetch; opening it costs seconds per build
        return None


def resources() -> dict[str, object]:
    return {
        "raw_files": RawFiles(root=str(raw_root())),
        "duckdb": DuckDBResource(database=str(warehouse_path()), connection_config=duckdb_settings(warehouse_path())),
        "dbt": InstalledDbt(project_dir=dbt_project(), dbt_executable=dbt_executable()),
    }
