"""One disclosure's staging tables, validated where it was extracted and kept as Parquet beside its extraction.

The extraction processes do all the per-disclosure work: extract (or read the cached extraction), validate
every staging table against its pandera model, type the rows as the warehouse's DDL, and write them here.
The single DuckDB writer then only swaps batches of these files in (writer.py). Loaded disclosures are kept
by content hash (any file with that content reuses them); a file that could not be used is kept under its
path as well, since its reason names the file.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from upath import UPath

from schemas import RECORD_SCHEMAS, STAGING_SCHEMAS

from .cache import entry, extract_cached, extractor_fingerprint, put
from .models import Prepared, StagedSummary
from ..extract.disclosure import Extraction
from ..orchestration.keys import source_path
from ..paths import ROOT, reports_dir

SUMMARY = "summary.json"  # written last: a folder without it is never read
FAILURES = "validation_failures"
FAILURE_CASES_KEPT = 20  # failure cases per table carried in the summary for the run's check metadata
FAILURE_COLUMNS = ["schema_context", "column", "check", "failure_case", "index"]


@cache
def staging_fingerprint() -> str:
    """Changes with the extractor or with what validates and types its rows (the pandera models, staging,
    the DDL): a new version prepares every disclosure again."""
    digest = hashlib.sha256(extractor_fingerprint().encode())
    here = Path(__file__)
    for path in [*sorted((ROOT / "schemas").glob("*.py")), here.with_name("staging.py"), here.with_name("warehouse.py"), here]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def before_fork() -> None:
    """What every extraction process would otherwise build again after it is forked, built once here: the
    validation schemas, the warehouse's column and Arrow types, the fingerprints, the 类 names read from the seeds."""
    from ..extract.normalize.codes import class_names  # noqa: PLC0415
    from .staging import build_schemas  # noqa: PLC0415
    from .warehouse import arrow_schema  # noqa: PLC0415

    build_schemas()
    for table in [*STAGING_SCHEMAS, *RECORD_SCHEMAS]:
        arrow_schema(table)  # the warehouse's column types, and the Arrow schema each Parquet file is written in
    staging_fingerprint()
    class_names()


def _folder(sha: str, key: str | None) -> UPath:
    name = f"staged-{staging_fingerprint()}"
    if key is not None:  # a failure's reason names its file
        name += "-" + hashlib.sha256(key.encode()).hexdigest()[:12]
    return entry(sha) / name


def read_prepared(key: str, sha: str) -> Prepared | None:
    """The prepared disclosure of this file, if any: the content's, else the file's own failure."""
    for folder in (_folder(sha, None), _folder(sha, key)):
        marker = folder / SUMMARY
        if marker.exists():
            summary = StagedSummary.from_json(marker.read_text(encoding="utf-8")).from_cache()
            return Prepared(key, summary.disclosure_id, source_path(key), str(folder), summary)
    return None


def _failure_table(rows: list[tuple]) -> pa.Table:
    from .warehouse import arrow_schema  # noqa: PLC0415

    schema = arrow_schema(FAILURES)  # raw.validation_failures, declared by its pandera model
    columns = list(zip(*rows)) if rows else [[] for _ in schema]
    return pa.Table.from_arrays([pa.array(list(c), type=f.type) for c, f in zip(columns, schema)], schema=schema)


def _summary_failures(staged) -> dict:
    """Per table with failure cases: their number and the first of them, for the run's check metadata."""
    out = {}
    for name, table in staged.items():
        if len(table.failures):
            cases = table.failures.reindex(columns=FAILURE_COLUMNS).head(FAILURE_CASES_KEPT)
            out[name] = {"count": len(table.failures),
                         "cases": [{k: (None if v != v else str(v)) for k, v in r.items()} for r in cases.to_dict("records")]}
    return out


def write_staged(folder: UPath, disclosure_id: str, staged: dict, **described) -> StagedSummary:
    """Each non-empty staging table typed as its DDL, the failure cases, then the summary (with what
    `described` adds: the run's metadata, problems, crops, or why the file failed)."""
    from .warehouse import arrow_table, failure_rows  # noqa: PLC0415

    folder.mkdir(parents=True, exist_ok=True)
    tables, failures = {}, []
    for name, table in staged.items():
        failures += failure_rows(disclosure_id, table) if not table.valid else []
        if not table.frame.empty:
            _write(folder / f"{name}.parquet", arrow_table(name, table.frame))
            tables[name] = len(table.frame)
    if failures:
        _write(folder / f"{FAILURES}.parquet", _failure_table(failures))
        tables[FAILURES] = len(failures)
    summary = StagedSummary(disclosure_id, tables, staged={name: len(t.frame) for name, t in staged.items()},
                            failures=_summary_failures(staged), **described)
    put(folder / SUMMARY, lambda fh: fh.write(summary.to_json().encode("utf-8")))
    return summary


