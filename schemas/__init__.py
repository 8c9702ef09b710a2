"""Pandera contracts of the staging tables (DuckDB schema `raw`), one model per table."""

from .cells import (
    CELL_TABLES,
    EconomicSubjectCell,
    FunctionSubjectCell,
    ListTableCell,
    TableCell,
)
from .documents import Disclosure, ExtractionCoverage, LocatedTable, NarrativeClaim, PageText, TableIdentity
from .projects import Indicator, Project, ProjectFund
from .sets import SET_SCHEMAS, DisclosureSet, SetClaimLink

STAGING_SCHEMAS = {
    "disclosures": Disclosure,
    "located_tables": LocatedTable,
    "extraction_coverage": ExtractionCoverage,
    "page_texts": PageText,
    "table_identities": TableIdentity,
    "narrative_claims": NarrativeClaim,
    "p01_projects": Project,
    "p01_project_funds": ProjectFund,
    "p01_indicators": Indicator,
    **{name: model for _, (name, model) in CELL_TABLES.items()},
}

__all__ = [
    "CELL_TABLES",
    "SET_SCHEMAS",
    "STAGING_SCHEMAS",
    "Disclosure",
    "DisclosureSet",
    "EconomicSubjectCell",
    "ExtractionCoverage",
    "FunctionSubjectCell",
    "Indicator",
    "ListTableCell",
    "LocatedTable",
    "NarrativeClaim",
    "PageText",
    "Project",
    "ProjectFund",
    "SetClaimLink",
    "TableCell",
    "TableIdentity",
]
