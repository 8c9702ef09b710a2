"""The Dagster instance of `make run` and `make dev`: DAGSTER_HOME (default .dagster/ here) and its dagster.yaml.

The yaml is written by the project: its storage is Dagster's SQLite layout (history/, history/runs/,
schedules/), with the event log kept open between events (pipelines/orchestration/event_log.py), and its one
concurrency pool lets a single process write DuckDB. A dagster.yaml that does not start with OURS is
somebody's own (the distributed profile's, deploy/dagster.yaml) and is never touched.
"""

from __future__ import annotations

import os
from pathlib import Path

from .. import settings
from ..paths import ROOT

DEFAULT_DAGSTER_HOME = ROOT / ".dagster"
# every version of the project began its yaml with OURS (the first: "…`make dev`)."); a yaml that does not
# is somebody's own
OURS = "# Dagster instance of this project (`make run`, `make dev`)"
HEADER = OURS + ", written by the project (pipelines/orchestration/instance.py): edits are replaced."
DAGSTER_YAML = """\
{header}
run_storage:
  module: dagster._core.storage.runs
  class: SqliteRunStorage
  config:
    base_dir: {home}/history
event_log_storage:
  module: pipelines.orchestration.event_log
  class: PooledSqliteEventLogStorage
  config:
    base_dir: {home}/history/runs
schedule_storage:
  module: dagster._core.storage.schedules
  class: SqliteScheduleStorage
  config:
    base_dir: {home}/schedules
concurrency:
  pools:
    # The only pool is duckdb_writer: DuckDB allows a single writing process per file.
    default_limit: 1
telemetry:
  enabled: false
"""


def instance_yaml(home: Path) -> str:
    return DAGSTER_YAML.format(header=HEADER, home=home.as_posix())


def ensure_dagster_home() -> Path:
    """DAGSTER_HOME, created or brought up to date with the project's dagster.yaml, set in os.environ."""
    home = Path(settings.dagster_home() or DEFAULT_DAGSTER_HOME).resolve()
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    wanted = instance_yaml(home)
    present = config.read_text() if config.exists() else None
    if present is None or (present.startswith(OURS) and present != wanted):
        config.write_text(wanted)
    os.environ["DAGSTER_HOME"] = str(home)
    return home
