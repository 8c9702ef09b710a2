"""Asset definitions: partitioned PDF ingestion into schema `raw`, then the dbt project."""

from .dbt import dbt_build_job, dbt_models
from .disclosures import disclosure_extraction, disclosure_partitions, ingest_disclosure_job, staging_tables

ALL_ASSETS = [disclosure_extraction, staging_tables, dbt_models]

__all__ = [
    "ALL_ASSETS",
    "dbt_build_job",
    "dbt_models",
    "disclosure_extraction",
    "disclosure_partitions",
    "ingest_disclosure_job",
    "staging_tables",
]
