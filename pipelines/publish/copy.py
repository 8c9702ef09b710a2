"""Publishing the warehouse for readers: a read-only copy swapped in atomically, and the marts as Parquet.

DuckDB lets one process write a file and locks everyone else out meanwhile. Analysts and BI tools
therefore read warehouse/published/budget.duckdb, replaced only after a run has finished: a reader
keeps the copy it opened (the old file stays intact until it closes it) and never sees a half-loaded
state. The marts are also written as Parquet, one file per mart, swapped in the same way.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb

from .. import settings


def published_dir(warehouse: Path) -> Path:
    return settings.published(warehouse)


def publish(warehouse: Path) -> Path:
    """Copy the finished warehouse and its marts for readers; returns the published database path."""
    out = published_dir(warehouse)
    out.mkdir(parents=True, exist_ok=True)
    target = out / warehouse.name
    staging = out / f".{warehouse.name}.incoming"
    shutil.copyfile(warehouse, staging)
    with duckdb.connect(str(staging)) as con:  # the copy, not the warehouse: no lock on either for readers
        marts = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'marts' ORDER BY 1").fetchall()]
        parquet_new = out / ".parquet.incoming"
        shutil.rmtree(parquet_new, ignore_errors=True)
        parquet_new.mkdir()
        for mart in marts:
            con.execute(f"COPY marts.{mart} TO '{parquet_new / (mart + '.parquet')}' (FORMAT parquet)")
    os.replace(staging, target)  # atomic on one filesystem
    parquet = out / "parquet"
    retired = out / ".parquet.retired"
    shutil.rmtree(retired, ignore_errors=True)
    if parquet.exists():
        os.replace(parquet, retired)
    os.replace(parquet_new, parquet)
    shutil.rmtree(retired, ignore_errors=True)
    return target
