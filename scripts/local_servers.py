"""The distributed profile's servers started on this machine's loopback, for its test and `make bench`:
Redis (the Celery broker), a throwaway PostgreSQL cluster (Dagster's storage), moto's S3 server (the
extraction cache's bucket), and Celery workers as processes of their own. Every server binds to
127.0.0.1 on a free port, its password is made here, and everything is stopped on leaving.
In production these are real servers (README, "Past one machine")."""

from __future__ import annotations

import importlib.util
import logging
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

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path("/usr/lib/postgresql")
BUCKET = "budget"


def pg_tool(tool: str) -> Path | None:
    found = shutil.which(tool)
    if found:
        return Path(found)
    versions = sorted(PG_BIN.glob(f"*/bin/{tool}"))
    return versions[-1] if versions else None


def missing() -> str | None:
    """Why the profile cannot run here, or None."""
    if not shutil.which("redis-server"):
        return "redis-server is not installed (Debian package redis-server; .ci/run installs it)"
    if pg_tool("initdb") is None or not shutil.which("psql"):
        return "PostgreSQL is not installed (Debian package postgresql; .ci/run installs it)"
    for module in ("dagster_celery", "dagster_postgres", "psycopg2", "moto", "s3fs", "redis"):
        if importlib.util.find_spec(module) is None:
            return f"the Python package {module} is not installed (requirements.lock)"
    return None


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
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {seconds} s")


def _as_postgres(args: list) -> list[str]:
    """initdb and postgres refuse to run as root: run them as the postgres user there."""
    return ["runuser", "-u", "postgres", "--", *map(str, args)] if os.geteuid() == 0 else list(map(str, args))


@contextmanager
def redis(work: Path):
    port = _port()
    server = subprocess.Popen(["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no",
                               "--dir", str(work)], stdout=subprocess.DEVNULL)
    try:
        _wait_port(port)
        yield {"BUDGET_CELERY_BROKER": f"redis://127.0.0.1:{port}/0"}
    finally:
        server.terminate()
        server.wait(10)


@contextmanager
def postgres():
    """A throwaway cluster with a role whose password is made here, and a database for Dagster. Its folder
    is a fresh temporary one (as root, the server runs as the postgres user, who must reach it)."""
    base, port, password = Path(tempfile.mkdtemp(prefix="budget-pg-")), _port(), secrets.token_urlsafe(16)
    (base / "pwfile").write_text(password)
    if os.geteuid() == 0:
        for path in (base, base / "pwfile"):
            shutil.chown(path, "postgres")
    subprocess.run(_as_postgres([pg_tool("initdb"), "-D", base / "data", "-U", "budget", "--pwfile", base / "pwfile",
                                 "--auth", "scram-sha-256"]), check=True, stdout=subprocess.DEVNULL)
    server = subprocess.Popen(_as_postgres([pg_tool("postgres"), "-D", base / "data", "-p", port, "-c", "listen_addresses=127.0.0.1",
                                            "-c", f"unix_socket_directories={base}"]), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    env = {"BUDGET_PG_HOST": "127.0.0.1", "BUDGET_PG_PORT": str(port), "BUDGET_PG_DB": "dagster", "BUDGET_PG_USER": "budget",
           "BUDGET_PG_PASSWORD": password}
    try:
        _wait_port(port)
        for _ in range(100):  # it accepts connections a moment after it listens
            if psql(env, "create database dagster", database="postgres").returncode == 0:
                break
            time.sleep(0.2)
        yield env
    finally:
        server.terminate()
        server.wait(30)
        shutil.rmtree(base, ignore_errors=True)


def psql(env: dict, sql: str, database: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["psql", "-h", env["BUDGET_PG_HOST"], "-p", env["BUDGET_PG_PORT"], "-U", env["BUDGET_PG_USER"],
                           "-d", database or env["BUDGET_PG_DB"], "-At", "-c", sql],
                          env={**os.environ, "PGPASSWORD": env["BUDGET_PG_PASSWORD"]}, capture_output=True, text=True)


@contextmanager
def s3():
    """moto's S3 server in a thread of this process, with the bucket; credentials made here."""
    import boto3
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # its line per request would drown what the caller prints
    port = _port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    env = {"AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}", "AWS_ACCESS_KEY_ID": secrets.token_hex(8),
           "AWS_SECRET_ACCESS_KEY": secrets.token_hex(16), "AWS_DEFAULT_REGION": "us-east-1"}
    try:
        boto3.client("s3", endpoint_url=env["AWS_ENDPOINT_URL"], aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
                     aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"], region_name="us-east-1").create_bucket(Bucket=BUCKET)
        yield env
    finally:
        server.stop()


@contextmanager
def servers(work: Path):
    """Redis, PostgreSQL and S3: the environment that reaches them."""
    with ExitStack() as stack:
        yield {**stack.enter_context(redis(work)), **stack.enter_context(postgres()), **stack.enter_context(s3())}


def profile_env(servers_env: dict, work: Path, raw: Path, **extra: str) -> dict[str, str]:
    """What every process of the profile reads: the servers, an instance of its own (deploy/dagster.yaml),
    the warehouse, the cache in the bucket, and the folder of PDFs (the same path on every worker)."""
    home = work / "dagster"
    home.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "deploy" / "dagster.yaml", home / "dagster.yaml")
    return {**os.environ, **servers_env, "BUDGET_EXECUTOR": "celery", "DAGSTER_HOME": str(home),
            "BUDGET_WAREHOUSE": str(work / "budget.duckdb"), "BUDGET_CACHE": f"s3://{BUCKET}/{work.name}/cache",
            "BUDGET_REPORTS": str(work / "reports"), "BUDGET_RAW": str(raw), **extra}


@contextmanager
def workers(env: dict, logs: Path, count: int = 2):
    """`count` workers, each a process group of its own, logging to logs/w<n>.log; the first also takes the
    single-writer steps. Yields {name: (process, log)}."""
    started = {}
    for n in range(1, count + 1):
        name, log = f"w{n}", logs / f"w{n}.log"
        queues = "dagster,writer" if n == 1 else "dagster"
        with open(log, "w") as out:
            started[name] = (subprocess.Popen(
                [str(Path(sys.executable).with_name("celery")), "-A", "pipelines.worker", "worker", "-Q", queues, "--pool", "solo",
                 "-n", f"{name}@%h", "--loglevel", "INFO", "--without-gossip", "--without-mingle"],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True), log)
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
