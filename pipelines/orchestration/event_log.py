"""Dagster's SQLite event log, keeping each database's connection open between events.

Dagster's own SqliteEventLogStorage opens and closes a connection for every statement it writes (six per
asset event). Closing the last connection to a WAL database checkpoints it to disk, so a build of ~80
models and ~150 tests spent about half its time writing its own run history. This storage is the same
class, tables and files (runs written by one are read by the other), with one pooled engine per database
file, the most recent few kept open.
"""

from __future__ import annotations

import os
import weakref
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager

from dagster._core.storage.event_log.sqlite.sqlite_event_log import (
    SqliteEventLogStorage,
    SqliteEventLogStorageWatchdog,
)
from dagster._core.storage.sql import create_engine
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS, create_db_conn_string
from dagster._serdes import ConfigurableClassData
from sqlalchemy.engine import Connection, Engine
from watchdog.events import FileSystemEvent
from watchdog.observers import Observer

OPEN_DATABASES = 8  # the index and the runs being written or read now; the `dagster dev` server reads many

_live: weakref.WeakSet[PooledSqliteEventLogStorage] = weakref.WeakSet()


class PooledSqliteEventLogStorage(SqliteEventLogStorage):
    """SqliteEventLogStorage with a pooled engine per database file (dagster.yaml: `event_log_storage`)."""

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None):
        self._engines: OrderedDict[str, Engine] = OrderedDict()
        super().__init__(base_dir, inst_data)
        _live.add(self)

    @classmethod
    def from_config_value(cls, inst_data, config_value):  # noqa: D102
        return cls(inst_data=inst_data, **config_value)

    def _engine(self, shard: str) -> Engine:
        engine = self._engines.pop(shard, None)
        if engine is None:
            engine = create_engine(
                create_db_conn_string(self._base_dir, shard),
                connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS},
            )
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
        self._engines[shard] = engine  # the most recently used last
        while len(self._engines) > OPEN_DATABASES:
            self._engines.popitem(last=False)[1].dispose()
        return engine

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        with self._db_lock:
            with self._engine(shard).connect() as conn, conn.begin():
                yield conn

    def close_databases(self) -> None:
        """Close every open database (before a database file is removed, and when the storage is disposed)."""
        with self._db_lock:
            while self._engines:
                self._engines.popitem()[1].dispose()

    def wipe(self) -> None:
        self.close_databases()
        super().wipe()

    def dispose(self) -> None:
        self.close_databases()
        super().dispose()

    def watch(self, run_id: str, cursor: str | None, callback) -> None:
        """As Dagster's, with a watcher told of writes to the run's WAL too (see _RunWatchdog)."""
        if not self._obs:
            self._obs = Observer()
            self._obs.start()
        watchdog = _RunWatchdog(self, run_id, callback, cursor)
        self._watchers[run_id][callback] = (watchdog, self._obs.schedule(watchdog, self._base_dir, recursive=True))

    def _forget_after_fork(self) -> None:
        # a forked child must not use, nor close, its parent's SQLite connections: it opens its own
        for engine in self._engines.values():
            engine.dispose(close=False)
        self._engines.clear()


class _RunWatchdog(SqliteEventLogStorageWatchdog):
    """Dagster's watcher of one run's events (a `dagster dev` page following a run), woken by writes to the
    run's WAL as well as to its database: with the database kept open, SQLite leaves new events in
    <run>.db-wal until it checkpoints them, and a watcher of <run>.db alone would see them minutes late."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._watched = (self._log_path, self._log_path + "-wal")
        self._patterns = list(self._watched)

    def on_modified(self, event: FileSystemEvent) -> None:
        if event.src_path in self._watched:
            self._process_log()


def _after_fork_in_child() -> None:
    for storage in list(_live):
        storage._forget_after_fork()


os.register_at_fork(after_in_child=_after_fork_in_child)
