"""Shared fixtures: the sample disclosure, and a warehouse built from it once per test session."""

from __future__ import annotations

import os
import shutil
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

# The kind of tests each module holds, for choosing what to run (`make check` runs the unit ones):
#   unit         no warehouse built, no dbt or Dagster run, no server, nothing from ../shared
#   integration  builds a warehouse, runs dbt or a Dagster job, or starts servers or subprocesses
#   corpus       reads the real disclosures of ../shared/corpus (skips where it is absent)
#   browser      drives Chromium (skips where it is absent)
KINDS = {
    "test_bad_input": ("unit",),
    "test_code_layout": ("unit",),
    "test_crawl_reading": ("unit",),
    "test_dbt_layout": ("unit",),
    "test_download": ("unit",),
    "test_geometry": ("unit",),
    "test_load": ("unit",),
    "test_narrative_links": ("unit",),
    "test_narrative_patterns": ("unit",),
    "test_narrative_reading": ("unit",),
    "test_narrative_scope": ("unit",),
    "test_reading_rules": ("unit",),
    "test_sample_pdf": ("unit",),
    "test_settings": ("unit",),
    "test_staging": ("unit",),
    "test_text": ("unit",),
    "test_content_rules": ("integration",),
    "test_contracts": ("integration",),
    "test_damaged_files": ("integration",),
    "test_disclosure_sets": ("integration",),
    "test_incremental": ("integration",),
    "test_instance": ("integration",),
    "test_killed_load": ("integration",),
    "test_killed_run": ("integration",),
    "test_narrative": ("integration",),
    "test_pipeline_job": ("integration",),
    "test_printed_codes": ("integration",),
    "test_publish": ("integration",),
    "test_reconciliation": ("integration",),
    "test_sample_figures": ("integration",),
    "test_sensors": ("integration",),
    "test_distributed": ("integration", "corpus"),
    "test_corpus": ("integration", "corpus"),
    "test_crawl": ("integration", "corpus"),
    "test_report": ("integration", "browser"),
    "test_report_corpus": ("integration", "corpus", "browser"),
}


# Run in parallel (`pytest -n 2 --dist loadgroup`), the tests of one module stay in one worker, so that a
# fixture of the module is made once; so do the modules sharing one of these costly session fixtures.
SHARED_FIXTURES = {"corpus_warehouse": "corpus_warehouse", "job_run": "job_run"}


def pytest_collection_modifyitems(config, items):
    """Every test carries the kinds of its module; a module not listed in KINDS stops the collection."""
    for item in items:
        module = item.module.__name__.rpartition(".")[2]
        if module not in KINDS:
            raise pytest.UsageError(f"tests/{module}.py: say what kind of tests it holds in KINDS (tests/conftest.py)")
        for kind in KINDS[module]:
            item.add_marker(kind)
        shared = [group for name, group in SHARED_FIXTURES.items() if name in getattr(item, "fixturenames", ())]
        item.add_marker(pytest.mark.xdist_group(shared[0] if shared else module))


def dbt_build(warehouse: Path, work: Path, *extra: str) -> subprocess.CompletedProcess:
    """`dbt build` on a warehouse, with its own target folder so the project's manifest is untouched."""
    env = {**os.environ, "BUDGET_WAREHOUSE": str(warehouse)}
    return subprocess.run(
        [str(DBT), "build", "--profiles-dir", ".", "--target-path", str(work / "target"), "--log-path", str(work / "logs"),
         *extra],
        cwd=ROOT / "dbt_project",
        env=env,
        capture_output=True,
        text=True,
    )


