"""The single writer: swap a batch of prepared disclosures into the staging tables in one transaction.

Each disclosure's rows were validated and typed where it was extracted (prepared.py); here they are only
read back with read_parquet, one statement per staging table for the whole batch. In the same
transaction the batch's earlier rows are deleted, an earlier version of a republished file is marked
superseded (its figures leave), another file of the same content is recorded as a duplicate, and every
disclosure whose rows changed is listed in raw.pending_changes, which the marts rebuild from.
A kill at any moment leaves each disclosure of the batch whole or absent.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from schemas import STAGING_SCHEMAS

from .. import settings
from .cache import local_path
from .models import Prepared
from .prepared import FAILURES
from .warehouse import column_names, ensure_schema, mark_pending

BATCH = settings.load_batch()  # disclosures per transaction
REMOTE_READS = 16  # files read at once from object storage


def _sql_list(paths: Sequence[str]) -> str:
    return "[" + ", ".join("'" + p.replace("'", "''") + "'" for p in paths) + "]"


def _source(con: duckdb.DuckDBPyConnection, table: str, batch: list[Prepared]) -> str | None:
    """A FROM clause reading this table's rows of the batch: read_parquet over local files; files on
    object storage are read by pyarrow through fsspec and registered."""
    having = [p for p in batch if table in p.summary.tables]
    if not having:
        return None
    local = [local_path(p.folder) for p in having]
    if None not in local:
        return f"read_parquet({_sql_list([f'{folder}/{table}.parquet' for folder in local])})"
    # object storage answers each file after a round trip: many files in flight at once
    with ThreadPoolExecutor(REMOTE_READS) as pool:
        tables = list(pool.map(_read_remote, (p.path(table) for p in having)))
    con.register(f"_batch_{table}", pa.concat_tables(tables, promote_options="default"))
    return f"_batch_{table}"


def _read_remote(path) -> pa.Table:
    with path.open("rb") as fh:
        return pq.read_table(fh)


def _names(batch: list[Prepared], con: duckdb.DuckDBPyConnection) -> pa.Table:
    """One row per disclosure of the batch: the file it is recorded under (the last file of the batch with
    its content, as if they were loaded one by one) and every other file name with the same content,
    earlier ones included."""
    chosen: dict[str, Prepared] = {}
    others: dict[str, set[str]] = {}
    for p in batch:
        chosen[p.disclosure_id] = p
        others.setdefault(p.disclosure_id, set()).add(p.source_file)
    for did, source, duplicates in con.execute(
        "SELECT disclosure_id, source_file, duplicate_files FROM raw.disclosures WHERE disclosure_id IN (SELECT unnest(?))",
        [list(chosen)],
    ).fetchall():
        others[did] |= {source, *(duplicates.split("; ") if duplicates else [])}
    rows = [(did, p.source_file, "; ".join(sorted(n for n in others[did] if n and n != p.source_file)) or None)
            for did, p in chosen.items()]
    names = ("disclosure_id", "source_file", "duplicate_files")
    return pa.table({name: pa.array([r[i] for r in rows], type=pa.string()) for i, name in enumerate(names)})


def _supersede(con: duckdb.DuckDBPyConnection) -> None:
    """An earlier version of a file of the batch (same path, other content) leaves the warehouse: its
    figures are deleted with the batch's, its raw.disclosures row stays, marked superseded."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _superseded AS"
        " SELECT d.disclosure_id, b.disclosure_id AS by_id, d.source_file FROM raw.disclosures d"
        " JOIN _batch b ON d.source_file = b.source_file AND d.disclosure_id <> b.disclosure_id"
        " WHERE d.status <> 'superseded' AND d.disclosure_id NOT IN (SELECT disclosure_id FROM _batch)"
    )
    con.execute(
        "UPDATE raw.disclosures d SET status = 'superseded',"
        " message = 'superseded by ' || s.by_id || ', a newer version of ' || s.source_file"
        " FROM _superseded s WHERE d.disclosure_id = s.disclosure_id"
    )


def _replaces(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the batch replaces rows: a disclosure the warehouse holds already, or a superseded one. A
    disclosure's rows exist only beside its raw.disclosures row (they are written in one transaction)."""
    # fetched whole: a result left open would keep the connection from registering the batch's tables
    return bool(con.execute(
        "SELECT EXISTS (SELECT 1 FROM raw.disclosures WHERE disclosure_id IN (SELECT disclosure_id FROM _batch))"
        " OR EXISTS (SELECT 1 FROM _superseded)").fetchall()[0][0])


def _insert(con: duckdb.DuckDBPyConnection, table: str, source: str) -> None:
    names = column_names(table)
    columns = ", ".join(f'"{n}"' for n in names)
    if table == "disclosures":  # recorded under this batch's file name, with its duplicates
        picked = ", ".join(f'b."{n}"' if n in ("source_file", "duplicate_files") else f'p."{n}"' for n in names)
        con.execute(f"INSERT INTO raw.disclosures ({columns}) SELECT {picked} FROM {source} p JOIN _batch b USING (disclosure_id)")
    else:
        con.execute(f"INSERT INTO raw.{table} ({columns}) SELECT {columns} FROM {source}")


def load_batch(con: duckdb.DuckDBPyConnection, batch: list[Prepared]) -> None:
    """Replace the rows of the batch's disclosures in one transaction (see the module's docstring)."""
    if not batch:
        return
    ensure_schema(con)
    last = list({p.disclosure_id: p for p in batch}.values())  # one per content, the last file's
    # rows are stored in no particular order (every model orders what it reads in full): DuckDB then inserts
    # a batch's Parquet files in parallel without reassembling their order, a fifth of the writer's time
    con.execute("SET preserve_insertion_order = false")
    con.execute("BEGIN TRANSACTION")
    try:
        con.register("_batch", _names(batch, con))
        _supersede(con)
        if _replaces(con):  # a year's new files replace nothing: no table is scanned for their rows
            for table in [*STAGING_SCHEMAS, FAILURES]:
                gone = "SELECT disclosure_id FROM _batch"
                if table != "disclosures":
                    gone += " UNION ALL SELECT disclosure_id FROM _superseded"
                con.execute(f"DELETE FROM raw.{table} WHERE disclosure_id IN ({gone})")
        for table in [*STAGING_SCHEMAS, FAILURES]:
            if (source := _source(con, table, last)) is not None:
                _insert(con, table, source)
        mark_pending(con, "SELECT disclosure_id FROM _batch UNION SELECT disclosure_id FROM _superseded")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    finally:
        con.execute("RESET preserve_insertion_order")
        for name in ("_batch", *(f"_batch_{t}" for t in [*STAGING_SCHEMAS, FAILURES])):
            con.unregister(name)


def load(con: duckdb.DuckDBPyConnection, prepared: list[Prepared], size: int = BATCH) -> dict[str, str]:
    """Every prepared disclosure, in batches of `size`, each its own transaction. A batch that fails is
    loaded again one disclosure at a time, so that one bad disclosure loses only itself. Returns
    {partition key: why it could not be loaded}."""
    errors: dict[str, str] = {}
    for start in range(0, len(prepared), size):
        batch = prepared[start:start + size]
        try:
            load_batch(con, batch)
        except (duckdb.Error, OSError, pa.ArrowException):
            for one in batch:
                try:
                    load_batch(con, [one])
                except (duckdb.Error, OSError, pa.ArrowException) as exc:
                    errors[one.key] = f"{one.source_file}: loading its staged rows failed ({type(exc).__name__}: {str(exc)[:200]})"
    return errors
