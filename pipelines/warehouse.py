"""The DuckDB staging layer (schema `raw`): DDL, and replacing one disclosure's rows in one transaction."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from schemas import SET_SCHEMAS, STAGING_SCHEMAS

from .paths import ROOT, warehouse_path  # noqa: F401  (read from here by the pipeline's modules)
from .staging import StagedTable

MONEY = "DECIMAL(20,2)"


def _sql_type(name: str, dtype: str) -> str:
    if name in {"amount_yuan"}:
        return MONEY
    if name == "score":
        return "DECIMAL(10,2)"
    if dtype.startswith("int"):
        return "INTEGER"
    if dtype == "bool":
        return "BOOLEAN"
    if dtype.startswith("float"):
        return "INTEGER" if name.endswith(("_year", "_rows", "_stated", "_seq", "_number", "_index", "_no")) else "DOUBLE"
    return "VARCHAR"


@cache
def _columns(table: str) -> list[tuple[str, str]]:
    schema = (STAGING_SCHEMAS.get(table) or SET_SCHEMAS[table]).to_schema()
    return [(name, _sql_type(name, str(col.dtype))) for name, col in schema.columns.items()]


_FAILURES_DDL = """CREATE TABLE IF NOT EXISTS raw.validation_failures (
    disclosure_id VARCHAR, staging_table VARCHAR, schema_context VARCHAR, "column" VARCHAR,
    "check" VARCHAR, check_number INTEGER, failure_case VARCHAR, row_index INTEGER,
    page_number INTEGER, table_seq INTEGER)"""


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the raw tables, and give a warehouse built by an earlier version the columns added since.
    One look at the catalog first: on every load after the first, nothing is missing."""
    present: dict[str, set[str]] = {}
    for table, column in con.execute(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'raw'"
    ).fetchall():
        present.setdefault(table, set()).add(column)
    if "validation_failures" not in present:
        con.execute("CREATE SCHEMA IF NOT EXISTS raw")
        con.execute(_FAILURES_DDL)
    for table in [*STAGING_SCHEMAS, *SET_SCHEMAS]:
        columns = _columns(table)
        if table not in present:
            cols = ", ".join(f'"{n}" {t}' for n, t in columns)
            con.execute(f"CREATE TABLE IF NOT EXISTS raw.{table} ({cols})")
            continue
        for name, sql_type in columns:
            if name not in present[table]:
                con.execute(f'ALTER TABLE raw.{table} ADD COLUMN "{name}" {sql_type}')


def _arrow(table: str, df: pd.DataFrame) -> pa.Table:
    fields = []
    for name, sql in _columns(table):
        if sql.startswith("DECIMAL"):
            precision, scale = (int(x) for x in sql[8:-1].split(","))
            fields.append(pa.field(name, pa.decimal128(precision, scale)))
        elif sql == "INTEGER":
            fields.append(pa.field(name, pa.int32()))
        elif sql == "DOUBLE":
            fields.append(pa.field(name, pa.float64()))
        elif sql == "BOOLEAN":
            fields.append(pa.field(name, pa.bool_()))
        else:
            fields.append(pa.field(name, pa.string()))
    schema = pa.schema(fields)
    arrays = []
    for f in schema:
        values = [None if (v is None or (isinstance(v, float) and v != v) or v is pd.NA) else v for v in df[f.name].tolist()]
        if pa.types.is_integer(f.type):
            values = [None if v is None else int(v) for v in values]
        elif pa.types.is_string(f.type):
            values = [None if v is None else str(v) for v in values]
        arrays.append(pa.array(values, type=f.type))  # decimals that would lose digits raise here
    return pa.Table.from_arrays(arrays, schema=schema)


def failure_rows(disclosure_id: str, staged: StagedTable) -> list[tuple]:
    rows = []
    for case in staged.failures.to_dict("records"):
        index = case.get("index")
        page = seq = None
        source = staged.checked if staged.checked is not None else staged.frame
        if index is not None and index == index and int(index) in source.index:
            src = source.loc[int(index)]
            page = int(src["page_number"]) if "page_number" in src and pd.notna(src["page_number"]) else None
            seq = int(src["table_seq"]) if "table_seq" in src and pd.notna(src["table_seq"]) else None
        rows.append(
            (
                disclosure_id,
                staged.name,
                case.get("schema_context"),
                case.get("column"),
                str(case.get("check")),
                None if case.get("check_number") is None or case.get("check_number") != case.get("check_number") else int(case["check_number"]),
                str(case.get("failure_case")),
                None if index is None or index != index else int(index),
                page,
                seq,
            )
        )
    return rows


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    """Append a validated frame to raw.<table>, typed as its DDL (decimals that would lose digits raise)."""
    con.register("_staged", _arrow(table, frame))
    names = ", ".join(f'"{n}"' for n, _ in _columns(table))
    con.execute(f"INSERT INTO raw.{table} ({names}) SELECT {names} FROM _staged")
    con.unregister("_staged")


