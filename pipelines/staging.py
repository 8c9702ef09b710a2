"""An extraction as staging frames, each validated lazily against its pandera model."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from functools import cache

import pandas as pd
import pandera.pandas as pa

from schemas import CELL_TABLES, STAGING_SCHEMAS

from .extract.disclosure import Extraction


@dataclass
class StagedTable:
    """A staging table of one disclosure: the rows that passed validation, and the failure cases."""

    name: str
    frame: pd.DataFrame  # what gets loaded
    failures: pd.DataFrame = field(default_factory=pd.DataFrame)
    checked: pd.DataFrame | None = None  # every row validated; failure cases index into it

    @property
    def valid(self) -> bool:
        return self.failures.empty

    @property
    def rejected_tables(self) -> set[int]:
        """table_seq of the tables held back because some of their rows failed."""
        if self.checked is None or "table_seq" not in self.checked:
            return set()
        return set(self.checked["table_seq"]) - set(self.frame["table_seq"])


@cache
def _schema(name: str):
    return STAGING_SCHEMAS[name].to_schema()


def _frame(name: str, rows: list[dict]) -> pd.DataFrame:
    schema = _schema(name)
    df = pd.DataFrame(rows, columns=list(schema.columns))
    for column, spec in schema.columns.items():
        if str(spec.dtype) == "object":
            df[column] = pd.Series([r.get(column) for r in rows], dtype=object) if rows else pd.Series(dtype=object)
        else:
            # the model's dtype up front, so validation checks values instead of converting them
            with contextlib.suppress(ValueError, TypeError):
                df[column] = df[column].astype(spec.dtype.type)
    return df


def validate(name: str, df: pd.DataFrame) -> StagedTable:
    """Validate lazily. Where every failure points at a row of a located table, only those tables are
    held back and the disclosure's other tables load; otherwise the whole staging table is held back."""
    model = _schema(name)
    if df.empty:  # built from the model's own columns: nothing in it can fail
        return StagedTable(name, df, checked=df)
    try:
        return StagedTable(name, model.validate(df, lazy=True, inplace=True), checked=df)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases.copy()
        cases["failure_case"] = cases["failure_case"].astype(str)
        keep = df.iloc[0:0]
        rows = pd.to_numeric(cases["index"], errors="coerce")
        if "table_seq" in df and rows.notna().all():
            bad = set(df.loc[rows.astype(int), "table_seq"])
            try:
                keep = model.validate(df[~df["table_seq"].isin(bad)].copy(), lazy=True, inplace=True)
            except pa.errors.SchemaErrors:
                keep = df.iloc[0:0]
        return StagedTable(name, keep, cases, checked=df)


def stage(extraction: Extraction, status: str = "loaded", message: str | None = None) -> dict[str, StagedTable]:
    """Every staging table of one disclosure, validated; a table that fails keeps its failure cases."""
    doc = {**extraction.document, "status": status, "message": message}
    rows: dict[str, list[dict]] = {
        "disclosures": [doc],
        "table_identities": extraction.identities,
        "narrative_claims": extraction.claims,
        "p01_projects": extraction.projects,
        "p01_project_funds": [c for c in extraction.cells if c.get("fund")],
        "p01_indicators": extraction.indicators,
    }
    for code, (name, _) in CELL_TABLES.items():
        rows[name] = [c for c in extraction.cells if c.get("table_code") == code]
    staged = {name: validate(name, _frame(name, r)) for name, r in rows.items()}
    # a table whose rows fail validation is held back: say so where it was located
    held = {}
    for table in staged.values():
        for seq in table.rejected_tables:
            held[seq] = held.get(seq, 0) + len(table.failures)
    located = []
    for t in extraction.tables:
        if t["table_seq"] in held and t["status"] != "failed":
            t = {**t, "status": "invalid", "message": f"failed validation ({held[t['table_seq']]} failure cases in raw.validation_failures)"}
        located.append(t)
    staged["located_tables"] = validate("located_tables", _frame("located_tables", located))
    return staged
