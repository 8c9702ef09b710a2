"""One partition per disclosure PDF: extract it, then load its staging tables into DuckDB schema `raw`.

One run may load many partitions (a single-run backfill, or `make run`'s batch): each file is read and
loaded on its own, so a file that cannot be read is that file's failure, observed with its reason, and
the others load. A run of a single file that fails, fails.

Partition key = the PDF's path relative to raw/, POSIX separators (e.g.
"2026/昆明海关本级/昆明海关本级2026年部门预算.pdf"), so the key reads as the file it stands for. The few
sequences a key may not hold ("...", Dagster's partition-range separator, and control characters) are
escaped as %XX, reversibly (keys.py): any file name is a key, and the warehouse records the path itself."""

import hashlib
from collections import Counter
from pathlib import Path

import pandas as pd
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

from ..cache import extract_cached, extractor_fingerprint
from ..extract.disclosure import Extraction
from ..extract.document import disclosure_id_for
from ..extract.pdf import DisclosureError, sha256_of
from ..keys import source_path
from ..paths import reports_dir
from ..reports.failures import failing_row_crops
from ..reports.models import SourceFile
from ..resources import RawFiles
from ..staging import StagedTable, stage
from ..warehouse import replace_disclosure

disclosure_partitions = DynamicPartitionsDefinition(name="disclosures")

QUARANTINE = "validation_failures"
FAILURE_COLUMNS = ["schema_context", "column", "check", "failure_case", "index"]
MAX_FAILURE_CASES = 20
MAX_CROPS = 5  # images of the failing rows' pages in a check's metadata


def _table_codes(extraction: Extraction) -> str:
    counts = Counter(t["table_code"] for t in extraction.tables)
    return ", ".join(f"{code}×{n}" if n > 1 else code for code, n in sorted(counts.items()))


def _failed_document(path: Path, key: str) -> dict:
    """The raw.disclosures row of a PDF that could not be used: identity and source only."""
    try:
        sha = sha256_of(path)
    except OSError:  # the file vanished or is unreadable: a stable id from its key instead
        sha = hashlib.sha256(f"unreadable:{key}".encode()).hexdigest()
    return {
        "disclosure_id": disclosure_id_for(sha),
        "source_file": source_path(key),
        "source_sha256": sha,
        "page_count": 0,
        "title": None,
        "fiscal_year": None,
        "report_kind": None,
        "scope": None,
        "unit_name": None,
        "metadata_source": None,
        "document_kind": None,
        "kind_reason": None,
        "tables_located": 0,
        "standard_tables_missing": None,
        "extractor_version": extractor_fingerprint(),  # the same code would fail the same way: not retried until it changes
    }


def _as_disclosure_error(path: Path, exc: Exception) -> DisclosureError:
    if isinstance(exc, DisclosureError):
        return exc
    if isinstance(exc, OSError):  # removed or unreadable after its partition was registered
        return DisclosureError(path, f"cannot read file ({exc.strerror or exc})")
    return DisclosureError(path, f"damaged: reading it failed ({type(exc).__name__}: {str(exc)[:200]})")


def _md_cell(value) -> str:
    text = "" if value is None or (isinstance(value, float) and value != value) else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def failure_markdown(failures: pd.DataFrame, limit: int = MAX_FAILURE_CASES) -> str:
    shown = failures.reindex(columns=FAILURE_COLUMNS).head(limit)
    lines = ["| " + " | ".join(FAILURE_COLUMNS) + " |", "|" + "---|" * len(FAILURE_COLUMNS)]
    lines += ["| " + " | ".join(_md_cell(v) for v in row) + " |" for row in shown.itertuples(index=False)]
    if len(failures) > limit:
        lines.append(f"\n{len(failures) - limit} more in raw.validation_failures")
    return "\n".join(lines)


EXTRACTION_KEY = AssetKey("disclosure_extraction")


def _raw_key(name: str) -> AssetKey:
    # Same key dagster-dbt gives the dbt source raw.<name>, so lineage runs PDF → raw → dbt models.
    return AssetKey(["raw", name])


def _raw_spec(name: str, description: str) -> AssetSpec:
    return AssetSpec(_raw_key(name), deps=[EXTRACTION_KEY], group_name="staging", kinds={"duckdb"}, description=description)


def report_page(disclosure_id: str) -> Path:
    """The disclosure's page of the HTML report (written by the build job's html_report asset)."""
    return reports_dir() / "html" / "d" / f"{disclosure_id}.html"


def _disclosure_metadata(extraction: Extraction, from_cache: bool) -> dict:
    doc = extraction.document
    metadata = {
        "report_page": MetadataValue.path(str(report_page(doc["disclosure_id"]))),
        "disclosure_id": doc["disclosure_id"],
        "fiscal_year": doc.get("fiscal_year"),
        "report_kind": doc.get("report_kind"),
        "unit_name": doc.get("unit_name"),
        "pages": doc.get("page_count"),
        "tables_located": doc.get("tables_located", len(extraction.tables)),
        "cells": len(extraction.cells),
        "table_codes": _table_codes(extraction),
        "standard_tables_missing": doc.get("standard_tables_missing") or "none",
        "problems": len(extraction.problems),
        "pages_unreadable": doc.get("pages_unreadable"),
        "damage": doc.get("damage"),
        "from_cache": from_cache,
    }
    if extraction.problems:
        metadata["problem_details"] = MetadataValue.md("\n".join(f"- {p['message']}" for p in extraction.problems))
    return {k: v for k, v in metadata.items() if v is not None}


