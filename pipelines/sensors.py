"""Sensors: ingest PDFs as they appear or change in raw/, then rebuild dbt once a burst of ingestion ends."""

import json
from datetime import datetime, timezone

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
from .assets.disclosures import scan_raw
from .extract.pdf import sha256_of
from .resources import RawFiles
from .plan import held_by_warehouse
from .warehouse import warehouse_path

ACTIVE = [
    DagsterRunStatus.QUEUED,
    DagsterRunStatus.NOT_STARTED,
    DagsterRunStatus.STARTING,
    DagsterRunStatus.STARTED,
    DagsterRunStatus.CANCELING,
]
# A failed ingestion still records its reason in raw.disclosures, so it is worth a rebuild too.
FINISHED = [DagsterRunStatus.SUCCESS, DagsterRunStatus.FAILURE]


@sensor(
    job=ingest_disclosure_job,
    minimum_interval_seconds=30,
    default_status=DefaultSensorStatus.RUNNING,
    description="Registers every PDF under raw/ as a partition and ingests new or changed files.",
)
def raw_pdf_sensor(context: SensorEvaluationContext, raw_files: RawFiles) -> SensorResult:
    files, skipped = scan_raw(raw_files.path)
    for path in skipped:
        context.log.warning("%s: path contains '...' or a control character; rename it to ingest it", path)
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
    description="Runs dbt build once no ingestion run is active and at least one finished since the last build.",
)
def dbt_after_ingest_sensor(context: SensorEvaluationContext):
    runs = context.instance
    since = datetime.fromtimestamp(float(context.cursor), tz=timezone.utc) if context.cursor else None
    finished = runs.get_run_records(
        RunsFilter(job_name=ingest_disclosure_job.name, statuses=FINISHED, updated_after=since),
        limit=1,
        order_by="update_timestamp",
    )
    if not finished:
        return SkipReason("no ingestion run finished since the last dbt build")
    active = runs.get_runs_count(RunsFilter(job_name=ingest_disclosure_job.name, statuses=ACTIVE))
    if active:
        # wait for the whole burst, so many partition runs lead to one dbt build
        return SkipReason(f"waiting for {active} ingestion run(s) to finish")
    last = finished[0].update_timestamp
    context.update_cursor(str(last.timestamp()))
    return RunRequest(
        run_key=f"dbt-after-{last.isoformat()}", tags={"budget/after_ingest_run": finished[0].dagster_run.run_id}
    )
