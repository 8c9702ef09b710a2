"""The Dagster code location: PDF ingestion (partitioned by disclosure), dbt build, sensors, schedule."""

from __future__ import annotations

from dagster import Definitions

from .assets import (
    dbt_build_job,
    dbt_models,
    disclosure_extraction,
    ingest_disclosure_job,
    staging_tables,
)
from .resources import resources
from .schedules import yearly_ingest_schedule
from .sensors import dbt_after_ingest_sensor, raw_pdf_sensor

# The asset checks (pandera per staging table, dbt tests) are defined with their assets.
defs = Definitions(
    assets=[disclosure_extraction, staging_tables, dbt_models],
    jobs=[ingest_disclosure_job, dbt_build_job],
    sensors=[raw_pdf_sensor, dbt_after_ingest_sensor],
    schedules=[yearly_ingest_schedule],
    resources=resources(),
)
