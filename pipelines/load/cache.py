"""Extraction results cached by the PDF's content hash, as Parquet, on a local folder or object storage.

An unchanged file is never extracted twice. The key also carries a fingerprint of the extraction
code, so a new version of the extractor reads every PDF afresh. BUDGET_CACHE names the storage root:
a folder (default warehouse/cache) or any fsspec URL (s3://bucket/prefix, gs://…), which is what lets a
distributed executor share the extraction step's results.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import fields
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from upath import UPath

from .. import settings
from ..extract.disclosure import Extraction
from .fingerprints import extractor_fingerprint  # noqa: F401  (read from here by the assets and tests)
from ..paths import warehouse_path

# every list an extraction holds, each its own Parquet file
PARTS = tuple(f.name for f in fields(Extraction) if f.name != "document")
# keys whose None is a value, not an absence (kept on read)
_NULLABLE = {
    "subject_code", "unit_code", "amount_yuan", "message", "operator", "target_value", "target_unit", "score",
    "department", "implementing_unit", "objectives", "execution_points_stated", "indicator_points_stated",
    "header_rows", "data_rows", "regions", "change", "direction", "percent", "percent_kind", "base", "share_of",
    "link_table_code", "link_table_seq", "link_row_number", "link_column_index", "link_subject_code", "link_note",
    "share_base_claim_no", "printed_code", "code_basis", "implied_code", "detail_code", "label", "classification_note",
    "table_seq", "region", "missing_examples", "not_printed_examples", "link_strategy", "link_strength",
    "share_base_strength", "link_matched", "scope", "named_fund", "region_note", "subject_note",
}


def cache_root() -> UPath:
    configured = settings.cache()
    return UPath(configured) if configured else UPath(warehouse_path().parent / "cache")


def entry(sha256: str) -> UPath:
    return cache_root() / extractor_fingerprint() / sha256


def load(sha256: str, source_name: str | None = None) -> Extraction | None:
    """The cached extraction of this content, recorded under source_name; None if not cached."""
    folder = entry(sha256)
    marker = folder / "document.json"
    if not marker.exists():
        return None
    document = json.loads(marker.read_text(encoding="utf-8"))
    if source_name:
        document["source_file"] = source_name
    parts = {}
    for part in PARTS:
        with (folder / f"{part}.parquet").open("rb") as fh:
            # a key a row did not have comes back as None: drop it again so rows read as they were written
            parts[part] = [{k: v for k, v in row.items() if v is not None or k in _NULLABLE} for row in pq.read_table(fh).to_pylist()]
    return Extraction(document=document, **parts)


def local_path(location: str) -> str | None:
    """The location as a local path where it is one (a path, or a file:// or local:// URL), else None: told
    apart by the string alone, which is what a batch of thousands of files can afford."""
    protocol, _, rest = location.rpartition("://")
    return rest if protocol in ("", "file", "local") else None


def put(path: UPath, write) -> None:
    """Write a file whole or not at all. Two processes may prepare one content at once (two files of the
    same content, extracted side by side): on a disk each writes a file of its own and moves it into
    place, so that neither move fails and no reader sees a file half written; object storage stores each
    object whole as it is."""
    local = local_path(str(path))
    if local is None:
        with path.open("wb") as fh:
            write(fh)
        return
    tmp = f"{local}.{os.getpid()}-{secrets.token_hex(4)}.tmp"
    try:
        with open(tmp, "wb") as fh:
            write(fh)
        os.replace(tmp, local)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def store(extraction: Extraction) -> None:
    """Write every part, then the document last: an entry without document.json is never read."""
    folder = entry(extraction.document["source_sha256"])
    folder.mkdir(parents=True, exist_ok=True)
    for part in PARTS:
        rows = getattr(extraction, part)
        keys = list(dict.fromkeys(k for row in rows for k in row))  # rows differ in keys (cells vs project funds)
        table = pa.Table.from_pylist([{k: row.get(k) for k in keys} for row in rows]) if rows else pa.table({})
        put(folder / f"{part}.parquet", lambda fh, table=table: pq.write_table(table, fh))
    put(folder / "document.json", lambda fh: fh.write(json.dumps(extraction.document, ensure_ascii=False).encode("utf-8")))


def store_failure(sha256: str, reason: str) -> None:
    """Record that this content cannot be extracted by this extractor (stopped at a time or memory bound)."""
    folder = entry(sha256)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "failure.json").write_text(json.dumps({"reason": reason}, ensure_ascii=False), encoding="utf-8")


def extract_cached(path: Path, source_name: str) -> tuple[Extraction, bool]:
    """(extraction, True when it came from the cache). Broken PDFs raise as extract_disclosure does, and so
    does a file this extractor was stopped on before."""
    from ..extract.disclosure import extract_disclosure
    from ..extract.read.pdf import DisclosureError, sha256_of

    sha = sha256_of(path)
    failure = entry(sha) / "failure.json"
    if failure.exists():
        # a file stopped at a bound, or whose reading raised: what such a file is, is a broken one
        raise DisclosureError(path, json.loads(failure.read_text(encoding="utf-8"))["reason"], kind="broken")
    cached = load(sha, source_name)
    if cached is not None:
        return cached, True
    extraction = extract_disclosure(path, source_name=source_name)
    extraction.document["extractor_version"] = extractor_fingerprint()
    store(extraction)
    return extraction, False
