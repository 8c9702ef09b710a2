"""Pandera contracts of the staging tables (DuckDB schema `raw`), one model per table."""

from .cells import (
    CELL_TABLES,
    EconomicSubjectCell,
    FunctionSubjectCell,
    ListTableCell,
    TableCell,
)
from .failures import ValidationFailure
from .documents import Disclosure, ExtractionCoverage, LocatedTable, PageText, TableIdentity
from .narrative import NarrativeClaim
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
# raw tables declared here but written, not validated: pandera's failure cases of the others
RECORD_SCHEMAS = {"validation_failures": ValidationFailure}

__all__ = [
    "CELL_TABLES",
    "RECORD_SCHEMAS",
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
    "ValidationFailure",
]
