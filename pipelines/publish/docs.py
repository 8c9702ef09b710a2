"""The dbt documentation site (`dbt docs generate --static`), generated only when what it shows changed:
the dbt project, or the columns of the models it documents. `make docs` generates it when missing."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import duckdb

from ..load.fingerprints import dbt_fingerprint
from ..paths import DBT_DIR, DOCS_DIR

SITE = DOCS_DIR / "static_index.html"
STAMP = DOCS_DIR / ".inputs"
DOCUMENTED_SCHEMAS = ("staging", "intermediate", "marts", "reference")


def docs_inputs(warehouse: Path) -> str:
    """A hash of the dbt project and of every column of the schemas dbt builds (the catalog's contents)."""
    digest = hashlib.sha256(dbt_fingerprint().encode())
    with duckdb.connect(str(warehouse), read_only=True) as con:
        marks = ", ".join("?" for _ in DOCUMENTED_SCHEMAS)
        for row in con.execute(
            "SELECT table_schema, table_name, column_name, data_type FROM information_schema.columns"
            f" WHERE table_schema IN ({marks}) ORDER BY 1, 2, ordinal_position",
            list(DOCUMENTED_SCHEMAS),
        ).fetchall():
            digest.update(repr(row).encode())
    return digest.hexdigest()[:16]


def generate_docs(dbt: str, warehouse: Path, force: bool = False) -> bool:
    """Generate the site unless it is current; True when it was generated. Raises with dbt's output on failure."""
    inputs = docs_inputs(warehouse)  # generating the site changes neither the project nor the columns
    if not force and SITE.exists() and STAMP.exists() and STAMP.read_text().strip() == inputs:
        return False
    result = subprocess.run(
        [dbt, "docs", "generate", "--static", "--profiles-dir", ".", "--target-path", str(DOCS_DIR), "--quiet"],
        cwd=DBT_DIR, capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"dbt docs generate failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    STAMP.write_text(inputs + "\n")
    return True
