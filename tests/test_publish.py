"""Readers use the published copy: a running ingestion never locks them out or shows them half a load."""

import os
import shutil
import subprocess
import sys
import threading
import time

import duckdb
from dagster import DagsterInstance, execute_job, reconstructable

from conftest import ROOT, SAMPLE_PDF
from pipelines.definitions import ingest_job


def _env(work):
    return {
        **os.environ,
        "BUDGET_WAREHOUSE": str(work / "budget.duckdb"),
        "BUDGET_CACHE": str(work / "cache"),
        "DAGSTER_HOME": str(work / "dagster"),
    }


def _run(work, raw):
    return subprocess.run(
        [sys.executable, "-m", "pipelines.cli", "run", "--raw", str(raw)],
        cwd=ROOT, env=_env(work), capture_output=True, text=True, timeout=600,
    )


def test_a_reader_keeps_working_while_a_run_loads(tmp_path):
    raw = tmp_path / "raw"
    (raw / "2026").mkdir(parents=True)
    shutil.copy(SAMPLE_PDF, raw / "2026" / "a.pdf")
    first = _run(tmp_path, raw)
    assert first.returncode == 0, first.stdout[-2000:]
    published = tmp_path / "published" / "budget.duckdb"
    assert (tmp_path / "published" / "parquet" / "fct_reconciliation.parquet").exists()

    reader = duckdb.connect(str(published), read_only=True)
    before = reader.execute("select count(*) from marts.dim_disclosure").fetchone()[0]
    seen, errors, stop = [], [], threading.Event()

    def keep_reading():
        while not stop.is_set():
            try:
                seen.append(reader.execute("select count(*) from marts.fct_table_cell").fetchone()[0])
            except Exception as exc:  # any lock or half-written state would surface here
                errors.append(exc)
            time.sleep(0.05)

    thread = threading.Thread(target=keep_reading)
    thread.start()
    shutil.copy(SAMPLE_PDF, raw / "2026" / "b.pdf")  # the same content under a second name…
    (raw / "2026" / "c.pdf").write_bytes(SAMPLE_PDF.read_bytes() + b"% republished\n")  # …and new content
    second = _run(tmp_path, raw)
    stop.set()
    thread.join()
    assert second.returncode == 0, second.stdout[-2000:]
    assert not errors and len(seen) > 10
    assert len(set(seen)) == 1  # the open copy never changed under the reader
    reader.close()
    with duckdb.connect(str(published), read_only=True) as fresh:
        assert fresh.execute("select count(*) from marts.dim_disclosure").fetchone()[0] == before + 1


def test_partition_runs_on_the_multiprocess_executor(tmp_path, monkeypatch):
    for key, value in _env(tmp_path).items():
        monkeypatch.setenv(key, value)
    raw = tmp_path / "raw"
    (raw / "2026").mkdir(parents=True)
    shutil.copy(SAMPLE_PDF, raw / "2026" / "a.pdf")
    monkeypatch.setenv("BUDGET_RAW", str(raw))
    (tmp_path / "dagster").mkdir()
    with DagsterInstance.get() as instance:
        instance.add_dynamic_partitions("disclosures", ["2026/a.pdf"])
        result = execute_job(
            reconstructable(ingest_job),
            instance=instance,
            tags={"dagster/partition": "2026/a.pdf"},
            run_config={"execution": {"config": {"multiprocess": {"max_concurrent": 2}}}},
        )
        assert result.success
        events = instance.all_logs(result.run_id)
    # steps ran in their own processes
    assert any("multiprocess" in (e.message or "").lower() or "Launching subprocess" in (e.message or "") for e in events)
    with duckdb.connect(str(tmp_path / "budget.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from raw.t05_general_budget_expenditure").fetchone()[0] > 200
