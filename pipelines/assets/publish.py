"""After dbt: the read-only copy and Parquet marts for analysts, and the dbt documentation site."""

import subprocess

from dagster import AssetExecutionContext, AssetKey, AssetSelection, MaterializeResult, MetadataValue, asset, define_asset_job

from ..publish import publish
from ..resources import DBT_DIR, dbt_executable
from ..warehouse import warehouse_path
from .dbt import dbt_models
from .sets import disclosure_sets

MART_KEYS = [key for key in dbt_models.keys if key.path[0] == "marts"]
DOCS_DIR = DBT_DIR / "target" / "docs"


@asset(
    deps=MART_KEYS,
    group_name="publish",
    kinds={"duckdb", "parquet"},
    pool="duckdb_writer",  # reads the warehouse file, so never beside a writer
    description="warehouse/published/: a read-only copy of the warehouse swapped in atomically, and every mart as Parquet.",
)
def published_warehouse(context: AssetExecutionContext) -> MaterializeResult:
    target = publish(warehouse_path())
    return MaterializeResult(metadata={"path": MetadataValue.path(str(target)), "parquet": MetadataValue.path(str(target.parent / "parquet"))})


@asset(
    deps=[AssetKey(["marts", "fct_reconciliation"])],
    group_name="publish",
    kinds={"dbt"},
    pool="duckdb_writer",
    description="dbt docs generate --static: the models, columns and lineage as one HTML page.",
)
def dbt_docs(context: AssetExecutionContext) -> MaterializeResult:
    result = subprocess.run(
        [dbt_executable(), "docs", "generate", "--static", "--profiles-dir", ".", "--target-path", str(DOCS_DIR), "--quiet"],
        cwd=DBT_DIR,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"dbt docs generate failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return MaterializeResult(metadata={"site": MetadataValue.path(str(DOCS_DIR / "static_index.html"))})


dbt_build_job = define_asset_job(
    "dbt_build_job",
    # with every dbt test, including tests on the raw sources, which are checks of the staging assets
    # the disclosure sets first: dbt reads them
    selection=AssetSelection.assets(disclosure_sets, dbt_models).without_checks()
    | AssetSelection.checks(*dbt_models.check_keys)
    | AssetSelection.assets(published_warehouse, dbt_docs),
    description="The disclosure sets, then dbt build (staging views, intermediate models, marts and their tests), then publish and document.",
)