def replace_disclosure(con: duckdb.DuckDBPyConnection, disclosure_id: str, staged: dict[str, StagedTable]) -> dict[str, int]:
    """Swap one disclosure's staging rows atomically: a re-run never duplicates or half-writes.

    Rows held back by validation are not loaded; their failure cases are, so nothing is lost.
    Rows of an earlier version of the same source file are removed in the same transaction.
    """
    ensure_schema(con)
    loaded: dict[str, int] = {}
    document = staged.get("disclosures")
    source = document.frame["source_file"].iloc[0] if document is not None and len(document.frame) else None
    con.execute("BEGIN TRANSACTION")
    try:
        # the same content under another file name is one disclosure: keep the other names
        earlier = con.execute(
            "SELECT source_file, duplicate_files FROM raw.disclosures WHERE disclosure_id = ?", [disclosure_id]
        ).fetchall()
        duplicates = sorted(
            {n for f, d in earlier for n in [f, *(d.split("; ") if d else [])] if n and n != source}
        )
        # A corrected republication (same file, new content) supersedes the version loaded before it:
        # the old version's figures leave the warehouse, its raw.disclosures row stays, marked superseded.
        superseded = []
        if source is not None:
            superseded = [
                old for (old,) in con.execute(
                    "SELECT disclosure_id FROM raw.disclosures WHERE source_file = ? AND disclosure_id <> ?"
                    " AND status <> 'superseded'",
                    [source, disclosure_id],
                ).fetchall()
            ]
        for table in list(STAGING_SCHEMAS) + ["validation_failures"]:
            con.execute(f"DELETE FROM raw.{table} WHERE disclosure_id = ?", [disclosure_id])
            if superseded and table != "disclosures":
                con.execute(f"DELETE FROM raw.{table} WHERE disclosure_id IN (SELECT unnest(?))", [superseded])
        if superseded:
            con.execute(
                "UPDATE raw.disclosures SET status = 'superseded', message = ? WHERE disclosure_id IN (SELECT unnest(?))",
                [f"superseded by {disclosure_id}, a newer version of {source}", superseded],
            )
        for name, st in staged.items():
            if not st.valid:
                con.executemany(
                    "INSERT INTO raw.validation_failures VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", failure_rows(disclosure_id, st)
                )
            if st.frame.empty:
                loaded[name] = 0
                continue
            _insert(con, name, st.frame)
            loaded[name] = len(st.frame)
        if duplicates:
            con.execute(
                "UPDATE raw.disclosures SET duplicate_files = ? WHERE disclosure_id = ?", ["; ".join(duplicates), disclosure_id]
            )
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return loaded


def replace_sets(con: duckdb.DuckDBPyConnection, frames: dict[str, pd.DataFrame]) -> None:
    """Swap the disclosure sets and the claims linked across files, all at once: they are derived from
    every loaded disclosure together, never from one."""
    ensure_schema(con)
    con.execute("BEGIN TRANSACTION")
    try:
        for name, frame in frames.items():
            con.execute(f"DELETE FROM raw.{name}")
            if not frame.empty:
                _insert(con, name, frame)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def hold_back(con: duckdb.DuckDBPyConnection, disclosure_id: str, reason: str) -> None:
    """Take one disclosure's figures out of the warehouse, keeping its raw.disclosures row with the reason:
    its rows broke a contract test of the marts, and the other disclosures must still build."""
    con.execute("BEGIN TRANSACTION")
    try:
        for table in STAGING_SCHEMAS:
            if table != "disclosures":
                con.execute(f"DELETE FROM raw.{table} WHERE disclosure_id = ?", [disclosure_id])
        con.execute(
            "UPDATE raw.disclosures SET status = 'held_back', message = ? WHERE disclosure_id = ?", [reason, disclosure_id]
        )
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def connect(path: Path | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    path = path or warehouse_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(path), read_only=read_only)
