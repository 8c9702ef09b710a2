"""The sensors and `make run` decide alike what needs ingesting and building: after a run, the sensors start none."""

import shutil

import duckdb
from dagster import DagsterInstance, RunRequest, SensorResult, SkipReason, build_schedule_context, build_sensor_context, instance_for_test

from conftest import SAMPLE_PDF
from pipelines.orchestration.assets.disclosures import disclosure_partitions
from pipelines.load.cache import extractor_fingerprint
from pipelines.orchestration.resources import RawFiles
from pipelines.run.plan import marts_current, record_build
from pipelines.orchestration.schedules import yearly_ingest_schedule
from pipelines.orchestration.sensors import dbt_after_ingest_sensor, raw_pdf_sensor


def _tick(instance, raw) -> SensorResult:
    with build_sensor_context(instance=instance, resources={"raw_files": RawFiles(root=str(raw))}) as context:
        return raw_pdf_sensor(context)


def test_a_file_the_warehouse_holds_starts_no_run_and_a_changed_one_does(sample_warehouse, tmp_path, monkeypatch):
    warehouse = tmp_path / "budget.duckdb"
    shutil.copy(sample_warehouse, warehouse)
    with duckdb.connect(str(warehouse)) as con:  # as `make run` records it: under its path in raw/, read by this extractor
        con.execute("update raw.disclosures set source_file = ?, extractor_version = ?", [SAMPLE_PDF.name, extractor_fingerprint()])
    monkeypatch.setenv("BUDGET_WAREHOUSE", str(warehouse))
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SAMPLE_PDF, raw / SAMPLE_PDF.name)
    with DagsterInstance.ephemeral() as instance:
        instance.add_dynamic_partitions(disclosure_partitions.name, [SAMPLE_PDF.name])
        assert _tick(instance, raw).run_requests == []
        (raw / "other.pdf").write_bytes(SAMPLE_PDF.read_bytes() + b"\n% appended\n")
        assert [r.partition_key for r in _tick(instance, raw).run_requests] == ["other.pdf"]


def _dbt_tick(instance):
    with build_sensor_context(instance=instance) as context:
        return dbt_after_ingest_sensor(context)


def test_the_marts_are_current_only_for_the_inputs_of_their_last_successful_build(sample_warehouse, tmp_path, monkeypatch):
    warehouse = tmp_path / "budget.duckdb"
    shutil.copy(sample_warehouse, warehouse)
    monkeypatch.setenv("BUDGET_WAREHOUSE", str(warehouse))
    with DagsterInstance.ephemeral() as instance:
        # built by dbt, but no successful build recorded (as after a build that failed): not current
        assert not marts_current(warehouse)
        assert isinstance(_dbt_tick(instance), RunRequest)
        with duckdb.connect(str(warehouse)) as con:
            record_build(con)
        assert marts_current(warehouse)
        assert isinstance(_dbt_tick(instance), SkipReason)  # `make dev` after `make run` builds nothing
        with duckdb.connect(str(warehouse)) as con:  # a disclosure loaded again, now failed: build again
            con.execute("update raw.disclosures set status = 'failed'")
        assert not marts_current(warehouse)
        assert isinstance(_dbt_tick(instance), RunRequest)


def test_the_yearly_schedule_requests_only_what_the_warehouse_does_not_hold(sample_warehouse, tmp_path, monkeypatch):
    warehouse = tmp_path / "budget.duckdb"
    shutil.copy(sample_warehouse, warehouse)
    with duckdb.connect(str(warehouse)) as con:
        con.execute("update raw.disclosures set source_file = ?, extractor_version = ?", [SAMPLE_PDF.name, extractor_fingerprint()])
    monkeypatch.setenv("BUDGET_WAREHOUSE", str(warehouse))
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SAMPLE_PDF, raw / SAMPLE_PDF.name)
    resources = {"raw_files": RawFiles(root=str(raw))}
    with instance_for_test() as instance:  # a schedule's context needs a persistent instance
        with build_schedule_context(instance=instance, resources=resources) as context:
            assert isinstance(yearly_ingest_schedule(context), SkipReason)
        (raw / "other.pdf").write_bytes(SAMPLE_PDF.read_bytes() + b"\n% appended\n")
        with build_schedule_context(instance=instance, resources=resources) as context:
            assert [r.partition_key for r in yearly_ingest_schedule(context)] == ["other.pdf"]
