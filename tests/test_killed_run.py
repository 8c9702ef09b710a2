"""The whole main job (`python -m pipelines.cli run`, its extraction workers and its dbt process) killed with
SIGKILL at random points: every disclosure in the warehouse is whole or absent, the published copy is the
one from before or a complete new one, and the next run completes the rest."""

from __future__ import annotations

import hashlib
import os
import random
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
        _copy(raw, n)
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
    """Rows per raw table per disclosure (of its own tables: not the sets, failure cases or the list of
    changes the next build works from)."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = [t for (t,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'raw'"
            " and table_name not in ('disclosure_sets', 'set_claim_links', 'validation_failures', 'pending_changes')").fetchall()]
        out: dict[str, dict[str, int]] = {}
        for table in tables:
            for did, n in con.execute(f"select disclosure_id, count(*) from raw.{table} group by 1").fetchall():
                out.setdefault(did, {})[table] = n
    return out


def _gone(group: int, seconds: float = 30) -> None:
    """Wait until every process of the killed group has exited (a worker's lock on the warehouse goes with it)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    raise AssertionError(f"processes of the killed run {group} still alive after {seconds} s")


def _sha(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def _copy(raw: Path, n: int) -> None:
    (raw / f"copy_{n}.pdf").write_bytes(SAMPLE_PDF.read_bytes() + f"\n% copy {n}\n".encode() * n)


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """A complete run, then one with a file more: that run's duration, and the rows of one disclosure
    (every copy of the sample has the same)."""
    work = tmp_path_factory.mktemp("killed_run")
    raw = _raw(work)
    assert _run(raw, _env(work, "reference")).wait() == 0
    _copy(raw, COPIES)
    started = time.monotonic()
    assert _run(raw, _env(work, "reference")).wait() == 0
    duration = time.monotonic() - started
    counts = _counts(work / "reference" / "budget.duckdb")
    assert len(counts) == COPIES + 1 and len({tuple(sorted(c.items())) for c in counts.values()}) == 1
    (raw / f"copy_{COPIES}.pdf").unlink()
    return work, raw, duration, next(iter(counts.values()))


def test_kills_of_the_main_job_leave_whole_disclosures_and_the_published_copy_intact(reference):
    work, raw, duration, whole = reference
    env = _env(work, "killed")
    warehouse, published = Path(env["BUDGET_WAREHOUSE"]), Path(env["BUDGET_WAREHOUSE"]).parent / "published" / "budget.duckdb"
    rng = random.Random(11)
    complete: int | None = None  # rows of the published mart when every file so far is in it
    for kill in range(KILLS):
        _copy(raw, COPIES + kill)  # a new file each time: every run has work, and the killed ones leave some
        before = _sha(published)
        run = _run(raw, env)
        time.sleep(rng.uniform(0.3, duration))
        os.killpg(run.pid, signal.SIGKILL)
        run.wait()
        _gone(run.pid)
        if warehouse.exists():
            for did, counts in _counts(warehouse).items():
                assert counts == whole, f"kill {kill}: disclosure {did} is torn: {counts}"
        if published.exists() and _sha(published) != before:  # replaced: then by a complete copy
            with duckdb.connect(str(published), read_only=True) as con:
                assert con.execute("select count(*) from meta.marts_build").fetchone()[0] == 1, f"kill {kill}"
                complete = con.execute("select count(*) from marts.fct_reconciliation").fetchone()[0]
            assert complete > 0, f"kill {kill}: the published copy is incomplete"
    assert _run(raw, env).wait() == 0  # the next run completes the rest
    counts = _counts(warehouse)
    assert len(counts) == COPIES + KILLS and all(c == whole for c in counts.values())
    from pipelines.run.plan import marts_current

    assert marts_current(warehouse)
    with duckdb.connect(str(published), read_only=True) as con:
        assert con.execute("select count(distinct disclosure_id) from marts.fct_table_cell").fetchone()[0] == COPIES + KILLS
