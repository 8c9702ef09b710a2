"""The single writer's batches: one transaction per batch of prepared disclosures, the same content under
two names recorded once with its other name, and a disclosure whose staged files cannot be read losing
only itself."""

from __future__ import annotations

import hashlib
from dataclasses import fields, replace

import duckdb
import pytest

from pipelines.orchestration.keys import partition_key
from pipelines.load.writer import load
from pipelines.load.models import Prepared
from pipelines.load.prepared import write_staged
from pipelines.load.staging import stage
from pipelines.load.warehouse import connect


def _copy(extraction, n: int):
    sha = hashlib.sha256(f"{extraction.document['source_sha256']}:load{n}".encode()).hexdigest()
    did = sha[:16]
    parts = {part.name: [{**row, "disclosure_id": did} for row in getattr(extraction, part.name)]
             for part in fields(extraction) if part.name != "document"}
    return replace(extraction, document={**extraction.document, "source_sha256": sha, "disclosure_id": did,
                                         "source_file": f"load_{n}.pdf"}, **parts)


@pytest.fixture(scope="module")
def prepared(sample_extraction, tmp_path_factory):
    scratch = tmp_path_factory.mktemp("prepared")
    out = []
    for n in range(3):
        e = _copy(sample_extraction, n)
        did, source = e.document["disclosure_id"], e.document["source_file"]
        summary = write_staged(scratch / did, did, stage(e))
        out.append(Prepared(partition_key(source), did, source, str(scratch / did), summary))
    return out


def _counts(warehouse) -> dict[str, int]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return dict(con.execute("SELECT disclosure_id, count(*) FROM raw.table_identities GROUP BY 1").fetchall())


def test_one_content_under_two_names_loads_once_with_its_other_name(prepared, tmp_path):
    first, second, _ = prepared
    again = replace(first, key=partition_key("elsewhere/same.pdf"), source_file="elsewhere/same.pdf")
    warehouse = tmp_path / "budget.duckdb"
    with connect(warehouse) as con:  # recorded under the last name, as if the files were loaded one by one
        assert load(con, [first, again, second]) == {}
        rows = con.execute("SELECT disclosure_id, source_file, duplicate_files FROM raw.disclosures ORDER BY 2").fetchall()
    assert rows == sorted([(first.disclosure_id, "elsewhere/same.pdf", first.source_file),
                           (second.disclosure_id, second.source_file, None)], key=lambda r: r[1])
    counts = _counts(warehouse)
    assert counts[first.disclosure_id] == counts[second.disclosure_id] > 0  # its rows once, not twice


def test_a_disclosure_whose_staged_files_are_damaged_loses_only_itself(prepared, tmp_path):
    first, second, third = prepared
    broken = tmp_path / "broken"
    broken.mkdir()
    for table in second.tables():
        (broken / f"{table}.parquet").write_bytes(b"not parquet")
    damaged = replace(second, folder=str(broken))
    warehouse = tmp_path / "budget.duckdb"
    with connect(warehouse) as con:
        errors = load(con, [first, damaged, third])
    assert list(errors) == [second.key] and second.source_file in errors[second.key]
    counts = _counts(warehouse)
    assert set(counts) == {first.disclosure_id, third.disclosure_id}
    with connect(warehouse) as con:  # and it loads once its files are whole again
        assert load(con, [second]) == {}
    assert _counts(warehouse)[second.disclosure_id] == counts[first.disclosure_id]


def test_two_writers_of_one_prepared_file_both_succeed_and_no_reader_sees_it_half_written(tmp_path):
    """Two files of one content are prepared side by side, into the same folder: one writer finishing while
    the other is half way neither fails the other nor shows its half."""
    import json
    import threading

    from upath import UPath

    from pipelines.load.cache import put

    target, errors = UPath(tmp_path / "summary.json"), []
    halfway, go_on = threading.Event(), threading.Event()

    def slow(fh):
        fh.write(b'{"tables": ')
        halfway.set()
        go_on.wait(5)
        fh.write(b"1}")

    def first():
        try:
            put(target, slow)
        except Exception as exc:  # noqa: BLE001  (reported by the assertion below)
            errors.append(exc)

    writer = threading.Thread(target=first)
    writer.start()
    halfway.wait(5)
    put(target, lambda fh: fh.write(b'{"tables": 1}'))  # the other process, whole, meanwhile
    assert json.loads(target.read_text()) == {"tables": 1}
    go_on.set()
    writer.join()
    assert errors == []
    assert json.loads(target.read_text()) == {"tables": 1}
    assert [p.name for p in tmp_path.iterdir()] == ["summary.json"]  # no temporary file left behind
