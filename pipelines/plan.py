"""What a run must do: which files need ingesting. One decision, for the CLI and the sensor alike."""

from __future__ import annotations

import contextlib
from pathlib import Path

import duckdb


def held_by_warehouse(shas: dict[str, str], warehouse: Path) -> dict[str, str]:
    """The one decision of what needs ingesting, for the CLI and the sensor alike: of these files (key →
    content hash), those the warehouse already holds with this content, as read by the current extractor.
    Returns {key: disclosure_id}."""
    from .cache import extractor_fingerprint

    known: dict[tuple[str, str], tuple[str, str | None]] = {}
    if warehouse.exists():
        with duckdb.connect(str(warehouse), read_only=True) as con:
            if con.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'raw' AND table_name = 'disclosures'").fetchone()[0]:
                for source, sha, did, version, duplicates in con.execute(
                    "SELECT source_file, source_sha256, disclosure_id, extractor_version, duplicate_files"
                    " FROM raw.disclosures WHERE status NOT IN ('superseded', 'held_back')"
                ).fetchall():
                    for name in [source, *(duplicates.split("; ") if duplicates else [])]:
                        known[(name, sha)] = (did, version)
    version = extractor_fingerprint()
    return {key: hit[0] for key, sha in shas.items() if (hit := known.get((key, sha))) and hit[1] == version}


def unchanged_files(files: dict[str, Path], warehouse: Path) -> tuple[dict[str, Path], dict[str, str], dict[str, int]]:
    """Split files into those to ingest and those whose content the warehouse already holds, as read by
    the current extractor. Returns (to ingest, {unchanged key: disclosure_id}, {key: page count})."""
    from .extract.pdf import sha256_of

    shas = {key: sha256_of(path) for key, path in files.items()}
    skipped = held_by_warehouse(shas, warehouse)
    todo = {key: path for key, path in files.items() if key not in skipped}
    pages = {}
    for key, path in todo.items():
        try:
            import pypdfium2 as pdfium

            with contextlib.closing(pdfium.PdfDocument(str(path))) as doc:
                pages[key] = len(doc)
        except Exception:
            pages[key] = 0
    return todo, skipped, pages
