"""After dbt: the read-only copy and Parquet marts for analysts, and the dbt documentation site."""

from dagster import AssetExecutionContext, AssetKey, AssetSelection, MaterializeResult, MetadataValue, asset, define_asset_job

from ..docs import SITE, generate_docs
from ..plan import record_build
from ..publish import publish
from ..resources import dbt_executable
from ..warehouse import connect, warehouse_path
from .dbt import dbt_models
from .sets import disclosure_sets

MART_KEYS = [key for key in dbt_models.keys if key.path[0] == "marts"]


@asset(
    deps=MART_KEYS,
    group_name="publish",
    kinds={"duckdb", "parquet"},
    pool="duckdb_writer",  # reads the warehouse file, so never beside a writer
    description="warehouse/published/: a read-only copy of the warehouse swapped in atomically, and every mart as Parquet.",
)
def published_warehouse(context: AssetExecutionContext) -> MaterializeResult:
    with connect(warehouse_path()) as con:  # every mart built and every contract held: they are current
        record_build(con)
    target = publish(warehouse_path())
    return MaterializeResult(metadata={"path": MetadataValue.path(str(target)), "parquet": MetadataValue.path(str(target.parent / "parquet"))})


@asset(
    deps=[AssetKey(["marts", "fct_reconciliation"])],
    group_name="publish",
    kinds={"dbt"},
    pool="duckdb_writer",
    description="dbt docs generate --static: the models, columns and lineage as one HTML page, when they changed.",
)
def dbt_docs(context: AssetExecutionContext) -> MaterializeResult:
    generated = generate_docs(dbt_executable(), warehouse_path())
    return MaterializeResult(metadata={"site": MetadataValue.path(str(SITE)), "generated": generated})


dbt_build_job = define_asset_job(
    "dbt_build_job",
    # with every dbt test, including tests on the raw sources, which are checks of the staging assets
    # the disclosure sets first: dbt reads them
    selection=AssetSelection.assets(disclosure_sets, dbt_models).without_checks()
    | AssetSelection.checks(*dbt_models.check_keys)
    | AssetSelection.assets(published_warehouse, dbt_docs),
    description="The disclosure sets, then dbt build (staging views, intermediate models, marts and their tests), then publish and document.",
)
