"""Asset definitions: partitioned PDF ingestion into schema `raw`, then the dbt project."""

from .dbt import dbt_models
from .disclosures import disclosure_extraction, disclosure_partitions, ingest_disclosure_job, staging_tables
from .downloads import download_job, publisher_downloads
from .publish import dbt_build_job, dbt_docs, published_warehouse
from .sets import disclosure_sets

ALL_ASSETS = [
    publisher_downloads, disclosure_extraction, staging_tables, disclosure_sets, dbt_models, published_warehouse, dbt_docs,
]

__all__ = [
    "ALL_ASSETS",
    "dbt_build_job",
    "dbt_docs",
    "dbt_models",
    "download_job",
    "publisher_downloads",
    "disclosure_extraction",
    "disclosure_partitions",
    "disclosure_sets",
    "ingest_disclosure_job",
    "published_warehouse",
    "staging_tables",
]
