"""The sensor and `make run` decide alike what needs ingesting: after a run, the sensor starts none."""

import shutil

import duckdb
from dagster import DagsterInstance, SensorResult, build_sensor_context

from conftest import SAMPLE_PDF
from pipelines.assets.disclosures import disclosure_partitions
from pipelines.cache import extractor_fingerprint
from pipelines.resources import RawFiles
from pipelines.sensors import raw_pdf_sensor


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
