"""Damaged input never stops a run (tests/damaged_pdfs.py makes the copies): each damaged file is loaded,
loaded partially with the pages it could not read named, or rejected, each with a one-line reason, within
its time and memory bound; a good file beside them loads exactly as it loads alone."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import duckdb
import pytest
from damaged_pdfs import make_all

from conftest import ROOT, SAMPLE_PDF
from pipelines.run.bounded import Bounds, run_bounded
from pipelines.extract.disclosure import extract_disclosure
from pipelines.extract.read.pdf import DisclosureError
from pipelines.load.staging import stage

BOUNDS = Bounds(seconds=120, memory_mb=1536)


def _outcome(item: tuple[str, str]) -> tuple[str, str, str, float]:
    """What reading one file comes to: its staged status and message, or its rejection."""
    name, path = item
    started = time.monotonic()
    try:
        document = stage(extract_disclosure(Path(path)))["disclosures"].frame.iloc[0]
        return name, document["status"], document["message"] or "", time.monotonic() - started
    except DisclosureError as exc:
        return name, "rejected", str(exc), time.monotonic() - started
    except Exception as exc:  # what the test is for: nothing else may escape
        return name, "crashed", f"{type(exc).__name__}: {exc}", time.monotonic() - started


@pytest.fixture(scope="module")
def damaged(tmp_path_factory) -> dict[str, Path]:
    return make_all(tmp_path_factory.mktemp("damaged"))


@pytest.fixture(scope="module")
def outcomes(damaged) -> dict[str, tuple]:
    results: dict[str, tuple] = {}

    def done(item, result, reason):
        results[item[0]] = result or (item[0], "stopped", reason, BOUNDS.seconds)

    run_bounded(_outcome, [(name, str(path)) for name, path in damaged.items()], 2, BOUNDS, done)
    return results


def test_every_damaged_file_is_loaded_partly_loaded_or_rejected_with_a_one_line_reason(damaged, outcomes):
    assert len(damaged) >= 200 and set(outcomes) == set(damaged)
    statuses = Counter(status for _, status, _, _ in outcomes.values())
    assert set(statuses) <= {"loaded", "partial", "rejected"}, [o for o in outcomes.values() if o[1] not in ("loaded", "partial", "rejected")]
    for name, status, message, _ in outcomes.values():
        if status != "loaded":
            assert message and "\n" not in message, (name, message)
    # each kind of damage is seen to do what it does
    assert all(outcomes[f"truncated_{i:02d}"][1] == "rejected" for i in range(60))
    assert statuses["partial"] >= 20  # pages a flipped stream or a zeroed block leaves unreadable are named
    assert outcomes["encrypted"][2].endswith("PDF is encrypted and needs a password")
    assert outcomes["good"][1] == "loaded"


def test_every_file_is_read_within_its_bound(outcomes):
    assert max(seconds for _, _, _, seconds in outcomes.values()) < BOUNDS.seconds


def test_a_file_past_its_bound_is_stopped_and_the_others_go_on():
    results = {}
    run_bounded(_sleep_or_answer, [("slow", "60"), ("quick", "0")], 2, Bounds(seconds=2, memory_mb=1536),
                lambda item, result, reason: results.update({item[0]: (result, reason)}))
    assert results["quick"] == (("quick", "0"), None)
    assert results["slow"][0] is None and "stopped after 2 s" in results["slow"][1]


def _sleep_or_answer(item: tuple[str, str]) -> tuple[str, str]:
    time.sleep(float(item[1]))
    return item


@pytest.fixture(scope="module")
def run_beside_damaged(damaged, tmp_path_factory):
    """The main job over the sample and one damaged copy of each kind."""
    work = tmp_path_factory.mktemp("beside")
    raw = work / "raw"
    raw.mkdir()
    shutil.copy(SAMPLE_PDF, raw / SAMPLE_PDF.name)
    kinds = ["truncated_30", "stream_flip_05", "stream_flip_11", "xref_flip_03", "zeroed_07", "page_unnamed",
             "font_broken", "encrypted", "nested_bomb", "empty_pages"]
    for name in kinds:
        shutil.copy(damaged[name], raw / f"{name}.pdf")
    env = {**os.environ, "BUDGET_WAREHOUSE": str(work / "budget.duckdb"), "DAGSTER_HOME": str(work / "dagster"),
           "BUDGET_CACHE": str(work / "cache")}
    run = subprocess.run([sys.executable, "-m", "pipelines.cli", "run", "--raw", str(raw)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=900)
    return work / "budget.duckdb", run, kinds


def test_the_main_job_over_damaged_files_exits_0_and_names_each(run_beside_damaged):
    warehouse, run, kinds = run_beside_damaged
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = dict(con.execute("select source_file, load_status || ': ' || coalesce(load_message, '') from marts.dim_disclosure").fetchall())
    for name in kinds:
        status, _, message = rows[f"{name}.pdf"].partition(": ")
        assert status in ("loaded", "partial", "failed"), (name, rows[f"{name}.pdf"])
        assert status == "loaded" or (message and "\n" not in message), (name, message)


def test_a_good_file_beside_damaged_ones_loads_exactly_as_alone(run_beside_damaged, sample_warehouse):
    warehouse, _, _ = run_beside_damaged
    tables = ["located_tables", "narrative_claims", "table_identities", "extraction_coverage",
              "t01_income_expenditure_summary", "t05_general_budget_expenditure", "t06_general_budget_basic_expenditure",
              "p01_projects", "p01_indicators"]

    def counts(path: Path) -> dict[str, int]:
        with duckdb.connect(str(path), read_only=True) as con:
            (did,) = con.execute("select disclosure_id from raw.disclosures where source_file like ?", [f"%{SAMPLE_PDF.name}"]).fetchone()
            return {t: con.execute(f"select count(*) from raw.{t} where disclosure_id = ?", [did]).fetchone()[0] for t in tables}

    assert counts(warehouse) == counts(sample_warehouse)