class _Batch:
    """What a run loaded, table by table, over all of its partitions."""

    def __init__(self):
        self.rows = Counter()
        self.staged = Counter()
        self.failures: dict[str, list[pd.DataFrame]] = {}
        self.crops: dict[str, list[Path]] = {}

    def add(self, staged: dict[str, StagedTable], loaded: dict[str, int], source: SourceFile) -> list[str]:
        """Count one disclosure's tables; returns its quarantined tables, described. The pages printing the
        failing rows are cropped for the check's metadata."""
        quarantined = []
        for name, table in staged.items():
            self.rows[name] += loaded.get(name, 0)
            self.staged[name] += len(table.frame)
            if len(table.failures):
                self.failures.setdefault(name, []).append(table.failures)
                quarantined.append(f"raw.{name} ({len(table.failures)} failure cases)")
                crops = failing_row_crops(table.checked, table.failures, source, reports_dir() / "html" / "validation")
                self.crops.setdefault(name, []).extend(crops)
        return quarantined

    def results(self, context: AssetExecutionContext):
        for name in STAGING_SCHEMAS:
            failures = pd.concat(self.failures[name]) if name in self.failures else pd.DataFrame(columns=FAILURE_COLUMNS)
            yield MaterializeResult(asset_key=_raw_key(name), metadata={"rows_loaded": self.rows[name]})
            check_metadata = {"failure_count": len(failures), "rows_staged": self.staged[name]}
            if len(failures):
                check_metadata["failure_cases"] = MetadataValue.md(failure_markdown(failures))
                for i, crop in enumerate(self.crops.get(name, [])[:MAX_CROPS]):
                    check_metadata[f"failing_rows_crop_{i + 1}"] = MetadataValue.path(str(crop))
                context.log.warning("raw.%s failed validation (%d failure cases); quarantined", name, len(failures))
            yield AssetCheckResult(asset_key=_raw_key(name), check_name="pandera_schema", passed=not len(failures), metadata=check_metadata)
        quarantined = sum(len(f) for frames in self.failures.values() for f in frames)
        yield MaterializeResult(asset_key=_raw_key(QUARANTINE), metadata={"rows_loaded": quarantined})


def _read(path: Path, key: str, con) -> tuple[Extraction | None, bool | DisclosureError]:
    """(extraction, from cache), or (None, the reason) after recording the file as failed."""
    try:
        return extract_cached(path, source_path(key))
    except Exception as exc:  # whatever a damaged file makes any reader raise is that file's failure
        err = _as_disclosure_error(path, exc)
        document = _failed_document(path, key) | {"document_kind": err.kind or "broken", "kind_reason": err.reason}
        replace_disclosure(con, document["disclosure_id"], stage(Extraction(document=document), status="failed", message=str(err)))
        return None, err


@multi_asset(
    specs=[AssetSpec(
        EXTRACTION_KEY, group_name="ingest", kinds={"python", "pdf"}, skippable=True,
        description="Tables, amount cells, layout identities and projects extracted from one disclosure PDF.",
    )]
    + [_raw_spec(name, f"Staging table raw.{name}: one disclosure's rows per partition.") for name in STAGING_SCHEMAS]
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
    partitions_def=disclosure_partitions,
    backfill_policy=BackfillPolicy.single_run(),
    pool="duckdb_writer",  # DuckDB allows one writing process at a time
)
def ingest_disclosures(context: AssetExecutionContext, raw_files: RawFiles, duckdb: DuckDBResource):
    keys = context.partition_keys
    batch, errors = _Batch(), {}
    with duckdb.get_connection() as con:  # one connection for the run; each file's rows swap in their own transaction
        for key in keys:
            extraction, outcome = _read(raw_files.file(key), key, con)
            if extraction is None:
                errors[key] = outcome
                yield AssetObservation(EXTRACTION_KEY, partition=key, metadata={"failed": str(outcome), "reason": outcome.reason})
                continue
            staged = stage(extraction)
            doc = extraction.document
            source = SourceFile(doc["disclosure_id"], raw_files.file(key), doc["source_sha256"])
            quarantined = batch.add(staged, replace_disclosure(con, doc["disclosure_id"], staged), source)
            metadata = {**_disclosure_metadata(extraction, outcome), "quarantined": quarantined}
            if extraction.problems:
                context.log.warning("%d table(s) of %s could not be read; see problem_details", len(extraction.problems), key)
            yield AssetMaterialization(EXTRACTION_KEY, partition=key, metadata=metadata)
    if len(keys) == 1 and errors:
        err = errors[keys[0]]
        raise Failure(description=str(err), metadata={"partition": keys[0], "reason": err.reason}) from None
    yield from batch.results(context)


ingest_disclosure_job = define_asset_job(
    "ingest_disclosure_job",
    # own checks only: dbt tests on the raw sources (also checks of these keys) belong to the dbt job
    selection=AssetSelection.assets(ingest_disclosures).without_checks() | AssetSelection.checks(*ingest_disclosures.check_keys),
    description="Extract disclosure PDFs and replace each one's rows in the raw staging tables.",
)
