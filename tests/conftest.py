"""Shared fixtures: the sample disclosure, and a warehouse built from it once per test session."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_PDF = ROOT / "raw" / "2026" / "昆明海关本级" / "昆明海关本级2026年部门预算.pdf"
SAMPLE_DATA = ROOT / "sample" / "data"
CORPUS = (ROOT.parent / "shared" / "corpus").resolve()
DBT = Path(sys.executable).with_name("dbt")


def dbt_build(warehouse: Path, work: Path) -> subprocess.CompletedProcess:
    """`dbt build` on a warehouse, with its own target folder so the project's manifest is untouched."""
    env = {**os.environ, "BUDGET_WAREHOUSE": str(warehouse)}
    return subprocess.run(
        [str(DBT), "build", "--profiles-dir", ".", "--target-path", str(work / "target"), "--log-path", str(work / "logs")],
        cwd=ROOT / "dbt_project",
        env=env,
        capture_output=True,
        text=True,
    )


def load_pdf(warehouse: Path, pdf: Path):
    from pipelines.extract.disclosure import extract_disclosure
    from pipelines.staging import stage
    from pipelines.warehouse import connect, replace_disclosure

    extraction = extract_disclosure(pdf)
    with connect(warehouse) as con:
        replace_disclosure(con, extraction.document["disclosure_id"], stage(extraction))
    return extraction


@pytest.fixture(scope="session")
def sample_extraction():
    from pipelines.extract.disclosure import extract_disclosure

    return extract_disclosure(SAMPLE_PDF)


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory) -> Path:
    """The sample disclosure loaded into staging and built through every dbt model and test."""
    work = tmp_path_factory.mktemp("warehouse")
    warehouse = work / "budget.duckdb"
    load_pdf(warehouse, SAMPLE_PDF)
    result = dbt_build(warehouse, work)
    assert result.returncode == 0, result.stdout[-4000:]
    return warehouse


@pytest.fixture()
def query(sample_warehouse):
    def run(sql: str, params=None) -> list[tuple]:
        with duckdb.connect(str(sample_warehouse), read_only=True) as con:
            return con.execute(sql, params or []).fetchall()

    return run


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*/*.pdf")) if CORPUS.is_dir() else []


requires_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(),
    reason=f"the shared corpus of real disclosures is not at {CORPUS} (it sits beside the project checkout, not in it)",
)
