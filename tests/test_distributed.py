"""The distributed profile run for real on this machine (README, "Past one machine"): Redis, a throwaway
PostgreSQL cluster and an S3-compatible endpoint (moto's server), all on the loopback, and two Celery
workers as processes of their own. The main job over the sample and ten corpus files gives the warehouse
the local run gives, row for row; and again with one worker killed (SIGKILL) in the middle of its step:
no file lost, none doubled."""

from __future__ import annotations

import csv
import importlib.util
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from conftest import CORPUS, ROOT, SAMPLE_PDF, warehouse_differences

CORPUS_FILES = 10
PG_BIN = Path("/usr/lib/postgresql")
RUN_SECONDS = 900


def _missing() -> str | None:
    if not shutil.which("redis-server"):
        return "redis-server is not installed (Debian package redis-server; .ci/run installs it)"
    if _pg("initdb") is None:
        return "PostgreSQL's initdb is not installed (Debian package postgresql; .ci/run installs it)"
    for module in ("dagster_celery", "dagster_postgres", "moto", "s3fs", "redis"):
        if importlib.util.find_spec(module) is None:
            return f"the Python package {module} is not installed (requirements.lock)"
    if not (CORPUS / "manifest.tsv").exists():
        return f"no corpus at {CORPUS}: the run reads ten of its files beside the sample"
    return None


def _pg(tool: str) -> Path | None:
    found = shutil.which(tool)
    if found:
        return Path(found)
    versions = sorted(PG_BIN.glob(f"*/bin/{tool}"))
    return versions[-1] if versions else None


pytestmark = pytest.mark.skipif(_missing() is not None, reason=str(_missing()))


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on 127.0.0.1:{port} after {seconds} s")


def _as_postgres(args: list) -> list:
    """initdb and postgres refuse to run as root: run them as the postgres user there."""
    return ["runuser", "-u", "postgres", "--", *map(str, args)] if os.geteuid() == 0 else list(map(str, args))


@contextmanager
def _redis(work: Path):
    port = _port()
    server = subprocess.Popen(["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no",
                               "--dir", str(work)], stdout=subprocess.DEVNULL)
    try:
        _wait_port(port)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(10)


@contextmanager
def _postgres(work: Path):
    """A throwaway cluster: its data folder, a role with a password made here, a database. Its folder is
    outside pytest's (private to this user): as root, the server runs as the postgres user."""
    base, port, password = Path(tempfile.mkdtemp(prefix="budget-pg-")), _port(), secrets.token_urlsafe(16)
    data = base / "data"
    (base / "pwfile").write_text(password)
    if os.geteuid() == 0:
        for path in (base, base / "pwfile"):
            shutil.chown(path, "postgres")
    subprocess.run(_as_postgres([_pg("initdb"), "-D", data, "-U", "budget", "--pwfile", base / "pwfile", "--auth", "scram-sha-256"]),
                   check=True, stdout=subprocess.DEVNULL)
    server = subprocess.Popen(_as_postgres([_pg("postgres"), "-D", data, "-p", port, "-c", "listen_addresses=127.0.0.1",
                                            "-c", f"unix_socket_directories={base}"]), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        _wait_port(port)
        env = {"PGPASSWORD": password}
        for _ in range(50):  # accepting connections a moment after it listens
            if subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "budget", "-d", "postgres", "-c",
                               "create database dagster"], env={**os.environ, **env}, capture_output=True).returncode == 0:
                break
            time.sleep(0.2)
        yield {"BUDGET_PG_HOST": "127.0.0.1", "BUDGET_PG_PORT": str(port), "BUDGET_PG_DB": "dagster",
               "BUDGET_PG_USER": "budget", "BUDGET_PG_PASSWORD": password}
    finally:
        server.terminate()
        server.wait(30)
        shutil.rmtree(base, ignore_errors=True)


