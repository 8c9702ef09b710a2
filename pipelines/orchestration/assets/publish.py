"""After dbt: the read-only copy and Parquet marts for analysts, the dbt documentation site and the HTML report."""

from dagster import AssetExecutionContext, AssetKey, AssetSelection, MaterializeResult, MetadataValue, asset, define_asset_job

from ..deploy import WRITER_TAGS, executor
from ...publish.docs import SITE, generate_docs
from ...run.plan import record_build
from ...publish.copy import publish
from ...reports import write_html_report
from ..resources import RawFiles, dbt_executable
from ...load.warehouse import connect, warehouse_path
from .dbt import dbt_models
from .sets import disclosure_sets

MART_KEYS = [key for key in dbt_models.keys if key.path[0] == "marts"]


@asset(
    deps=MART_KEYS,
    group_name="publish",
    kinds={"duckdb", "parquet"},
    pool="duckdb_writer",  # reads the warehouse file, so never beside a writer
    op_tags=WRITER_TAGS,
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
    op_tags=WRITER_TAGS,
    description="dbt docs generate --static: the models, columns and lineage as one HTML page, when they changed.",
)
def dbt_docs(context: AssetExecutionContext) -> MaterializeResult:
    generated = generate_docs(dbt_executable(), warehouse_path())
    return MaterializeResult(metadata={"site": MetadataValue.path(str(SITE)), "generated": generated})


@asset(
    deps=[AssetKey(["marts", name]) for name in ("rpt_disclosure_quality", "fct_reconciliation", "fct_check_region")],
    group_name="publish",
    kinds={"html"},
    pool="duckdb_writer",
    op_tags=WRITER_TAGS,
    description="reports/html/: an index of the disclosures and a page per disclosure, each finding with crops of "
    "the page regions of its sides (static files, offline).",
)
def html_report(context: AssetExecutionContext, raw_files: RawFiles) -> MaterializeResult:
    with connect(warehouse_path(), read_only=True) as con:
        index, stats = write_html_report(con, raw_files.path)
    if stats.missing_sources:
        context.log.warning("%d disclosure(s) have no crops: their PDF is not where it was loaded from", len(stats.missing_sources))
    return MaterializeResult(metadata={
        "index": MetadataValue.path(str(index)), "pages": stats.pages, "crops_rendered": stats.crops_rendered,
        "crops_reused": stats.crops_reused, "seconds": round(stats.seconds, 2),
    })


dbt_build_job = define_asset_job(
    "dbt_build_job",
    executor_def=executor(),
    # with every dbt test, including tests on the raw sources, which are checks of the staging assets
    # the disclosure sets first: dbt reads them
    selection=AssetSelection.assets(disclosure_sets, dbt_models).without_checks()
    | AssetSelection.checks(*dbt_models.check_keys)
    | AssetSelection.assets(published_warehouse, dbt_docs, html_report),
    description="The disclosure sets, then dbt build (staging views, intermediate models, marts and their tests), then publish, "
    "document and write the HTML report.",
)