def warehouse_differences(a: Path, b: Path, schemas=("marts", "intermediate")) -> dict[str, tuple[int, int, int]]:
    """Per table of the schemas: (rows, rows only in a, rows only in b), where the two warehouses differ
    (a table missing from b counts every row of a)."""
    out = {}
    with duckdb.connect() as con:
        con.execute(f"ATTACH '{a}' AS a (READ_ONLY)")
        con.execute(f"ATTACH '{b}' AS b (READ_ONLY)")
        listed = "SELECT table_schema, table_name FROM information_schema.tables WHERE table_catalog = '{}'" \
                 f" AND table_type = 'BASE TABLE' AND table_schema IN {tuple(schemas)}"
        in_a, in_b = (set(con.execute(listed.format(db)).fetchall()) for db in ("a", "b"))
        for schema, table in sorted(in_a | in_b):
            left, right = f"a.{schema}.{table}", f"b.{schema}.{table}"
            if (schema, table) not in in_a or (schema, table) not in in_b:
                out[f"{schema}.{table}"] = (-1, int((schema, table) in in_a), int((schema, table) in in_b))
                continue
            only_a = con.execute(f"SELECT count(*) FROM (FROM {left} EXCEPT ALL FROM {right})").fetchone()[0]
            only_b = con.execute(f"SELECT count(*) FROM (FROM {right} EXCEPT ALL FROM {left})").fetchone()[0]
            if only_a or only_b:
                out[f"{schema}.{table}"] = (con.execute(f"SELECT count(*) FROM {left}").fetchone()[0], only_a, only_b)
    return out


def load_pdf(warehouse: Path, pdf: Path):
    from pipelines.extract.disclosure import extract_disclosure
    from pipelines.load.staging import stage
    from pipelines.load.warehouse import connect, replace_disclosure

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
    """The hand-counted real disclosures (corpus/manifest.tsv), not the crawl beside them."""
    if not CORPUS.is_dir():
        return []
    rows = (CORPUS / "manifest.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return sorted(CORPUS / row.split("\t", 1)[0] for row in rows if row.strip())


requires_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(),
    reason=f"the shared corpus of real disclosures is not at {CORPUS} (it sits beside the project checkout, not in it)",
)


@pytest.fixture(scope="session")
def corpus_warehouse(tmp_path_factory):
    """The shared corpus ingested and built through every dbt model, once per session."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import corpus_ingest

    work = tmp_path_factory.mktemp("corpus")
    warehouse = work / "budget.duckdb"
    failures = corpus_ingest.ingest(CORPUS, warehouse)
    corpus_ingest.dbt_build(warehouse, work)
    return warehouse, failures


@pytest.fixture(scope="session")
def job_run(tmp_path_factory):
    """`make run` on the sample beside broken PDFs (twice, the second finding nothing new), into a scratch
    warehouse and report folder: (work folder, first run, second run, fct_table_cell rows after the first)."""
    from broken_pdfs import make_all

    work = tmp_path_factory.mktemp("job")
    raw = work / "raw"
    (raw / "2026").mkdir(parents=True)
    shutil.copy(SAMPLE_PDF, raw / "2026" / SAMPLE_PDF.name)
    broken = make_all(work / "broken")
    shutil.copy(broken["truncated"], raw / "2026" / "corrupt.pdf")
    shutil.copy(broken["image_only"], raw / "2026" / "scanned.pdf")
    shutil.copy(broken["not_disclosure"], raw / "notes.pdf")
    shutil.copy(broken["duplicate"], raw / "2026" / "copy_of_budget.pdf")
    shutil.copy(broken["missing_tables"], raw / "2026" / "incomplete.pdf")
    env = {
        **os.environ, "BUDGET_WAREHOUSE": str(work / "budget.duckdb"), "DAGSTER_HOME": str(work / "dagster"),
        "BUDGET_REPORTS": str(work / "reports"),
    }
    cmd = [sys.executable, "-m", "pipelines.cli", "run", "--raw", str(raw)]
    first = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert (work / "budget.duckdb").exists(), f"the first run left no warehouse (rc {first.returncode}):\n" \
        f"{first.stdout[-3000:]}\n{first.stderr[-3000:]}"
    with duckdb.connect(str(work / "budget.duckdb"), read_only=True) as con:
        counts_after_first = con.execute("select count(*) from marts.fct_table_cell").fetchone()
    second = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    return work, first, second, counts_after_first
