"""A load killed at any point (SIGKILL) leaves every disclosure in the warehouse whole or absent, and the
next load completes the rest: one disclosure's rows, or one batch of disclosures, swap in one transaction."""

from __future__ import annotations

import hashlib
import os
import pickle
import random
import signal
import subprocess
import sys
import time
from dataclasses import fields, replace

import duckdb
import pytest

from conftest import ROOT
from pipelines.load.staging import stage

COPIES = 6
LOADER = """
import pickle, sys, tempfile
from pathlib import Path
from pipelines.orchestration.keys import partition_key
from pipelines.load.writer import load
from pipelines.load.models import Prepared
from pipelines.load.prepared import write_staged
from pipelines.load.staging import stage
from pipelines.load.warehouse import connect, replace_disclosure
extractions = pickle.load(open(sys.argv[1], "rb"))
scratch = Path(tempfile.mkdtemp())
prepared = []  # as the extraction processes leave them: validated, staged as Parquet
for e in extractions:
    did, source = e.document["disclosure_id"], e.document["source_file"]
    summary = write_staged(scratch / did, did, stage(e))
    prepared.append(Prepared(partition_key(source), did, source, str(scratch / did), summary))
while True:  # load again and again, so that a kill lands anywhere in a load
    for extraction in extractions[:2]:  # one disclosure at a time
        with connect() as con:
            replace_disclosure(con, extraction.document["disclosure_id"], stage(extraction))
    with connect() as con:  # all of them in one batch, in batches of two
        load(con, prepared)
        load(con, prepared, size=2)
    print("round", flush=True)
"""


def _copy(extraction, n: int):
    """The sample as another disclosure (another content hash)."""
    sha = hashlib.sha256(f"{extraction.document['source_sha256']}:{n}".encode()).hexdigest()
    did = sha[:16]
    parts = {part.name: [{**row, "disclosure_id": did} for row in getattr(extraction, part.name)]
             for part in fields(extraction) if part.name != "document"}
    document = {**extraction.document, "source_sha256": sha, "disclosure_id": did, "source_file": f"copy_{n}.pdf"}
    return replace(extraction, document=document, **parts)


@pytest.fixture(scope="module")
def copies(sample_extraction, tmp_path_factory):
    work = tmp_path_factory.mktemp("killed")
    extractions = [_copy(sample_extraction, n) for n in range(COPIES)]
    path = work / "extractions.pickle"
    path.write_bytes(pickle.dumps(extractions))
    expected = {name: len(table.frame) for name, table in stage(extractions[0]).items()}
    return work, path, [e.document["disclosure_id"] for e in extractions], expected


def _state(warehouse, ids: list[str], expected: dict[str, int]) -> dict[str, str]:
    """Each disclosure: whole (every table holds all its rows), absent (none), or torn."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        made = {t for (t,) in con.execute("select table_name from information_schema.tables where table_schema = 'raw'").fetchall()}
        if not set(expected) <= made:  # killed before the first load made the staging tables
            return dict.fromkeys(ids, "absent")
        out = {}
        for did in ids:
            counts = {t: con.execute(f"select count(*) from raw.{t} where disclosure_id = ?", [did]).fetchone()[0]
                      for t in expected}
            out[did] = "whole" if counts == expected else "absent" if not any(counts.values()) else f"torn {counts}"
    return out


def test_twenty_kills_leave_every_disclosure_whole_or_absent(copies):
    work, pickled, ids, expected = copies
    warehouse = work / "budget.duckdb"
    env = {**os.environ, "BUDGET_WAREHOUSE": str(warehouse), "PYTHONPATH": str(ROOT)}
    rng = random.Random(3)
    seen = set()
    for _ in range(20):
        loader = subprocess.Popen([sys.executable, "-c", LOADER, str(pickled)], cwd=ROOT, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(1.0, 6.0))  # past the imports, somewhere in a load
        loader.send_signal(signal.SIGKILL)
        loader.wait()
        if not warehouse.exists():
            continue
        state = _state(warehouse, ids, expected)
        assert all(s in ("whole", "absent") for s in state.values()), state
        seen |= set(state.values())
    assert "whole" in seen  # the kills did land after loads had completed
    # the next load completes the rest
    subprocess.run([sys.executable, "-c", LOADER.replace("while True:", "for _ in range(1):"), str(pickled)],
                   cwd=ROOT, env=env, check=True, capture_output=True, timeout=300)
    assert set(_state(warehouse, ids, expected).values()) == {"whole"}
