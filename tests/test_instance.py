"""The project's Dagster instance: its dagster.yaml, and an event log that keeps its databases open."""

from __future__ import annotations

import multiprocessing
import os

import pytest
from dagster import DagsterInstance, asset, define_asset_job, Definitions
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
from sqlalchemy import event
from sqlalchemy.engine import Engine

from pipelines.orchestration.event_log import PooledSqliteEventLogStorage
from pipelines.orchestration.instance import HEADER, ensure_dagster_home


@asset
def numbers() -> list[int]:
    return [1, 2, 3]


@asset
def total(numbers: list[int]) -> int:
    return sum(numbers)


JOB = Definitions(assets=[numbers, total], jobs=[define_asset_job("two_assets")]).resolve_job_def("two_assets")


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster"))
    return ensure_dagster_home()


def _connections_opened(instance: DagsterInstance) -> tuple[str, int]:
    """(run id, connections opened to the event log's databases) of one run of the two-asset job."""
    opened = []

    def count(dbapi_connection, _record):
        files = [row[2] for row in dbapi_connection.execute("PRAGMA database_list").fetchall()]
        opened.extend(f for f in files if os.sep + os.path.join("history", "runs") + os.sep in f)

    event.listen(Engine, "connect", count)
    try:
        result = JOB.execute_in_process(instance=instance)
    finally:
        event.remove(Engine, "connect", count)
    assert result.success
    return result.run_id, len(opened)


def test_the_instance_keeps_its_event_databases_open(home, tmp_path):
    with DagsterInstance.get() as instance:
        assert isinstance(instance.event_log_storage, PooledSqliteEventLogStorage)
        run_id, opened = _connections_opened(instance)
        stored = instance.all_logs(run_id)
    assert len(stored) > 20
    assert opened <= 4, f"{opened} SQLite connections for {len(stored)} events"
    (tmp_path / "plain").mkdir()
    with DagsterInstance.local_temp(str(tmp_path / "plain")) as plain:  # Dagster's own SQLite storage
        _, plain_opened = _connections_opened(plain)
    assert plain_opened >= len(stored), "Dagster's own storage opens a database per event at least"
    # the files are Dagster's own: its SqliteEventLogStorage reads every event the run wrote
    own = SqliteEventLogStorage(str(home / "history" / "runs"))
    assert [e.message for e in own.get_logs_for_run(run_id)] == [e.message for e in stored]


def _store_in_child(home: str, queue) -> None:
    os.environ["DAGSTER_HOME"] = home
    with DagsterInstance.get() as instance:
        queue.put(JOB.execute_in_process(instance=instance).run_id)


def test_a_forked_process_opens_its_own_databases(home):
    with DagsterInstance.get() as instance:
        before, _ = _connections_opened(instance)  # the parent's databases are open when it forks
        queue = multiprocessing.get_context("fork").Queue()
        child = multiprocessing.get_context("fork").Process(target=_store_in_child, args=(str(home), queue))
        child.start()
        child_run = queue.get(timeout=120)
        child.join(timeout=120)
        assert child.exitcode == 0
        after, _ = _connections_opened(instance)  # the parent's connections still work after the child's exit
        runs = {run.run_id for run in instance.get_runs()}
        assert {before, child_run, after} <= runs
        for run_id in (before, child_run, after):
            assert instance.get_run_by_id(run_id).is_success


def test_the_yaml_is_written_and_kept_up_to_date_but_never_someone_elses(tmp_path, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "a"))
    config = ensure_dagster_home() / "dagster.yaml"
    assert config.read_text().startswith(HEADER + "\n")
    assert f"base_dir: {(tmp_path / 'a').resolve().as_posix()}/history/runs" in config.read_text()
    for earlier in ("# Dagster instance of this project (`make run`, `make dev`).",  # as earlier versions wrote it
                    "# Dagster instance of this project (`make run`, `make dev`), written by pipelines/instance.py."):
        config.write_text(earlier + "\nevent_log_storage:\n  module: pipelines.event_log\n")
        ensure_dagster_home()
        assert "module: pipelines.orchestration.event_log" in config.read_text()
    own = "# the distributed profile\nstorage:\n  sqlite:\n    base_dir: /elsewhere\n"
    config.write_text(own)
    ensure_dagster_home()
    assert config.read_text() == own


def _log_entry(run_id: str, message: str):
    import time

    from dagster._core.events.log import EventLogEntry

    return EventLogEntry(error_info=None, level=20, user_message=message, run_id=run_id, timestamp=time.time())


def test_a_watcher_sees_events_written_by_another_process_while_the_database_stays_open(tmp_path):
    """`dagster dev` follows a run written by another process: it must see each event as it is stored, though
    the writer keeps the database open (its events wait in the WAL until SQLite checkpoints them)."""
    import threading

    base = str(tmp_path / "runs")
    writer, reader = PooledSqliteEventLogStorage(base), PooledSqliteEventLogStorage(base)
    writer.store_event(_log_entry("r1", "first"))  # the run's database exists before anyone watches it
    cursor = reader.get_records_for_run("r1").cursor
    seen, arrived = [], threading.Event()

    def callback(entry, _cursor):
        seen.append(entry.user_message)
        arrived.set()

    reader.watch("r1", cursor, callback)
    try:
        # the observer starts watching in a thread of its own: events stored before it does are read with
        # the first one it is told of
        for n in range(8):
            writer.store_event(_log_entry("r1", f"event {n}"))
            if arrived.wait(1.5):
                break
        assert seen, "the watcher was not told of events left in the WAL"
        assert seen == [f"event {i}" for i in range(len(seen))]
    finally:
        reader.end_watch("r1", callback)
        reader.dispose()
        writer.dispose()
