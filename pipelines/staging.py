"""An extraction as staging frames, each validated lazily against its pandera model."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import pandera.pandas as pa

from schemas import CELL_TABLES, STAGING_SCHEMAS

from .extract.disclosure import Extraction


@dataclass
class StagedTable:
    name: str
    frame: pd.DataFrame
    failures: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def valid(self) -> bool:
        return self.failures.empty


def _frame(model, rows: list[dict]) -> pd.DataFrame:
    columns = list(model.to_schema().columns)
    df = pd.DataFrame(rows, columns=columns)
    for name, col in model.to_schema().columns.items():
        if str(col.dtype) == "object":
            df[name] = pd.Series([r.get(name) for r in rows], dtype=object) if rows else pd.Series(dtype=object)
    return df


def validate(name: str, df: pd.DataFrame) -> StagedTable:
    model = STAGING_SCHEMAS[name]
    try:
        return StagedTable(name, model.validate(df, lazy=True))
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases.copy()
        cases["failure_case"] = cases["failure_case"].astype(str)
        return StagedTable(name, df, cases)


def stage(extraction: Extraction, status: str = "loaded", message: str | None = None) -> dict[str, StagedTable]:
    """Every staging table of one disclosure, validated; a table that fails keeps its failure cases."""
    doc = {**extraction.document, "status": status, "message": message}
    rows: dict[str, list[dict]] = {
        "disclosures": [doc],
        "located_tables": extraction.tables,
        "table_identities": extraction.identities,
        "p01_projects": extraction.projects,
        "p01_project_funds": [c for c in extraction.cells if "fund" in c],
        "p01_indicators": extraction.indicators,
    }
    for code, (name, _) in CELL_TABLES.items():
        rows[name] = [c for c in extraction.cells if c.get("table_code") == code]
    cell_tables = {name: code for code, (name, _) in CELL_TABLES.items()}
    staged = {name: validate(name, _frame(STAGING_SCHEMAS[name], r)) for name, r in rows.items() if name != "located_tables"}
    # a table whose cells fail validation is quarantined: say so where it was located
    invalid = {cell_tables[n]: s for n, s in staged.items() if n in cell_tables and not s.valid}
    located = []
    for t in extraction.tables:
        if t["table_code"] in invalid and t["status"] != "failed":
            cases = invalid[t["table_code"]].failures
            t = {**t, "status": "invalid", "message": f"failed validation ({len(cases)} failure cases in raw.validation_failures)"}
        located.append(t)
    staged["located_tables"] = validate("located_tables", _frame(STAGING_SCHEMAS["located_tables"], located))
    return staged
