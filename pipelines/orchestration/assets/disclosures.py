"""One partition per disclosure PDF: extract it, then load its staging tables into DuckDB schema `raw`.

One run may load many partitions (a single-run backfill, or `make run`'s batch): each file is read and
loaded on its own, so a file that cannot be read is that file's failure, observed with its reason, and
the others load. A run of a single file that fails, fails.

Partition key = the PDF's path relative to raw/, POSIX separators (e.g.
"2026/昆明海关本级/昆明海关本级2026年部门预算.pdf"), so the key reads as the file it stands for. The few
sequences a key may not hold ("...", Dagster's partition-range separator, and control characters) are
escaped as %XX, reversibly (keys.py): any file name is a key, and the warehouse records the path itself."""

import time
from collections import Counter
from pathlib import Path

from dagster import (
    AssetCheckResult,
    AssetCheckSpec,
    AssetExecutionContext,
    AssetKey,
    AssetMaterialization,
    AssetObservation,
    AssetSelection,
    AssetSpec,
    BackfillPolicy,
    DynamicPartitionsDefinition,
    Failure,
    MaterializeResult,
    MetadataValue,
    define_asset_job,
    multi_asset,
)
from dagster_duckdb import DuckDBResource

from schemas import STAGING_SCHEMAS

from ..deploy import WRITER_TAGS, executor
from ...load.writer import load
from ...paths import reports_dir
from ...load.models import Prepared, StagedSummary
from ...load.prepared import FAILURE_COLUMNS, prepare_many
from ..resources import RawFiles

disclosure_partitions = DynamicPartitionsDefinition(name="disclosures")

QUARANTINE = "validation_failures"
MAX_FAILURE_CASES = 20
MAX_CROPS = 5  # images of the failing rows' pages in a check's metadata


def _md_cell(value) -> str:
    text = "" if value is None or (isinstance(value, float) and value != value) else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def failure_markdown(cases: list[dict], total: int, limit: int = MAX_FAILURE_CASES) -> str:
    """The first failure cases as a table, and how many more there are."""
    lines = ["| " + " | ".join(FAILURE_COLUMNS) + " |", "|" + "---|" * len(FAILURE_COLUMNS)]
    lines += ["| " + " | ".join(_md_cell(case.get(c)) for c in FAILURE_COLUMNS) + " |" for case in cases[:limit]]
    if total > limit:
        lines.append(f"\n{total - limit} more in raw.validation_failures")
    return "\n".join(lines)


EXTRACTION_KEY = AssetKey("disclosure_extraction")


def _raw_key(name: str) -> AssetKey:
    # Same key dagster-dbt gives the dbt source raw.<name>, so lineage runs PDF → raw → dbt models.
    return AssetKey(["raw", name])


def _raw_spec(name: str, description: str) -> AssetSpec:
    # not partitioned: a table holds every disclosure's rows, and a run over N files records it once, not N times
    # (a partitioned table recorded ~20 tables × N events, which cost more than the load itself)
    return AssetSpec(_raw_key(name), deps=[EXTRACTION_KEY], group_name="staging", kinds={"duckdb"}, description=description)


def report_page(disclosure_id: str) -> Path:
    """The disclosure's page of the HTML report (written by the build job's html_report asset)."""
    return reports_dir() / "html" / "d" / f"{disclosure_id}.html"


def _disclosure_metadata(summary: StagedSummary) -> dict:
    metadata = dict(summary.metadata)
    metadata["report_page"] = MetadataValue.path(str(report_page(metadata["disclosure_id"])))
    if "problem_details" in metadata:
        metadata["problem_details"] = MetadataValue.md(metadata["problem_details"])
    return metadata


