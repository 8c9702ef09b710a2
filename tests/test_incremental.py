"""Marts built incrementally by disclosure hold, row for row, what a full build of the same warehouse holds:
after new disclosures, a republished file (its earlier version superseded), a disclosure held back, and
a disclosure loaded again unchanged."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import fields, replace

import duckdb
import pytest

from conftest import dbt_build, warehouse_differences
from pipelines.run.plan import begin_build, record_build
from pipelines.sets.links import link_sets
from pipelines.load.staging import stage
from pipelines.load.warehouse import connect, hold_back, replace_disclosure

BUILT_SCHEMAS = ("marts", "intermediate")


def _copy(extraction, n: int, source: str | None = None, unit: str | None = None):
    """The sample as another disclosure: another content hash, file name and unit (a unit of its own,
    so that the copies are not one set)."""
    sha = hashlib.sha256(f"{extraction.document['source_sha256']}:{n}".encode()).hexdigest()
    did = sha[:16]
    parts = {part.name: [{**row, "disclosure_id": did} for row in getattr(extraction, part.name)]
             for part in fields(extraction) if part.name != "document"}
    document = {**extraction.document, "source_sha256": sha, "disclosure_id": did,
                "source_file": source or f"copy_{n}.pdf", "unit_name": unit or f"{extraction.document['unit_name']}{n}"}
    return replace(extraction, document=document, **parts)


def _load(warehouse, *extractions):
    with connect(warehouse) as con:
        for extraction in extractions:
            replace_disclosure(con, extraction.document["disclosure_id"], stage(extraction))


def _build(warehouse, work) -> bool:
    """Sets, then dbt build as the main job runs it; returns whether it was a full build."""
    with connect(warehouse) as con:
        link_sets(con)
        full = begin_build(con)
    result = dbt_build(warehouse, work, "--exclude-resource-type", "unit_test", *(["--full-refresh"] if full else []))
    assert result.returncode == 0, result.stdout[-3000:]
    with connect(warehouse) as con:
        record_build(con)
    return full


@pytest.fixture(scope="module")
def built(sample_extraction, tmp_path_factory):
    work = tmp_path_factory.mktemp("incremental")
    warehouse = work / "budget.duckdb"
    first, second, third, *others = (_copy(sample_extraction, n) for n in (1, 2, 3, 5, 6))
    _load(warehouse, first, second, *others)
    assert _build(warehouse, work / "one")  # the first build is a full one
    republished = _copy(sample_extraction, 4, source=first.document["source_file"], unit=first.document["unit_name"])
    _load(warehouse, third, republished, second)  # new, a corrected version of the first, the second unchanged
    with connect(warehouse) as con:
        hold_back(con, third.document["disclosure_id"], "held back in a test")
        pending = {d for (d,) in con.execute("SELECT disclosure_id FROM raw.pending_changes").fetchall()}
    incremental = not _build(warehouse, work / "two")
    full = work / "full.duckdb"
    shutil.copy(warehouse, full)
    with connect(full) as con:
        con.execute("DROP SCHEMA marts CASCADE")  # built again from nothing
        con.execute("DROP SCHEMA intermediate CASCADE")
    result = dbt_build(full, work / "full", "--exclude-resource-type", "unit_test", "--full-refresh")
    assert result.returncode == 0, result.stdout[-3000:]
    return warehouse, full, pending, incremental, (first, second, third, republished, *others)


def test_the_second_build_rebuilds_only_what_changed(built):
    warehouse, _, pending, incremental, (first, second, third, republished, *others) = built
    assert incremental
    changed = {e.document["disclosure_id"] for e in (first, second, third, republished)}
    assert pending == changed  # the unchanged second was loaded again: its rows were swapped, so it is listed
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM raw.pending_changes").fetchone()[0] == 0  # done by the build
        statuses = dict(con.execute("SELECT disclosure_id, load_status FROM marts.dim_disclosure").fetchall())
        cells = dict(con.execute("SELECT disclosure_id, count(*) FROM marts.fct_table_cell GROUP BY 1").fetchall())
    assert statuses[first.document["disclosure_id"]] == "superseded"
    assert statuses[third.document["disclosure_id"]] == "held_back"
    assert set(cells) == {e.document["disclosure_id"] for e in (second, republished, *others)}


def test_incremental_and_full_builds_hold_the_same_rows(built):
    warehouse, full, *_ = built
    with duckdb.connect(str(warehouse), read_only=True) as con:
        marts = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'marts'"
                            " AND table_type = 'BASE TABLE'").fetchone()[0]
    assert marts >= 15
    assert warehouse_differences(warehouse, full, BUILT_SCHEMAS) == {}
