"""The main job as `make run` runs it: Dagster partitions per PDF, a bad PDF fails alone, dbt builds the marts."""

import os
import shutil
import subprocess
import sys

import duckdb
import pytest

from broken_pdfs import make_all
from conftest import ROOT, SAMPLE_PDF


@pytest.fixture(scope="module")
def job_run(tmp_path_factory):
    work = tmp_path_factory.mktemp("job")
    raw = work / "raw"
    (raw / "2026").mkdir(parents=True)
    shutil.copy(SAMPLE_PDF, raw / "2026" / SAMPLE_PDF.name)
    broken = make_all(work / "broken")
    shutil.copy(broken["truncated"], raw / "2026" / "corrupt.pdf")
    shutil.copy(broken["image_only"], raw / "2026" / "scanned.pdf")
    shutil.copy(broken["not_disclosure"], raw / "notes.pdf")
    env = {**os.environ, "BUDGET_WAREHOUSE": str(work / "budget.duckdb"), "DAGSTER_HOME": str(work / "dagster")}
    cmd = [sys.executable, "-m", "pipelines.cli", "run", "--raw", str(raw)]
    first = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    with duckdb.connect(str(work / "budget.duckdb"), read_only=True) as con:
        counts_after_first = con.execute("select count(*) from marts.fct_table_cell").fetchone()
    second = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    return work, first, second, counts_after_first


def test_bad_pdfs_fail_their_own_partition_and_the_sample_loads(job_run):
    work, first, _, _ = job_run
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    with duckdb.connect(str(work / "budget.duckdb"), read_only=True) as con:
        rows = dict(con.execute("select source_file, load_status || ': ' || coalesce(load_message, '') from marts.dim_disclosure").fetchall())
    assert rows[f"2026/{SAMPLE_PDF.name}"].startswith("loaded")
    assert "not a readable PDF" in rows["2026/corrupt.pdf"]
    assert "no text layer" in rows["2026/scanned.pdf"]
    assert "not a budget disclosure" in rows["notes.pdf"]
    for reason in ("not a readable PDF", "no text layer", "not a budget disclosure"):
        assert reason in first.stdout  # the run's report names each failure


def test_run_prints_what_was_built_and_the_reconciliation_summary(job_run):
    _, first, _, _ = job_run
    assert "fct_reconciliation" in first.stdout
    assert "X:T05-T06:basic_total" in first.stdout  # each failed check is listed


def test_rerun_is_idempotent(job_run):
    work, _, second, counts = job_run
    assert second.returncode == 0
    with duckdb.connect(str(work / "budget.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from marts.fct_table_cell").fetchone() == counts
        assert con.execute("select count(*) from raw.disclosures").fetchone() == (4,)
