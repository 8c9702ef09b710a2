"""Disclosures fetched from their publishers into raw/, where the raw/ sensor picks them up."""

from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset, define_asset_job

from ...run.download import download, load_sources
from ..resources import RawFiles


@asset(
    group_name="ingest",
    kinds={"http"},
    description="Fetches the disclosures listed in raw/sources.yaml that are new or changed into raw/.",
)
def publisher_downloads(context: AssetExecutionContext, raw_files: RawFiles) -> MaterializeResult:
    sources = load_sources(raw_files.path / "sources.yaml")
    outcomes = [download(source, raw_files.path) for source in sources]
    for outcome in outcomes:
        if outcome.status == "failed":
            context.log.error("%s %s %s: %s", outcome.source.year, outcome.source.unit, outcome.source.report_kind, outcome.message)
    rows = ["| year | unit | kind | status | file / error |", "|---|---|---|---|---|"]
    rows += [
        f"| {o.source.year} | {o.source.unit} | {o.source.report_kind} | {o.status} | "
        f"{(o.path.relative_to(raw_files.path) if o.path else o.message)} |"
        for o in outcomes
    ]
    counts = {status: sum(o.status == status for o in outcomes) for status in ("downloaded", "unchanged", "failed")}
    return MaterializeResult(metadata={**counts, "entries": len(outcomes), "results": MetadataValue.md("\n".join(rows))})


download_job = define_asset_job(
    "download_job",
    selection=[publisher_downloads],
    description="Fetch new disclosures; raw_pdf_sensor then ingests them and dbt_after_ingest_sensor rebuilds the marts.",
)
