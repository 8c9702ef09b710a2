"""The Dagster code location: PDF ingestion (partitioned by disclosure), dbt build, sensors, schedule."""

from __future__ import annotations

from dagster import Definitions

from .orchestration.assets import ALL_ASSETS, dbt_build_job, download_job, ingest_disclosure_job
from .orchestration.assets.extraction import extract_job
from .orchestration.resources import resources
from .orchestration.schedules import budget_season_schedule, final_accounts_season_schedule, yearly_ingest_schedule
from .orchestration.sensors import dbt_after_ingest_sensor, raw_pdf_sensor

# The asset checks (pandera per staging table, dbt tests) are defined with their assets.
defs = Definitions(
    assets=ALL_ASSETS,
    jobs=[download_job, ingest_disclosure_job, dbt_build_job, extract_job],
    sensors=[raw_pdf_sensor, dbt_after_ingest_sensor],
    schedules=[yearly_ingest_schedule, budget_season_schedule, final_accounts_season_schedule],
    resources=resources(),
)


def ingest_job():
    """The ingestion job, resolved: a module-level target for reconstructable(), so runs can execute
    out of process (multiprocess executor, or a distributed one)."""
    return defs.resolve_job_def("ingest_disclosure_job")