@contextmanager
def _s3():
    from moto.server import ThreadedMotoServer

    port = _port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    try:
        env = {"AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}", "AWS_ACCESS_KEY_ID": secrets.token_hex(8),
               "AWS_SECRET_ACCESS_KEY": secrets.token_hex(16), "AWS_DEFAULT_REGION": "us-east-1"}
        import boto3

        boto3.client("s3", endpoint_url=env["AWS_ENDPOINT_URL"], aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
                     aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"], region_name="us-east-1").create_bucket(Bucket="budget")
        yield env
    finally:
        server.stop()


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


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    work = tmp_path_factory.mktemp("servers")
    with ExitStack() as stack:
        broker = stack.enter_context(_redis(work))
        env = {"BUDGET_CELERY_BROKER": broker, **stack.enter_context(_postgres(work)), **stack.enter_context(_s3())}
        yield env


def _run(raw: Path, env: dict, log: Path) -> int:
    with open(log, "w") as out:
        done = subprocess.run([sys.executable, "-m", "pipelines.cli", "run", "--raw", str(raw)], cwd=ROOT, env=env, stdout=out,
                              stderr=subprocess.STDOUT, timeout=RUN_SECONDS)
    return done.returncode


def _profile_env(servers: dict, work: Path, name: str) -> dict:
    """What every process of the profile reads: the servers, the instance, the cache in the bucket, and the
    folder of PDFs (the same path on every worker)."""
    home = work / name / "dagster"
    home.mkdir(parents=True)
    shutil.copy(ROOT / "deploy" / "dagster.yaml", home / "dagster.yaml")
    return {**os.environ, **servers, "BUDGET_EXECUTOR": "celery", "DAGSTER_HOME": str(home),
            "BUDGET_WAREHOUSE": str(work / name / "budget.duckdb"), "BUDGET_CACHE": f"s3://budget/{name}/cache",
            "BUDGET_REPORTS": str(work / name / "reports"), "BUDGET_RAW": str(work / "raw"),
            "BUDGET_EXTRACT_BATCH": "2", "BUDGET_CELERY_VISIBILITY_TIMEOUT": "120"}


@contextmanager
def _workers(env: dict, work: Path):
    """Two workers, each a process group of its own: w1 also takes the single-writer steps."""
    started = {}
    for name, queues in (("w1", "dagster,writer"), ("w2", "dagster")):
        log = work / f"{name}.log"
        started[name] = (subprocess.Popen(
            [str(Path(sys.executable).with_name("celery")), "-A", "pipelines.worker", "worker", "-Q", queues, "--pool", "solo",
             "-n", f"{name}@%h", "--loglevel", "INFO", "--without-gossip", "--without-mingle"],
            cwd=ROOT, env=env, stdout=open(log, "w"), stderr=subprocess.STDOUT, start_new_session=True), log)
    try:
        yield started
    finally:
        for process, _ in started.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def runs(servers, tmp_path_factory):
    """The local run and the distributed run of the same files, each into a warehouse of its own."""
    work = tmp_path_factory.mktemp("distributed")
    raw = _raw(work)
    local_env = {**os.environ, "BUDGET_WAREHOUSE": str(work / "local" / "budget.duckdb"), "BUDGET_CACHE": str(work / "local" / "cache"),
                 "DAGSTER_HOME": str(work / "local" / "dagster"), "BUDGET_REPORTS": str(work / "local" / "reports")}
    assert _run(raw, local_env, work / "local.log") == 0, (work / "local.log").read_text()[-3000:]
    env = _profile_env(servers, work, "celery")
    with _workers(env, work):
        rc = _run(raw, env, work / "celery.log")
    assert rc == 0, (work / "celery.log").read_text()[-3000:]
    return work, raw, servers


def _logs(work: Path) -> str:
    return "\n".join(f"--- {p.name}\n{p.read_text()[-2000:]}" for p in sorted(work.glob("*.log")))


def test_the_distributed_run_builds_the_warehouse_the_local_run_builds(runs):
    work, _, _ = runs
    assert "on Celery" not in (work / "local.log").read_text()
    assert warehouse_differences(work / "local" / "budget.duckdb", work / "celery" / "budget.duckdb", schemas=("raw", "intermediate", "marts")) == {}


def test_the_steps_ran_on_both_workers_and_were_recorded_in_postgres(runs):
    work, _, servers = runs
    w1, w2 = ((work / f"{w}.log").read_text() for w in ("w1", "w2"))
    assert "execute_plan" in w1 and "execute_plan" in w2, _logs(work)
    runs_pg = subprocess.run(["psql", "-h", "127.0.0.1", "-p", servers["BUDGET_PG_PORT"], "-U", "budget", "-d", "dagster", "-At", "-c",
                              "select count(*) from runs where status = 'SUCCESS'"],
                             env={**os.environ, "PGPASSWORD": servers["BUDGET_PG_PASSWORD"]}, capture_output=True, text=True)
    assert int(runs_pg.stdout.strip()) >= 3, runs_pg.stderr  # extraction, load, build


def test_a_worker_killed_mid_step_loses_and_doubles_nothing(runs):
    work, raw, servers = runs
    env = _profile_env(servers, work, "killed")
    with _workers(env, work) as started:
        run = subprocess.Popen([sys.executable, "-m", "pipelines.cli", "run", "--raw", str(raw)], cwd=ROOT, env=env,
                               stdout=open(work / "killed.log", "w"), stderr=subprocess.STDOUT)
        victim, log = started["w2"]
        deadline = time.monotonic() + 300
        while "execute_plan" not in log.read_text() and time.monotonic() < deadline and run.poll() is None:
            time.sleep(0.1)
        assert "execute_plan" in log.read_text(), "w2 never took a step\n" + _logs(work)
        time.sleep(0.5)  # inside its step
        os.killpg(victim.pid, signal.SIGKILL)
        rc = run.wait(RUN_SECONDS)
    assert rc == 0, _logs(work)
    assert warehouse_differences(work / "local" / "budget.duckdb", work / "killed" / "budget.duckdb", schemas=("raw", "intermediate", "marts")) == {}
