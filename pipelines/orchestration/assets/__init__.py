"""Asset definitions: partitioned PDF ingestion into schema `raw`, then the dbt project."""

from .dbt import dbt_models
from .disclosures import disclosure_partitions, ingest_disclosure_job, ingest_disclosures
from .downloads import download_job, publisher_downloads
from .publish import dbt_build_job, dbt_docs, html_report, published_warehouse
from .sets import disclosure_sets

ALL_ASSETS = [
    publisher_downloads, ingest_disclosures, disclosure_sets, dbt_models, published_warehouse, dbt_docs, html_report,
]

__all__ = [
    "ALL_ASSETS",
    "dbt_build_job",
    "dbt_docs",
    "dbt_models",
    "html_report",
    "download_job",
    "publisher_downloads",
    "disclosure_partitions",
    "disclosure_sets",
    "ingest_disclosure_job",
    "ingest_disclosures",
    "published_warehouse",
]