def _write(path: UPath, table: pa.Table) -> None:
    put(path, lambda fh: pq.write_table(table, fh))


def prepare(key: str, path: Path) -> Prepared:
    """Extract (or read the cached extraction), validate and stage one file; the result is kept, so that
    any process can load it. A file that cannot be used becomes its one failed raw.disclosures row."""
    from ..extract.read.pdf import sha256_of  # noqa: PLC0415
    from .failed import failed_document, failure_of  # noqa: PLC0415
    from .staging import stage  # noqa: PLC0415

    source = source_path(key)
    try:
        sha = sha256_of(path)
        if (ready := read_prepared(key, sha)) is not None:
            return ready
        extraction, from_cache = extract_cached(path, source)
    except Exception as exc:  # whatever a damaged file makes any reader raise is that file's failure
        err = failure_of(path, exc)
        document = failed_document(path, key) | {"document_kind": err.kind or "broken", "kind_reason": err.reason}
        staged = stage(Extraction(document=document), status="failed", message=str(err))
        folder = _folder(document["source_sha256"], key)
        summary = write_staged(folder, document["disclosure_id"], staged, failed=str(err), reason=err.reason)
        return Prepared(key, document["disclosure_id"], source, str(folder), summary)
    staged = stage(extraction)
    doc = extraction.document
    folder = _folder(sha, None)
    summary = write_staged(folder, doc["disclosure_id"], staged, **summarize(extraction, staged, path, from_cache))
    return Prepared(key, doc["disclosure_id"], source, str(folder), summary)


def prepare_many(files: list[tuple[str, Path]], lookups: int = 16) -> list[Prepared]:
    """prepare() for each (key, path), in order: the cache is asked for many files at once (object storage
    answers each after a round trip); a file not prepared yet is then prepared here, one at a time."""
    from concurrent.futures import ThreadPoolExecutor  # noqa: PLC0415

    from ..extract.read.pdf import sha256_of  # noqa: PLC0415

    def cached(item: tuple[str, Path]) -> Prepared | None:
        try:
            return read_prepared(item[0], sha256_of(item[1]))
        except Exception:  # noqa: BLE001  (prepare() below meets the same error and records it as the file's)
            return None

    with ThreadPoolExecutor(lookups) as pool:
        found = list(pool.map(cached, files))
    return [ready if ready is not None else prepare(key, path) for (key, path), ready in zip(files, found)]


def summarize(extraction: Extraction, staged: dict, path: Path, from_cache: bool) -> dict:
    """What the summary of a loaded disclosure adds (write_staged's `described`): the run's metadata, its
    problems, and crops of failing rows."""
    return {"metadata": disclosure_metadata(extraction, from_cache), "problems": len(extraction.problems),
            "crops": _crops(staged, extraction.document, path)}


def _crops(staged: dict, doc: dict, path: Path) -> dict[str, list[str]]:
    """Images of the pages printing rows that failed validation, per table (rare: drawn only then)."""
    from ..reports.failures import failing_row_crops  # noqa: PLC0415
    from ..reports.models import SourceFile  # noqa: PLC0415

    source = SourceFile(doc["disclosure_id"], path, doc["source_sha256"])
    out = {}
    for name, table in staged.items():
        if len(table.failures):
            crops = failing_row_crops(table.checked, table.failures, source, reports_dir() / "html" / "validation")
            out[name] = [str(c) for c in crops]
    return out


def disclosure_metadata(extraction: Extraction, from_cache: bool) -> dict:
    """What the run records of a loaded disclosure (plain values; the asset types them for Dagster)."""
    from collections import Counter  # noqa: PLC0415

    doc = extraction.document
    counts = Counter(t["table_code"] for t in extraction.tables)
    metadata = {
        "disclosure_id": doc["disclosure_id"],
        "fiscal_year": doc.get("fiscal_year"),
        "report_kind": doc.get("report_kind"),
        "unit_name": doc.get("unit_name"),
        "pages": doc.get("page_count"),
        "tables_located": doc.get("tables_located", len(extraction.tables)),
        "cells": len(extraction.cells),
        "table_codes": ", ".join(f"{code}×{n}" if n > 1 else code for code, n in sorted(counts.items())),
        "standard_tables_missing": doc.get("standard_tables_missing") or "none",
        "problems": len(extraction.problems),
        "pages_unreadable": doc.get("pages_unreadable"),
        "damage": doc.get("damage"),
        "from_cache": from_cache,
    }
    if extraction.problems:
        metadata["problem_details"] = "\n".join(f"- {p['message']}" for p in extraction.problems)
    return {k: v for k, v in metadata.items() if v is not None}
