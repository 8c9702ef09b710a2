"""An extraction as staging frames, each validated lazily against its pandera model."""

from __future__ import annotations

import contextlib
import importlib.util
import sys
from dataclasses import dataclass, field
from functools import cache

import pandas as pd
import pandera.pandas as pa

from schemas import CELL_TABLES, STAGING_SCHEMAS

from ..extract.disclosure import Extraction

# pandera asks for geopandas on every check of an object column; a failed import is not remembered, so
# each ask searches the whole path again. Where it is not installed, the answer is recorded once.
if importlib.util.find_spec("geopandas") is None:
    sys.modules["geopandas"] = None


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
        """table_seq of the tables all of whose rows were held back."""
        if self.valid or self.checked is None or "table_seq" not in self.checked:
            return set()
        return set(self.checked["table_seq"]) - set(self.frame["table_seq"])

    def held_back(self) -> pd.DataFrame:
        """The rows validation held back."""
        if self.checked is None:
            return pd.DataFrame()
        if self.valid:  # every row validated is loaded
            return self.checked.iloc[0:0]
        return self.checked.loc[~self.checked.index.isin(self.frame.index)]


def _is_text(v) -> bool:
    return v is None or isinstance(v, str)


def _holds_text(df: pd.DataFrame, columns: tuple[str, ...]) -> pd.Series | bool:
    """Row by row: every text column holds a string or nothing (one boolean where all do, the common
    case, so that only a failing frame pays for a row-wise answer)."""
    present = [df[column].array for column in columns if column in df]
    if all(all(map(_is_text, values)) for values in present):
        return True
    ok = pd.Series(True, index=df.index)
    for values in present:
        ok &= pd.Series([_is_text(v) for v in values], index=df.index, dtype=bool)
    return ok


def _schema(name: str):
    return validation_schema(STAGING_SCHEMAS[name])


@cache
def validation_schema(model: type[pa.DataFrameModel]):
    """The model's schema as staging validates it. Its text columns (declared str) are held as Python
    strings and checked so in one row-wise check: pandera's own check of a string dtype formats failure
    cases for every column even when it passes, several times the cost of the rest of the validation."""
    schema = model.to_schema()
    text = tuple(c for c, col in schema.columns.items() if str(col.dtype) in ("str", "string", "string[pyarrow]"))
    schema = schema.update_columns({c: {"dtype": object} for c in text})
    schema.checks = [*schema.checks, pa.Check(lambda df: _holds_text(df, text), name="text_columns_hold_text")]
    return schema


def _frame(name: str, rows: list[dict]) -> pd.DataFrame:
    if not rows:
        return _empty_frame(name).copy()
    return _build_frame(name, rows)


@cache
def _column_types(name: str) -> list[tuple[str, type | None, object]]:
    """(column, type to convert to, its pandas dtype) per column of the model; None for object columns."""
    out = []
    for column, spec in _schema(name).columns.items():
        if str(spec.dtype) == "object":
            out.append((column, None, None))
        else:
            out.append((column, spec.dtype.type, pd.api.types.pandas_dtype(spec.dtype.type)))
    return out


def _build_frame(name: str, rows: list[dict]) -> pd.DataFrame:
    data = {}
    for column, kind, dtype in _column_types(name):
        values = [r.get(column) for r in rows]
        if kind is None:
            data[column] = pd.Series(values, dtype=object)
            continue
        series = pd.Series(values)
        if series.dtype != dtype:  # converting to the dtype it already has would only copy it
            # the model's dtype up front, so validation checks values instead of converting them
            with contextlib.suppress(ValueError, TypeError):
                series = series.astype(kind)
        data[column] = series
    return pd.DataFrame(data, copy=False)


@cache
def _empty_frame(name: str) -> pd.DataFrame:
    # most disclosures leave several staging tables empty; building one costs as much as a full one
    return _build_frame(name, [])


@cache
def _check_group(name: str) -> str:
    """The first cell table whose model checks exactly what this table's model checks (only the
    model's name and docstring may differ)."""

    def checks(schema) -> dict:
        return {k: v for k, v in vars(schema).items() if k not in ("name", "title", "description")}

    for other, _ in CELL_TABLES.values():
        if checks(_schema(other)) == checks(_schema(name)):
            return other
    return name


def build_schemas() -> None:
    """Build every staging table's validation schema, column types, empty frame and check group now. A
    process forked afterwards inherits them; built in each forked extraction process instead, they cost
    it a quarter of a second, as much as validating a disclosure."""
    for name in STAGING_SCHEMAS:
        _schema(name)
        _column_types(name)
        _empty_frame(name)
    for name, _ in CELL_TABLES.values():
        _check_group(name)