class _Batch:
    """What a run loaded, table by table, over all of its partitions."""

    def __init__(self):
        self.rows = Counter()
        self.staged = Counter()
        self.failures: dict[str, list[dict]] = {}
        self.failure_counts = Counter()
        self.crops: dict[str, list[str]] = {}

    def add(self, prepared: Prepared) -> list[str]:
        """Count one disclosure's tables; returns its quarantined tables, described."""
        summary, quarantined = prepared.summary, []
        for name, n in summary.staged.items():
            self.rows[name] += n
            self.staged[name] += n
        for name, found in summary.failures.items():
            self.failures.setdefault(name, []).extend(found["cases"])
            self.failure_counts[name] += found["count"]
            quarantined.append(f"raw.{name} ({found['count']} failure cases)")
            self.crops.setdefault(name, []).extend(summary.crops.get(name, []))
        return quarantined

    def results(self, context: AssetExecutionContext, writer_seconds: float, selected: set[AssetKey] | None = None):
        """Each staging table's materialization and pandera check, of those the run selected (None: all; a
        run of the extraction's partitions alone, from the UI, selects none)."""
        for name in STAGING_SCHEMAS:
            if selected is not None and _raw_key(name) not in selected:
                continue
            count = self.failure_counts[name]
            metadata = {"rows_loaded": self.rows[name]}
            if name == "disclosures":  # how long the run held the warehouse to load its batches
                metadata["writer_seconds"] = round(writer_seconds, 3)
            yield MaterializeResult(asset_key=_raw_key(name), metadata=metadata)
            check_metadata = {"failure_count": count, "rows_staged": self.staged[name]}
            if count:
                check_metadata["failure_cases"] = MetadataValue.md(failure_markdown(self.failures[name], count))
                for i, crop in enumerate(self.crops.get(name, [])[:MAX_CROPS]):
                    check_metadata[f"failing_rows_crop_{i + 1}"] = MetadataValue.path(crop)
                context.log.warning("raw.%s failed validation (%d failure cases); quarantined", name, count)
            yield AssetCheckResult(asset_key=_raw_key(name), check_name="pandera_schema", passed=not count, metadata=check_metadata)
        if selected is None or _raw_key(QUARANTINE) in selected:
            yield MaterializeResult(asset_key=_raw_key(QUARANTINE), metadata={"rows_loaded": sum(self.failure_counts.values())})


@multi_asset(
    specs=[AssetSpec(
        EXTRACTION_KEY, group_name="ingest", kinds={"python", "pdf"}, skippable=True, partitions_def=disclosure_partitions,
        description="Tables, amount cells, layout identities and projects extracted from one disclosure PDF.",
    )]
    + [_raw_spec(name, f"Staging table raw.{name}: the rows of every loaded disclosure.") for name in STAGING_SCHEMAS]
    + [_raw_spec(QUARANTINE, "Failure cases of staging tables that failed their pandera model (not loaded).")],
    check_specs=[
        AssetCheckSpec(
            "pandera_schema",
            asset=_raw_key(name),
            blocking=False,  # a failing table is quarantined; the rest of the disclosure still loads
            description=f"The disclosures' rows satisfy pandera model {model.__name__}.",
        )
        for name, model in STAGING_SCHEMAS.items()
    ],
    can_subset=True,  # the extraction is partitioned by file, the staging tables are not
    backfill_policy=BackfillPolicy.single_run(),
    pool="duckdb_writer",  # DuckDB allows one writing process at a time
    op_tags=WRITER_TAGS,
)
def ingest_disclosures(context: AssetExecutionContext, raw_files: RawFiles, duckdb: DuckDBResource):
    keys = context.partition_keys
    # validated and staged where it was extracted (the main job's extraction processes); a file no
    # process prepared yet is prepared here
    prepared = prepare_many([(key, raw_files.file(key)) for key in keys])
    clock = time.perf_counter()
    with duckdb.get_connection() as con:  # the single writer: batches of disclosures, each one transaction
        errors = load(con, prepared)
    writer = time.perf_counter() - clock
    batch = _Batch()
    for p in prepared:
        if p.failed or p.key in errors:
            errors[p.key] = reason = errors.get(p.key) or p.failed
            yield AssetObservation(EXTRACTION_KEY, partition=p.key, metadata={"failed": reason, "reason": p.summary.reason or reason})
            continue
        metadata = {**_disclosure_metadata(p.summary), "quarantined": batch.add(p)}
        if p.summary.problems:
            context.log.warning("%d table(s) of %s could not be read; see problem_details", p.summary.problems, p.key)
        yield AssetMaterialization(EXTRACTION_KEY, partition=p.key, metadata=metadata)
    if len(keys) == 1 and errors:
        p = prepared[0]
        raise Failure(description=errors[p.key], metadata={"partition": p.key, "reason": p.summary.reason or errors[p.key]}) from None
    yield from batch.results(context, writer, context.selected_asset_keys)


ingest_disclosure_job = define_asset_job(
    "ingest_disclosure_job",
    executor_def=executor(),
    # own checks only: dbt tests on the raw sources (also checks of these keys) belong to the dbt job
    selection=AssetSelection.assets(ingest_disclosures).without_checks() | AssetSelection.checks(*ingest_disclosures.check_keys),
    description="Extract disclosure PDFs and replace each one's rows in the raw staging tables.",
)
