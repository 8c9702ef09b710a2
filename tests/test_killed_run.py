"""The whole main job (`python -m pipelines.cli run`, its extraction workers and its dbt process) killed with
SIGKILL at random points: every disclosure in the warehouse is whole or absent, the published copy is the
one from before or a complete new one, and the next run completes the rest."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from conftest import ROOT, SAMPLE_PDF

KILLS = 20
COPIES = 3


def _raw(work: Path) -> Path:
    """The sample and copies of it with other bytes (other content hashes, so other disclosures)."""
    raw = work / "raw"
    raw.mkdir()
    for n in range(COPIES):
        (raw / f"copy_{n}.pdf").write_bytes(SAMPLE_PDF.read_bytes() + f"\n% copy {n}\n".encode() * n)
    return raw


def _env(work: Path, name: str) -> dict[str, str]:
    return {
        **os.environ,
        "BUDGET_WAREHOUSE": str(work / name / "budget.duckdb"),
        "BUDGET_CACHE": str(work / "cache"),
        "DAGSTER_HOME": str(work / name / "dagster"),
    }


def _run(raw: Path, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "pipelines.cli", "run", "--raw", str(raw)], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,  # its own group: workers and dbt too
    )


def _counts(warehouse: Path) -> dict[str, dict[str, int]]:
    """Rows per raw table per disclosure."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = [t for (t,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'raw'"
            " and table_name not in ('disclosure_sets', 'set_claim_links', 'validation_failures')").fetchall()]
        out: dict[str, dict[str, int]] = {}
        for table in tables:
            for did, n in con.execute(f"select disclosure_id, count(*) from raw.{table} group by 1").fetchall():
                out.setdefault(did, {})[table] = n
    return out


def _sha(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def _published_marts(path: Path) -> int:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("select count(*) from marts.fct_reconciliation").fetchone()[0]


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """One complete run: its duration, and the rows of each disclosure."""
    work = tmp_path_factory.mktemp("killed_run")
    raw = _raw(work)
    started = time.monotonic()
    assert _run(raw, _env(work, "reference")).wait() == 0
    duration = time.monotonic() - started
    warehouse = work / "reference" / "budget.duckdb"
    return work, raw, duration, _counts(warehouse), _published_marts(work / "reference" / "published" / "budget.duckdb")


def test_kills_of_the_main_job_leave_whole_disclosures_and_the_published_copy_intact(reference):
    work, raw, duration, expected, marts_rows = reference
    env = _env(work, "killed")
    warehouse, published = Path(env["BUDGET_WAREHOUSE"]), Path(env["BUDGET_WAREHOUSE"]).parent / "published" / "budget.duckdb"
    rng = random.Random(11)
    for kill in range(KILLS):
        if kill % 5 == 4:  # now and then start from nothing, so that kills land in the extraction too
            shutil.rmtree(warehouse.parent, ignore_errors=True)
            shutil.rmtree(work / "cache", ignore_errors=True)
        before = _sha(published)
        run = _run(raw, env)
        time.sleep(rng.uniform(0.3, duration))
        os.killpg(run.pid, signal.SIGKILL)
        run.wait()
        if warehouse.exists():
            for did, counts in _counts(warehouse).items():
                assert counts == expected[did], f"kill {kill}: disclosure {did} is torn: {counts}"
        if published.exists() and _sha(published) != before:  # replaced: then by a complete copy
            assert _published_marts(published) == marts_rows, f"kill {kill}: the published copy is incomplete"
    assert _run(raw, env).wait() == 0  # the next run completes the rest
    assert _counts(warehouse) == expected
    assert _published_marts(published) == marts_rows
    from pipelines.plan import marts_current

    assert marts_current(warehouse)