def validate(name: str, df: pd.DataFrame) -> StagedTable:
    """Validate lazily. Where every failure points at a row, only the failing rows are held back (one bad
    value loses only itself); otherwise the whole staging table is held back."""
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
        if rows.notna().all():
            try:
                keep = model.validate(df.drop(index=set(rows.astype(int))).copy(), lazy=True, inplace=True)
            except pa.errors.SchemaErrors:
                keep = df.iloc[0:0]
        return StagedTable(name, keep, cases, checked=df)


def _validate_cell_tables(frames: dict[str, pd.DataFrame]) -> dict[str, StagedTable]:
    """Validate the cell tables of one disclosure, those whose models check the same in one pandera call.

    A pandera call costs milliseconds whatever its length. Every check of the cell models holds row by
    row or within one table_seq, so the tables pass together exactly when each passes on its own. If
    they do not, each table is validated on its own, so that its failure cases index its own rows and
    only its failing table_seq are held back."""
    groups: dict[str, list[str]] = {}
    for name in frames:
        groups.setdefault(_check_group(name), []).append(name)
    staged: dict[str, StagedTable] = {}
    for model_name, names in groups.items():
        parts = [frames[n] for n in names if not frames[n].empty]
        # identical dtypes: the dtype checks see in the union what they would see in each table
        if len(parts) > 1 and all(p.dtypes.equals(parts[0].dtypes) for p in parts[1:]):
            try:
                _schema(model_name).validate(pd.concat(parts, ignore_index=True), lazy=True, inplace=True)
            except pa.errors.SchemaErrors:
                pass
            else:
                staged.update((n, StagedTable(n, frames[n], checked=frames[n])) for n in names)
                continue
        staged.update((n, validate(n, frames[n])) for n in names)
    return staged


def _without_held_cells(identities: list[dict], held: pd.DataFrame) -> list[dict]:
    """A layout identity over a cell validation held back cannot be checked: it is dropped whole."""
    if held.empty or not identities:
        return identities
    positions = set(zip(held["table_seq"], held["row_number"], held["column_index"]))
    broken = {(i["table_seq"], i["identity_no"]) for i in identities
              if (i["table_seq"], i["row_number"], i["column_index"]) in positions}
    return [i for i in identities if (i["table_seq"], i["identity_no"]) not in broken]


def _located_rows(extraction: Extraction, staged: dict[str, StagedTable]) -> list[dict]:
    """The located tables, each saying how many of its rows validation held back."""
    held: dict[int, int] = {}
    rejected: set[int] = set()
    for table in staged.values():
        back = table.held_back()
        if "table_seq" in back:
            for seq, n in back["table_seq"].value_counts().items():
                held[int(seq)] = held.get(int(seq), 0) + int(n)
        rejected |= table.rejected_tables
    located = []
    for t in extraction.tables:
        seq, n = t["table_seq"], held.get(t["table_seq"], 0)
        t = {**t, "values_held_back": n}
        if seq in rejected and t["status"] != "failed":
            t.update(status="invalid", message=f"failed validation ({n} rows in raw.validation_failures)")
        elif n and t["status"] != "failed":
            t["message"] = f"{n} value(s) held back by validation, the rest loaded (raw.validation_failures)"
        located.append(t)
    return located


def stage(extraction: Extraction, status: str = "loaded", message: str | None = None) -> dict[str, StagedTable]:
    """Every staging table of one disclosure, validated; a row that fails is held back with its failure
    cases, and the rest of its table loads."""
    doc = {**extraction.document, "status": status, "message": message}
    if status == "loaded" and (doc.get("pages_unreadable") or doc.get("damage")):
        unread = f"pages {doc['pages_unreadable']} could not be read" if doc.get("pages_unreadable") else None
        doc.update(status="partial", message="; ".join(filter(None, [unread, doc.get("damage")])) + " (damaged file)")
    by_code: dict[str, list[dict]] = {code: [] for code in CELL_TABLES}
    for c in extraction.cells:
        if c.get("table_code") in by_code:
            by_code[c["table_code"]].append(c)
    cell_frames = {name: _frame(name, by_code[code]) for code, (name, _) in CELL_TABLES.items()}
    staged = _validate_cell_tables(cell_frames)
    held = pd.concat([t.held_back() for t in staged.values() if not t.valid] or [pd.DataFrame()])
    rows: dict[str, list[dict]] = {
        "disclosures": [doc],
        "table_identities": _without_held_cells(extraction.identities, held),
        "narrative_claims": extraction.claims,
        "p01_projects": extraction.projects,
        "p01_project_funds": [c for c in extraction.cells if c.get("fund")],
        "p01_indicators": extraction.indicators,
        "extraction_coverage": extraction.coverage,
        "page_texts": extraction.page_texts,
    }
    staged.update({name: validate(name, _frame(name, r)) for name, r in rows.items()})
    staged["located_tables"] = validate("located_tables", _frame("located_tables", _located_rows(extraction, staged)))
    return staged
