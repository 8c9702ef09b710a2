"""The main job as `make run` runs it: Dagster partitions per PDF, a bad PDF fails alone, dbt builds the marts."""

import os
import shutil
import subprocess
import sys

import duckdb

from conftest import ROOT, SAMPLE_PDF


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
        assert con.execute("select count(*) from raw.disclosures").fetchone() == (5,)


def test_duplicate_is_ingested_once_and_named(job_run):
    work, first, _, _ = job_run
    with duckdb.connect(str(work / "budget.duckdb"), read_only=True) as con:
        rows = con.execute(
            "select source_file, duplicate_files from marts.dim_disclosure where source_sha256 = ?",
            [__import__("hashlib").sha256(SAMPLE_PDF.read_bytes()).hexdigest()],
        ).fetchall()
    assert len(rows) == 1
    names = {rows[0][0], *rows[0][1].split("; ")}
    assert names == {f"2026/{SAMPLE_PDF.name}", "2026/copy_of_budget.pdf"}


def test_missing_tables_are_reported_and_their_checks_not_applicable(job_run):
    work, first, _, _ = job_run
    with duckdb.connect(str(work / "budget.duckdb"), read_only=True) as con:
        (did, missing, located) = con.execute(
            """select disclosure_id, standard_tables_missing, tables_located from marts.rpt_disclosure_quality
               where source_file = '2026/incomplete.pdf'"""
        ).fetchone()
        status = dict(con.execute(
            "select check_id, status from marts.fct_reconciliation where disclosure_id = ?", [did]).fetchall())
    assert missing == "T06,T09" and located == 28
    assert status["X:T05-T06:basic_total"] == "not_applicable"
    assert status["X:T06-T09:reception"] == "not_applicable"
    assert status["X:T01-T03:expenditure_total"] == "pass"


def test_the_run_writes_a_quality_report(job_run):
    _, first, _, _ = job_run
    line = next(s.strip() for s in first.stdout.splitlines() if s.strip().startswith("quality report:"))
    report = open(line.split(":", 1)[1].strip(), encoding="utf-8").read()
    assert "2026/incomplete.pdf" in report and "T06,T09" in report
    assert "not a budget disclosure" in report


def test_the_instance_records_every_asset_and_check_the_run_materialized(job_run):
    """What `make dev` shows after `make run`: the runs, and the dbt models and their tests as materialized
    and evaluated, not only the extraction partitions."""
    import warnings

    from dagster import AssetKey, DagsterEventType, DagsterInstance, EventRecordsFilter

    work, first, _, _ = job_run
    assert first.returncode == 0, first.stdout[-2000:]
    previous = os.environ.get("DAGSTER_HOME")
    os.environ["DAGSTER_HOME"] = str(work / "dagster")
    try:
        with DagsterInstance.get() as instance, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            runs = {(r.job_name, r.status.value) for r in instance.get_runs()}
            mart = instance.get_latest_materialization_event(AssetKey(["marts", "fct_reconciliation"]))
            checks = instance.get_event_records(EventRecordsFilter(event_type=DagsterEventType.ASSET_CHECK_EVALUATION), limit=10_000)
            partitions = instance.get_materialized_partitions(AssetKey("disclosure_extraction"))
            loads = [r for r in instance.get_runs() if r.job_name == "ingest_disclosure_job"]
            staged = instance.get_event_records(
                EventRecordsFilter(event_type=DagsterEventType.ASSET_MATERIALIZATION, asset_key=AssetKey(["raw", "disclosures"])))
    finally:
        if previous is None:
            os.environ.pop("DAGSTER_HOME")
        else:
            os.environ["DAGSTER_HOME"] = previous
    assert ("dbt_build_job", "SUCCESS") in runs
    assert mart is not None
    checked = {r.event_log_entry.dagster_event.event_specific_data.asset_key.path[0] for r in checks}
    assert {"raw", "staging", "marts"} <= checked  # the pandera checks, the dbt tests of the staging views and of the marts
    assert len(partitions) >= 2  # each loaded file's partition: the sample and its duplicate at least
    # a staging table holds every disclosure: recorded once per load run, not once per file loaded
    assert len(loads) >= 1 and len(staged) == len(loads) < len(partitions)


def test_the_files_to_load_are_one_partition_range_whatever_the_instance_knew():
    """A run's load is one range of partitions: files known from earlier runs (a run killed before it loaded
    them, a file changed since) are moved to the end, so the range holds exactly the files to load."""
    from dagster import DagsterInstance

    from pipelines.run.runs import register_partitions

    with DagsterInstance.ephemeral() as instance:
        instance.add_dynamic_partitions("disclosures", ["a.pdf", "b.pdf", "c.pdf", "d.pdf"])
        register_partitions(instance, "disclosures", ["d.pdf", "b.pdf", "e.pdf"], ["a.pdf", "b.pdf", "c.pdf", "d.pdf", "e.pdf", "f.pdf"])
        order = instance.get_dynamic_partitions("disclosures")
    assert order == ["a.pdf", "c.pdf", "d.pdf", "b.pdf", "e.pdf", "f.pdf"]


SUBSET_RUN = """
import sys
from dagster import AssetKey, DagsterInstance
from pipelines.orchestration.assets.disclosures import disclosure_partitions
from pipelines.definitions import defs
key = sys.argv[1]
with DagsterInstance.ephemeral() as instance:
    instance.add_dynamic_partitions(disclosure_partitions.name, [key])
    result = defs.resolve_job_def("ingest_disclosure_job").execute_in_process(
        instance=instance, partition_key=key, asset_selection=[AssetKey("disclosure_extraction")], raise_on_error=False)
    print(result.success, sorted({"/".join(e.asset_key.path) for e in result.all_events if e.event_type_value == "ASSET_MATERIALIZATION"}))
"""


def test_a_run_of_the_extraction_partitions_alone_records_no_staging_table(tmp_path):
    """The UI may materialize disclosure_extraction's partitions without the staging tables (they are not
    partitioned): the file is loaded, and only what the run selected is recorded."""
    raw = tmp_path / "raw" / "2026"
    raw.mkdir(parents=True)
    shutil.copy(SAMPLE_PDF, raw / SAMPLE_PDF.name)
    env = {**os.environ, "BUDGET_WAREHOUSE": str(tmp_path / "budget.duckdb"), "BUDGET_RAW": str(tmp_path / "raw"),
           "DAGSTER_HOME": str(tmp_path / "dagster")}
    done = subprocess.run([sys.executable, "-c", SUBSET_RUN, f"2026/{SAMPLE_PDF.name}"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.stdout.strip().splitlines()[-1] == "True ['disclosure_extraction']", done.stderr[-3000:]
    with duckdb.connect(str(tmp_path / "budget.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from raw.disclosures").fetchone()[0] == 1
