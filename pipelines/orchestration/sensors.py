"""Sensors: ingest PDFs as they appear or change in raw/, then rebuild dbt once a burst of ingestion ends
and the marts are not built from what the warehouse holds."""

import json

import duckdb
from dagster import (
    DagsterRunStatus,
    DefaultSensorStatus,
    RunRequest,
    RunsFilter,
    SensorEvaluationContext,
    SensorResult,
    SkipReason,
    sensor,
)

from .assets import dbt_build_job, disclosure_partitions, ingest_disclosure_job
from ..extract.read.pdf import sha256_of
from .resources import RawFiles
from ..run.plan import held_by_warehouse, marts_state, scan_raw
from ..load.warehouse import warehouse_path

ACTIVE = [
    DagsterRunStatus.QUEUED,
    DagsterRunStatus.NOT_STARTED,
    DagsterRunStatus.STARTING,
    DagsterRunStatus.STARTED,
    DagsterRunStatus.CANCELING,
]


@sensor(
    job=ingest_disclosure_job,
    minimum_interval_seconds=30,
    default_status=DefaultSensorStatus.RUNNING,
    description="Registers every PDF under raw/ as a partition and ingests new or changed files.",
)
def raw_pdf_sensor(context: SensorEvaluationContext, raw_files: RawFiles) -> SensorResult:
    files = scan_raw(raw_files.path)
    known = set(context.instance.get_dynamic_partitions(disclosure_partitions.name))
    # cursor: key -> [size, mtime_ns, sha256], so unchanged files are not hashed again every tick
    seen: dict[str, list] = json.loads(context.cursor) if context.cursor else {}
    cursor, changed = {}, {}
    for key, path in files.items():
        try:
            stat = path.stat()
            if key in known and key in seen and seen[key][:2] == [stat.st_size, stat.st_mtime_ns]:
                cursor[key] = seen[key]
                continue
            sha = sha256_of(path)
        except FileNotFoundError:
            continue  # removed between the scan and now
        cursor[key] = [stat.st_size, stat.st_mtime_ns, sha]
        changed[key] = sha
    try:
        # the CLI's own decision: a file the warehouse holds with this content and extractor needs no run
        held = held_by_warehouse(changed, warehouse_path())
    except duckdb.Error:  # a writer holds the warehouse now: decide on the next tick
        return SensorResult(skip_reason="the warehouse is being written; deciding on the next tick", cursor=context.cursor)
    # the run key carries the content hash: a changed file runs again, an unchanged one never does
    requests = [RunRequest(partition_key=key, run_key=f"{key}@{sha}", tags={"budget/source_sha256": sha})
                for key, sha in changed.items() if key not in held]
    new_keys = [k for k in files if k not in known]
    return SensorResult(
        run_requests=requests,
        dynamic_partitions_requests=[disclosure_partitions.build_add_request(new_keys)] if new_keys else [],
        cursor=json.dumps(cursor, ensure_ascii=False, sort_keys=True),
        skip_reason=None if requests else "no new or changed PDF under raw/",
    )


@sensor(
    job=dbt_build_job,
    minimum_interval_seconds=30,
    default_status=DefaultSensorStatus.RUNNING,
    description="Runs dbt build once no ingestion run is active and the marts are not built from what the warehouse holds.",
)
def dbt_after_ingest_sensor(context: SensorEvaluationContext):
    active = context.instance.get_runs_count(RunsFilter(job_name=ingest_disclosure_job.name, statuses=ACTIVE))
    if active:
        # wait for the whole burst, so many partition runs lead to one dbt build
        return SkipReason(f"waiting for {active} ingestion run(s) to finish")
    try:
        # the CLI's own decision: marts built from exactly what the warehouse holds need no build
        current, inputs = marts_state(warehouse_path())
    except duckdb.Error:
        return SkipReason("the warehouse is being written; deciding on the next tick")
    if current or inputs is None:
        return SkipReason("the marts are built from what the warehouse holds" if current else "no warehouse yet")
    # one request per state of the inputs: a build that fails is not retried until something changes
    return RunRequest(run_key=f"dbt-for-{inputs}")
