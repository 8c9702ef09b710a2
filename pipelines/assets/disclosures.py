"""One partition per disclosure PDF: extract it, then load its staging tables into DuckDB schema `raw`.

Partition key = the PDF's path relative to raw/, POSIX separators, not encoded
(e.g. "2026/昆明海关本级/昆明海关本级2026年部门预算.pdf"). Dynamic partition keys may hold
non-ASCII text and "/", so the key reads as the file it stands for and maps back to it directly.
"..." is Dagster's partition-range separator and control characters are refused in static keys:
a path containing either is skipped with a warning rather than given a second, encoded form."""

import hashlib
from collections import Counter
from pathlib import Path

import pandas as pd
from dagster import (
    AssetCheckResult,
    AssetCheckSpec,
    AssetExecutionContext,
    AssetIn,
    AssetKey,
    AssetSelection,
    AssetSpec,
    DynamicPartitionsDefinition,
    Failure,
    MaterializeResult,
    MetadataValue,
    Output,
    asset,
    define_asset_job,
    multi_asset,
)
from dagster_duckdb import DuckDBResource

from schemas import STAGING_SCHEMAS

from ..cache import extract_cached, extractor_fingerprint
from ..extract.disclosure import Extraction
from ..extract.document import disclosure_id_for
from ..extract.pdf import DisclosureError, sha256_of
from ..resources import RawFiles
from ..staging import StagedTable, stage
from ..warehouse import replace_disclosure

disclosure_partitions = DynamicPartitionsDefinition(name="disclosures")

QUARANTINE = "validation_failures"
FAILURE_COLUMNS = ["schema_context", "column", "check", "failure_case", "index"]
MAX_FAILURE_CASES = 20


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
        "source_file": key,
        "source_sha256": sha,
        "page_count": 0,
        "title": None,
        "fiscal_year": None,
        "report_kind": None,
        "scope": None,
        "unit_name": None,
        "metadata_source": None,
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


def load_disclosure(duckdb: DuckDBResource, document: dict, staged: dict[str, StagedTable]) -> dict[str, int]:
    with duckdb.get_connection() as con:
        return replace_disclosure(con, document["disclosure_id"], staged)


@asset(
    partitions_def=disclosure_partitions,
    group_name="ingest",
    kinds={"python", "pdf"},
    description="Tables, amount cells, layout identities and projects extracted from one disclosure PDF.",
)
def disclosure_extraction(context: AssetExecutionContext, raw_files: RawFiles, duckdb: DuckDBResource):
    key = context.partition_key
    path = raw_files.file(key)
    try:
        extraction, from_cache = extract_cached(path, key)
    except Exception as exc:  # whatever a damaged file makes any reader raise is that file's failure
        err = _as_disclosure_error(path, exc)
        document = _failed_document(path, key)
        staged = stage(Extraction(document=document), status="failed", message=str(err))
        load_disclosure(duckdb, document, staged)
        raise Failure(
            description=str(err),
            metadata={"disclosure_id": document["disclosure_id"], "partition": key, "reason": err.reason},
        ) from None  # an expected outcome for a bad PDF: the message says it all

    doc = extraction.document
    metadata = {
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
        context.log.warning("%d table(s) of %s could not be read; see problem_details", len(extraction.problems), key)
    return Output(extraction, metadata={k: v for k, v in metadata.items() if v is not None})


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


def _raw_key(name: str) -> AssetKey:
    # Same key dagster-dbt gives the dbt source raw.<name>, so lineage runs PDF → raw → dbt models.
    return AssetKey(["raw", name])


def _raw_spec(name: str, description: str) -> AssetSpec:
    return AssetSpec(
        _raw_key(name), deps=[disclosure_extraction.key], group_name="staging", kinds={"duckdb"}, description=description
    )


@multi_asset(
    specs=[_raw_spec(name, f"Staging table raw.{name}: one disclosure's rows per partition.") for name in STAGING_SCHEMAS]
    + [_raw_spec(QUARANTINE, "Failure cases of staging tables that failed their pandera model (not loaded).")],
    check_specs=[
        AssetCheckSpec(
            "pandera_schema",
            asset=_raw_key(name),
            blocking=False,  # a failing table is quarantined; the rest of the disclosure still loads
            description=f"The disclosure's rows satisfy pandera model {model.__name__}.",
        )
        for name, model in STAGING_SCHEMAS.items()
    ],
    ins={"extraction": AssetIn(key=disclosure_extraction.key)},
    partitions_def=disclosure_partitions,
    pool="duckdb_writer",  # DuckDB allows one writing process at a time
)
def staging_tables(context: AssetExecutionContext, extraction: Extraction, duckdb: DuckDBResource):
    staged = stage(extraction)
    did = extraction.document["disclosure_id"]
    loaded = load_disclosure(duckdb, extraction.document, staged)

    quarantined = 0
    for name, table in staged.items():
        failures = len(table.failures)
        quarantined += failures
        yield MaterializeResult(
            asset_key=_raw_key(name),
            metadata={"rows_loaded": loaded.get(name, 0), "disclosure_id": did, "valid": table.valid},
        )
        check_metadata = {"failure_count": failures, "rows_staged": len(table.frame)}
        if failures:
            check_metadata["failure_cases"] = MetadataValue.md(failure_markdown(table.failures))
            context.log.warning("raw.%s failed validation (%d failure cases); quarantined", name, failures)
        yield AssetCheckResult(
            asset_key=_raw_key(name), check_name="pandera_schema", passed=table.valid, metadata=check_metadata
        )
    yield MaterializeResult(
        asset_key=_raw_key(QUARANTINE), metadata={"rows_loaded": quarantined, "disclosure_id": did}
    )


ingest_disclosure_job = define_asset_job(
    "ingest_disclosure_job",
    # own checks only: dbt tests on the raw sources (also checks of these keys) belong to the dbt job
    selection=AssetSelection.assets(disclosure_extraction, staging_tables).without_checks()
    | AssetSelection.checks(*staging_tables.check_keys),
    partitions_def=disclosure_partitions,
    description="Extract one disclosure PDF and replace its rows in the raw staging tables.",
)
