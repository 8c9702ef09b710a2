"""The DuckDB staging layer (schema `raw`): DDL, typing rows as it, and the changes the marts rebuild from."""

from __future__ import annotations

import tempfile
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from schemas import RECORD_SCHEMAS, SET_SCHEMAS, STAGING_SCHEMAS

from .. import settings
from ..paths import ROOT, warehouse_path  # noqa: F401  (read from here by the pipeline's modules)
from .staging import StagedTable

# A raw column's DuckDB type is its pandera dtype's, unless its Field declares another (metadata "sql":
# schemas/common.py whole_number, money, exact_points).
_SQL_TYPES = (("int", "INTEGER"), ("bool", "BOOLEAN"), ("float", "DOUBLE"))


def _sql_type(column) -> str:
    if declared := (column.metadata or {}).get("sql"):
        return declared
    dtype = str(column.dtype)
    return next((sql for prefix, sql in _SQL_TYPES if dtype.startswith(prefix)), "VARCHAR")


@cache
def _columns(table: str) -> list[tuple[str, str]]:
    model = STAGING_SCHEMAS.get(table) or SET_SCHEMAS.get(table) or RECORD_SCHEMAS[table]
    return [(name, _sql_type(col)) for name, col in model.to_schema().columns.items()]


# The disclosures whose staging rows changed since the marts were last built (loaded, superseded, held
# back, or their set changed): the incremental marts replace exactly these disclosures' rows.
_PENDING_DDL = "CREATE TABLE IF NOT EXISTS raw.pending_changes (disclosure_id VARCHAR, load_seq BIGINT)"


def column_names(table: str) -> list[str]:
    return [n for n, _ in _columns(table)]


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the raw tables, and bring a warehouse built by an earlier version to the models' columns: those
    added since, and a column whose declared type changed, cast to it. One look at the catalog first: on
    every load after the first, nothing differs."""
    present: dict[str, dict[str, str]] = {}
    for table, column, sql_type in con.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'raw'"
    ).fetchall():
        present.setdefault(table, {})[column] = sql_type
    if not present:
        con.execute("CREATE SCHEMA IF NOT EXISTS raw")
    if "pending_changes" not in present:
        con.execute(_PENDING_DDL)
    for table in [*STAGING_SCHEMAS, *SET_SCHEMAS, *RECORD_SCHEMAS]:
        columns = _columns(table)
        if table not in present:
            cols = ", ".join(f'"{n}" {t}' for n, t in columns)
            con.execute(f"CREATE TABLE IF NOT EXISTS raw.{table} ({cols})")
            continue
        for name, sql_type in columns:
            if name not in present[table]:
                con.execute(f'ALTER TABLE raw.{table} ADD COLUMN "{name}" {sql_type}')
            elif present[table][name].replace(" ", "") != sql_type.replace(" ", ""):
                con.execute(f'ALTER TABLE raw.{table} ALTER COLUMN "{name}" TYPE {sql_type}')


@cache
def arrow_schema(table: str) -> pa.Schema:
    """raw.<table>'s DDL as an Arrow schema."""
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
    return pa.schema(fields)


def arrow_table(table: str, df: pd.DataFrame) -> pa.Table:
    """The frame's rows typed as raw.<table>'s DDL (decimals that would lose digits raise)."""
    schema = arrow_schema(table)
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
    """Append a validated frame to raw.<table>, typed as its DDL."""
    con.register("_staged", arrow_table(table, frame))
    names = ", ".join(f'"{n}"' for n, _ in _columns(table))
    con.execute(f"INSERT INTO raw.{table} ({names}) SELECT {names} FROM _staged")
    con.unregister("_staged")


def mark_pending(con: duckdb.DuckDBPyConnection, ids_sql: str, params: list | None = None) -> None:
    """List these disclosures (a query of disclosure_id) as changed, for the next build of the marts: one
    row each, at the latest mark (a build clears only what was marked before it began)."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE _marked AS SELECT DISTINCT disclosure_id FROM ({ids_sql})", params or [])
    seq = con.execute("SELECT coalesce(max(load_seq), 0) + 1 FROM raw.pending_changes").fetchone()[0]
    con.execute("DELETE FROM raw.pending_changes WHERE disclosure_id IN (SELECT disclosure_id FROM _marked)")
    con.execute("INSERT INTO raw.pending_changes SELECT disclosure_id, ? FROM _marked", [seq])
    con.execute("DROP TABLE _marked")


def replace_disclosure(con: duckdb.DuckDBPyConnection, disclosure_id: str, staged: dict[str, StagedTable]) -> dict[str, int]:
    """Swap one disclosure's staging rows atomically, through the same path as a batch: its validated
    frames written as Parquet (to a scratch folder), then loaded. Returns the rows loaded per table."""
    from ..orchestration.keys import partition_key
    from .writer import load_batch
    from .models import Prepared
    from .prepared import write_staged

    source = staged["disclosures"].frame["source_file"].iloc[0]
    with tempfile.TemporaryDirectory() as scratch:
        summary = write_staged(Path(scratch), disclosure_id, staged)
        load_batch(con, [Prepared(partition_key(source), disclosure_id, source, scratch, summary)])
    return {name: len(table.frame) for name, table in staged.items()}


def replace_sets(con: duckdb.DuckDBPyConnection, frames: dict[str, pd.DataFrame], keep: dict[str, set[str]] | None = None) -> None:
    """Swap the disclosure sets and the claims linked across files, all at once: they are derived from
    every loaded disclosure together, never from one. keep names, per table, the disclosures whose rows
    stay as they are (the frame holds the others'). A disclosure whose set rows changed, and every
    member of a set with a changed member (its checks read its companions' cells), is marked changed."""
    ensure_schema(con)
    con.execute("BEGIN TRANSACTION")
    try:
        for name, frame in frames.items():
            con.execute("CREATE OR REPLACE TEMP TABLE _keep AS SELECT unnest(?::VARCHAR[]) AS disclosure_id", [sorted((keep or {}).get(name, ()))])
            replaced = "disclosure_id NOT IN (SELECT disclosure_id FROM _keep)"
            con.execute(f"CREATE OR REPLACE TEMP TABLE _before AS SELECT * FROM raw.{name} WHERE {replaced}")
            con.execute(f"DELETE FROM raw.{name} WHERE {replaced}")
            if not frame.empty:
                _insert(con, name, frame)
            mark_pending(con, f"(SELECT * FROM _before EXCEPT SELECT * FROM raw.{name} WHERE {replaced})"
                         f" UNION ALL (SELECT * FROM raw.{name} WHERE {replaced} EXCEPT SELECT * FROM _before)")
        mark_pending(con, "SELECT b.disclosure_id FROM raw.disclosure_sets a JOIN raw.disclosure_sets b USING (set_id)"
                     " WHERE a.disclosure_id IN (SELECT disclosure_id FROM raw.pending_changes)"
                     " AND b.disclosure_id NOT IN (SELECT disclosure_id FROM raw.pending_changes)")
        con.execute("DROP TABLE IF EXISTS _before")
        con.execute("DROP TABLE IF EXISTS _keep")
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
        mark_pending(con, "SELECT ? AS disclosure_id", [disclosure_id])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def duckdb_settings(path: Path) -> dict[str, str]:
    """The connection settings of every process that opens the warehouse (this one's and dbt's)."""
    chosen = {"memory_limit": settings.duckdb_memory(), "temp_directory": settings.duckdb_temp(path)}
    if threads := settings.duckdb_threads():
        chosen["threads"] = threads
    return chosen


def connect(path: Path | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    path = path or warehouse_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(path), read_only=read_only, config=duckdb_settings(path))
