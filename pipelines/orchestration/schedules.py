"""The yearly re-ingestion at the start of budget-disclosure season."""

import duckdb
from dagster import (
    DefaultScheduleStatus,
    RunRequest,
    ScheduleDefinition,
    ScheduleEvaluationContext,
    SkipReason,
    schedule,
)

from .assets import disclosure_partitions, download_job, ingest_disclosure_job
from ..extract.read.files import sha256_of
from ..run.plan import held_by_warehouse, scan_raw
from ..load.warehouse import warehouse_path
from .resources import RawFiles


@schedule(
    job=ingest_disclosure_job,
    cron_schedule="0 6 1 4 *",  # 1 April, 06:00: departments publish budgets in the weeks before
    execution_timezone="Asia/Shanghai",
    default_status=DefaultScheduleStatus.RUNNING,
    description="Re-scans raw/ and ingests every PDF the warehouse does not hold as the current extractor reads it.",
)
def yearly_ingest_schedule(context: ScheduleEvaluationContext, raw_files: RawFiles):
    files = scan_raw(raw_files.path)
    if not files:
        return SkipReason(f"no PDF under {raw_files.path}")
    # A schedule result cannot carry dynamic-partition requests (only a sensor's can), so missing keys
    # are registered on the instance directly before the runs that need them are requested.
    known = set(context.instance.get_dynamic_partitions(disclosure_partitions.name))
    missing = [k for k in files if k not in known]
    if missing:
        context.instance.add_dynamic_partitions(disclosure_partitions.name, missing)
    # the sensor's and the CLI's own decision: a file the warehouse holds with this content and extractor needs no run
    shas = {key: sha256_of(path) for key, path in files.items()}
    try:
        held = held_by_warehouse(shas, warehouse_path())
    except duckdb.Error:  # a writer holds the warehouse now
        return SkipReason("the warehouse is being written; raw_pdf_sensor ingests what is new on its next tick")
    todo = [key for key in files if key not in held]
    if not todo:
        return SkipReason(f"the warehouse holds every PDF under {raw_files.path} as the current extractor reads it")
    return [RunRequest(partition_key=key, run_key=f"{key}@{shas[key]}") for key in todo]


# Publishers post budgets in the weeks after the NPC sessions (spring) and final accounts in summer:
# check their listed URLs weekly in those seasons. New files land in raw/, where raw_pdf_sensor
# ingests them and dbt_after_ingest_sensor rebuilds the marts, with no manual step.
budget_season_schedule = ScheduleDefinition(
    name="budget_season_downloads",
    job=download_job,
    cron_schedule="0 7 * 3,4,5 1",
    execution_timezone="Asia/Shanghai",
    default_status=DefaultScheduleStatus.RUNNING,
    description="Mondays, March to May: fetch newly published 部门预算.",
)
final_accounts_season_schedule = ScheduleDefinition(
    name="final_accounts_season_downloads",
    job=download_job,
    cron_schedule="0 7 * 7,8,9 1",
    execution_timezone="Asia/Shanghai",
    default_status=DefaultScheduleStatus.RUNNING,
    description="Mondays, July to September: fetch newly published 部门决算.",
)
