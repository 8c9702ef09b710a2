"""What a run must do: which files need ingesting, and whether the marts must be built again. One decision,
for the CLI, the sensors and the schedule alike.

Imports nothing heavy (no Dagster, pandas or PDF reader), so that `make run` with nothing new answers at once.
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

import duckdb

from .. import settings
from ..extract.read.files import sha256_of
from ..orchestration.keys import partition_key, source_path

BUILD_TABLE = "meta.marts_build"
PENDING_TABLE = "meta.build_pending_upto"  # how far raw.pending_changes went when the last build began
# what of raw.disclosures the marts are built from: a change to any of these builds them again
BUILD_INPUTS = (
    "SELECT disclosure_id, source_file, source_sha256, status, extractor_version, duplicate_files"
    " FROM raw.disclosures ORDER BY source_file, disclosure_id"
)


def scan_raw(root: Path) -> dict[str, Path]:
    """Every PDF under root by partition key: its POSIX path relative to root, escaped where a key may not
    hold its characters (keys.py), so that no file is left out for its name."""
    found = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf"):
        relative = path.relative_to(root)
        if any(part.startswith(".") for part in relative.parts):
            continue  # hidden files, editor lock files
        found[partition_key(relative.as_posix())] = path
    return found


def has_table(con, schema: str, table: str) -> bool:
    return bool(con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?", [schema, table]
    ).fetchone()[0])


def held_by_warehouse(shas: dict[str, str], warehouse: Path) -> dict[str, str]:
    """Of these files (key → content hash), those the warehouse already holds with this content, as read by
    the current extractor. Returns {key: disclosure_id}."""
    from ..load.fingerprints import extractor_fingerprint

    known: dict[tuple[str, str], tuple[str, str | None]] = {}
    if warehouse.exists():
        with duckdb.connect(str(warehouse), read_only=True) as con:
            if has_table(con, "raw", "disclosures"):
                for source, sha, did, version, duplicates in con.execute(
                    "SELECT source_file, source_sha256, disclosure_id, extractor_version, duplicate_files"
                    " FROM raw.disclosures WHERE status NOT IN ('superseded', 'held_back')"
                ).fetchall():
                    for name in [source, *(duplicates.split("; ") if duplicates else [])]:
                        known[(name, sha)] = (did, version)
    version = extractor_fingerprint()
    return {key: hit[0] for key, sha in shas.items() if (hit := known.get((source_path(key), sha))) and hit[1] == version}


def page_count(path: Path) -> int:
    """Pages of a PDF for the progress lines; 0 where it cannot be opened (its run reports why)."""
    try:
        import pypdfium2 as pdfium

        with contextlib.closing(pdfium.PdfDocument(str(path))) as doc:
            return len(doc)
    except Exception:
        return 0


def unchanged_files(files: dict[str, Path], warehouse: Path) -> tuple[dict[str, Path], dict[str, str], dict[str, int]]:
    """Split files into those to ingest and those whose content the warehouse already holds, as read by
    the current extractor. Returns (to ingest, {unchanged key: disclosure_id}, {key: page count})."""
    shas = {key: sha256_of(path) for key, path in files.items()}
    skipped = held_by_warehouse(shas, warehouse)
    todo = {key: path for key, path in files.items() if key not in skipped}
    return todo, skipped, {key: page_count(path) for key, path in todo.items()}


def build_inputs(con) -> str:
    """A hash of what the marts are built from: the loaded disclosures and the dbt project."""
    from ..load.fingerprints import dbt_fingerprint

    digest = hashlib.sha256(dbt_fingerprint().encode())
    if has_table(con, "raw", "disclosures"):
        for row in con.execute(BUILD_INPUTS).fetchall():
            digest.update(repr(row).encode())
    return digest.hexdigest()[:16]


def begin_build(con) -> bool:
    """Before a dbt build: note how far raw.pending_changes goes (a build clears only the changes it saw),
    and say whether the marts must be built from scratch: never built, built by another dbt project, asked
    for (BUDGET_FULL_REFRESH=1), or nearly every disclosure changed (a new extractor:
    one full build is then the cheaper)."""
    from ..load.fingerprints import dbt_fingerprint

    con.execute("CREATE SCHEMA IF NOT EXISTS meta")
    pending = has_table(con, "raw", "pending_changes")
    upto, changed = con.execute("SELECT coalesce(max(load_seq), 0), count(*) FROM raw.pending_changes").fetchone() if pending else (0, 0)
    con.execute(f"CREATE OR REPLACE TABLE {PENDING_TABLE} AS SELECT ? AS upto", [upto])
    if settings.full_refresh() or not has_table(con, "meta", "marts_build"):
        return True
    built = con.execute(f"SELECT * FROM {BUILD_TABLE}").df()
    if "dbt_fingerprint" not in built or built["dbt_fingerprint"].iloc[0] != dbt_fingerprint():
        return True
    total = con.execute("SELECT count(*) FROM raw.disclosures").fetchone()[0] if has_table(con, "raw", "disclosures") else 0
    return changed >= 0.9 * total > 0


def record_build(con) -> None:
    """After a build whose every contract held: the marts now reflect these inputs, and the changes the
    build saw are done."""
    from ..load.fingerprints import dbt_fingerprint

    con.execute("CREATE SCHEMA IF NOT EXISTS meta")
    con.execute(
        f"CREATE OR REPLACE TABLE {BUILD_TABLE} AS SELECT ? AS inputs, ? AS dbt_fingerprint, current_timestamp AS built_at",
        [build_inputs(con), dbt_fingerprint()],
    )
    if has_table(con, "meta", PENDING_TABLE.split(".")[1]) and has_table(con, "raw", "pending_changes"):
        con.execute(f"DELETE FROM raw.pending_changes WHERE load_seq <= (SELECT upto FROM {PENDING_TABLE})")


def marts_state(warehouse: Path) -> tuple[bool, str | None]:
    """(whether the marts are current, the hash of what they must be built from). Current when the last
    successful build was of what the warehouse holds now, with this dbt project; a failed or interrupted
    build leaves them not current, so the next run builds again."""
    if not warehouse.exists():
        return False, None
    with duckdb.connect(str(warehouse), read_only=True) as con:
        inputs = build_inputs(con)
        if not (has_table(con, "meta", "marts_build") and has_table(con, "marts", "fct_reconciliation")):
            return False, inputs
        stored = con.execute(f"SELECT inputs FROM {BUILD_TABLE}").fetchone()
        return bool(stored) and stored[0] == inputs, inputs


def marts_current(warehouse: Path) -> bool:
    return marts_state(warehouse)[0]
