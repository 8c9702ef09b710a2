"""The distributed profile run for real on this machine (README, "Past one machine"): Redis, a throwaway
PostgreSQL cluster and an S3-compatible endpoint (moto's server), all on the loopback, and two Celery
workers as processes of their own (scripts/local_servers.py). The main job over the sample and ten corpus
files gives the warehouse the local run gives, row for row; and again with one worker killed (SIGKILL) in
the middle of its step: no file lost, none doubled."""

from __future__ import annotations

import csv
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import CORPUS, ROOT, SAMPLE_PDF, warehouse_differences

sys.path.insert(0, str(ROOT / "scripts"))
from local_servers import missing, profile_env, psql, servers, workers  # noqa: E402

CORPUS_FILES = 10
RUN_SECONDS = 900
SCHEMAS = ("raw", "intermediate", "marts")
# a step taken but not acknowledged goes back to the queue after this: above the longest step here (the
# dbt build), so that the killed worker's step is done again within the test
VISIBILITY = "120"
TAKEN = re.compile(r"Task execute_plan\[([0-9a-f-]+)\] received")  # a worker's log line as it takes a step


def _why_not() -> str | None:
    if (why := missing()) is not None:
        return why
    if not (CORPUS / "manifest.tsv").exists():
        return f"no corpus at {CORPUS}: the run reads ten of its files beside the sample"
    return None


pytestmark = pytest.mark.skipif(_why_not() is not None, reason=str(_why_not()))


def _raw(work: Path) -> Path:
    """The sample and the ten corpus files of fewest pages, linked into one folder."""
    raw = work / "raw"
    (raw / "2026").mkdir(parents=True)
    os.symlink(SAMPLE_PDF, raw / "2026" / SAMPLE_PDF.name)
    with open(CORPUS / "manifest.tsv", encoding="utf-8") as fh:
        rows = sorted(csv.DictReader(fh, delimiter="\t"), key=lambda r: (int(r["pages"]), r["file"]))
    for row in rows[:CORPUS_FILES]:
        target = raw / "corpus" / row["file"]
        target.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(CORPUS / row["file"], target)
    return raw


def _cli(raw: Path, env: dict, log: Path) -> subprocess.Popen:
    with open(log, "w") as out:
        return subprocess.Popen([sys.executable, "-m", "pipelines.cli", "run", "--raw", str(raw)], cwd=ROOT, env=env, stdout=out,
                                stderr=subprocess.STDOUT)


def _logs(*folders: Path) -> str:
    return "\n".join(f"--- {p}\n{p.read_text()[-2500:]}" for folder in folders for p in sorted(folder.glob("*.log")))


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """The local run, then the distributed run of the same files, each into a warehouse of its own."""
    work = tmp_path_factory.mktemp("distributed")
    raw = _raw(work)
    local = work / "local"
    local.mkdir()
    env = {**os.environ, "BUDGET_WAREHOUSE": str(local / "budget.duckdb"), "BUDGET_CACHE": str(local / "cache"),
           "DAGSTER_HOME": str(local / "dagster"), "BUDGET_REPORTS": str(local / "reports")}
    assert _cli(raw, env, local / "run.log").wait(RUN_SECONDS) == 0, _logs(local)
    with servers(work) as reached:
        celery = work / "celery"
        celery.mkdir()
        env = profile_env(reached, celery, raw, BUDGET_EXTRACT_BATCH="2", BUDGET_CELERY_VISIBILITY_TIMEOUT=VISIBILITY)
        with workers(env, celery):
            assert _cli(raw, env, celery / "run.log").wait(RUN_SECONDS) == 0, _logs(celery)
        yield work, raw, reached


def test_the_distributed_run_builds_the_warehouse_the_local_run_builds(runs):
    work, _, _ = runs
    assert warehouse_differences(work / "local" / "budget.duckdb", work / "celery" / "budget.duckdb", SCHEMAS) == {}


def test_its_steps_ran_on_both_workers_and_its_runs_are_in_postgresql(runs):
    work, _, reached = runs
    for worker in ("w1", "w2"):
        assert TAKEN.search((work / "celery" / f"{worker}.log").read_text()), _logs(work / "celery")
    jobs = psql(reached, "select pipeline_name, status from runs order by create_timestamp")
    assert jobs.stdout.split() == ["extract_job|SUCCESS", "ingest_disclosure_job|SUCCESS", "dbt_build_job|SUCCESS"], jobs.stderr


def test_a_worker_killed_mid_step_loses_and_doubles_nothing(runs):
    work, raw, reached = runs
    killed = work / "killed"
    killed.mkdir()
    env = profile_env(reached, killed, raw, BUDGET_EXTRACT_BATCH="2", BUDGET_CELERY_VISIBILITY_TIMEOUT=VISIBILITY)
    with workers(env, killed) as started:
        run = _cli(raw, env, killed / "run.log")
        victim, log = started["w2"]
        deadline = time.monotonic() + 300
        while not TAKEN.search(log.read_text()) and time.monotonic() < deadline and run.poll() is None:
            time.sleep(0.05)
        assert TAKEN.search(log.read_text()), "w2 never took a step\n" + _logs(killed)
        time.sleep(0.5)  # inside its step
        os.killpg(victim.pid, signal.SIGKILL)
        assert run.wait(RUN_SECONDS) == 0, _logs(killed)
    text = log.read_text()
    received = set(TAKEN.findall(text))
    succeeded = set(re.findall(r"Task execute_plan\[([0-9a-f-]+)\] succeeded", text))
    assert received - succeeded, text  # killed inside a step: the step was done again, by w1
    assert warehouse_differences(work / "local" / "budget.duckdb", killed / "budget.duckdb", SCHEMAS) == {}
