"""The yearly re-ingestion at the start of budget-disclosure season."""

from dagster import (
    DefaultScheduleStatus,
    RunRequest,
    ScheduleDefinition,
    ScheduleEvaluationContext,
    SkipReason,
    schedule,
)

from .assets import disclosure_partitions, download_job, ingest_disclosure_job
from .plan import scan_raw
from .resources import RawFiles


@schedule(
    job=ingest_disclosure_job,
    cron_schedule="0 6 1 4 *",  # 1 April, 06:00: departments publish budgets in the weeks before
    execution_timezone="Asia/Shanghai",
    default_status=DefaultScheduleStatus.RUNNING,
    description="Re-scans raw/ and re-ingests every PDF; dbt_after_ingest_sensor then runs one dbt build.",
)
def yearly_ingest_schedule(context: ScheduleEvaluationContext, raw_files: RawFiles):
    files, skipped = scan_raw(raw_files.path)
    for path in skipped:
        context.log.warning("%s: path contains '...' or a control character; not ingested", path)
    if not files:
        return SkipReason(f"no PDF under {raw_files.path}")
    # A schedule result cannot carry dynamic-partition requests (only a sensor's can), so missing keys
    # are registered on the instance directly before the runs that need them are requested.
    known = set(context.instance.get_dynamic_partitions(disclosure_partitions.name))
    missing = [k for k in files if k not in known]
    if missing:
        context.instance.add_dynamic_partitions(disclosure_partitions.name, missing)
    season = context.scheduled_execution_time.year if context.scheduled_execution_time else "manual"
    return [RunRequest(partition_key=key, run_key=f"{key}@{season}") for key in files]


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
