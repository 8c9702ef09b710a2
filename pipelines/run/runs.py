"""The main job's steps as Dagster runs: the instance, the extraction cache warmed in parallel, one
partition run per disclosure, and the dbt build, holding back a disclosure whose rows break a contract."""

from __future__ import annotations

import contextlib
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path


from ..orchestration.instance import ensure_dagster_home
from ..orchestration.launch import launch
from ..paths import BUILD_TARGET, DBT_DIR, MANIFEST, dbt_executable, dbt_sources

CLI_TAG = "budget/launched_by"


def ensure_manifest() -> None:
    """dbt parse when target/manifest.json is missing or older than a file of the dbt project."""
    if MANIFEST.exists() and MANIFEST.stat().st_mtime >= max(p.stat().st_mtime for p in dbt_sources()):
        return
    print("Parsing the dbt project …", flush=True)
    subprocess.run([dbt_executable(), "parse", "--profiles-dir", str(DBT_DIR), "--quiet"], cwd=DBT_DIR, check=True)


def release_abandoned_runs(instance) -> None:
    """Fail runs left 'started' by an interrupted CLI, so they do not hold the duckdb_writer pool slot."""
    from dagster import DagsterRunStatus, RunsFilter

    stuck = [DagsterRunStatus.NOT_STARTED, DagsterRunStatus.STARTING, DagsterRunStatus.STARTED]
    for run in instance.get_runs(RunsFilter(tags={CLI_TAG: "cli"}, statuses=stuck)):
        instance.report_run_failed(run, "abandoned: the command that started it ended before the run finished")
        instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)


def failure_reason(result) -> str:
    for event in result.get_step_failure_events():
        data = event.step_failure_data
        if data.user_failure_data and data.user_failure_data.description:
            return data.user_failure_data.description
        if data.error:
            cause = data.error.cause or data.error
            return f"{event.step_key}: {cause.message.strip().splitlines()[0]}"
    return "run failed (see the Dagster run log)"


class Progress:
    """One line per finished disclosure: pages done, elapsed, and an estimate of the time left."""

    def __init__(self, label: str, pages: dict[str, int]):
        self.label, self.pages, self.total = label, pages, sum(pages.values()) or 1
        self.done_pages, self.done, self.started = 0, 0, time.monotonic()

    def step(self, key: str, note: str = "") -> None:
        self.done += 1
        self.done_pages += self.pages.get(key, 0)
        elapsed = time.monotonic() - self.started
        eta = elapsed / max(self.done_pages, 1) * (self.total - self.done_pages)
        print(
            f"  {self.label} [{self.done}/{len(self.pages)}] {self.done_pages}/{self.total} pages, "
            f"{elapsed:.0f}s, ETA {eta:.0f}s  {key}{note}",
            flush=True,
        )


def _warm_one(item: tuple[str, str]) -> tuple[str, str | None]:
    """Extract, validate and stage one PDF (in a worker process), leaving its validated tables as Parquet
    for the single writer; a file that cannot be used is staged as its failure, with its reason."""
    from ..load.prepared import prepare

    key, path = item
    prepared = prepare(key, Path(path))
    return key, "rejected" if prepared.failed else "staged"


def warm_cache(files: dict[str, Path], pages: dict[str, int], workers: int) -> None:
    """Extraction, validation and staging are the slow part and independent per PDF: run them in parallel
    processes, each bounded in time and memory, filling the cache that the load then reads. A file stopped
    at a bound is recorded as failed in the cache, so its run reports it without reading it again. DuckDB
    writes stay in the single writer."""
    from .bounded import bounds_from_env, run_bounded
    from ..load.cache import store_failure
    from ..extract import disclosure  # noqa: F401  (imported once here, each forked worker inherits it)
    from ..extract.read.pdf import sha256_of
    from ..load.prepared import before_fork

    # the longest first, so that no long file is left running alone at the end
    todo = sorted(((key, str(path)) for key, path in files.items()), key=lambda item: -pages.get(item[0], 0))
    if not todo:
        return
    progress = Progress("extract", {k: pages.get(k, 0) for k, _ in todo})
    before_fork()  # each process is forked from this one: what they all need is built here once

    def done(item: tuple[str, str], result, reason: str | None) -> None:
        key, path = item
        if reason is not None:
            store_failure(sha256_of(Path(path)), reason)
        progress.step(key, f" ({(result or (key, None))[1] or reason or 'unreadable'})")

    run_bounded(_warm_one, todo, workers, bounds_from_env(), done)


def _by_partition(result, event_type: str) -> dict[str, dict]:
    """{partition: metadata} of the disclosure_extraction events of one type in a run."""
    from ..orchestration.assets.disclosures import EXTRACTION_KEY

    found = {}
    for event in result.all_events:
        if event.event_type_value == event_type and event.asset_key == EXTRACTION_KEY:
            data = event.event_specific_data
            record = getattr(data, "materialization", None) or getattr(data, "asset_observation", None)
            found[record.partition] = {k: v.value for k, v in record.metadata.items()}
    return found


def ingest(instance, files: dict[str, Path]) -> tuple[list[tuple[str, dict]], list[tuple[str, str]], float]:
    """Load the files in one run of the ingestion job over their partitions (registered in this order
    first, so that they form one range): each file loads or fails on its own, and one run's overhead is
    paid once, not per file."""
    from dagster._core.storage.tags import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG

    keys = list(files)
    started = time.monotonic()
    tags = {CLI_TAG: "cli", ASSET_PARTITION_RANGE_START_TAG: keys[0], ASSET_PARTITION_RANGE_END_TAG: keys[-1]}
    result = launch("ingest_disclosure_job", instance, tags=tags)
    writer = next((float(e.materialization.metadata["writer_seconds"].value) for e in result.get_asset_materialization_events()
                   if e.asset_key.path == ["raw", "disclosures"] and "writer_seconds" in e.materialization.metadata), 0.0)
    loaded_info = _by_partition(result, "ASSET_MATERIALIZATION")
    rejected = _by_partition(result, "ASSET_OBSERVATION")
    loaded, failed = [], []
    for key in keys:
        if key in loaded_info:
            loaded.append((key, loaded_info[key]))
        elif key in rejected:
            failed.append((key, rejected[key]["failed"]))
        else:  # the run stopped before this file (or the one file of the run failed)
            failed.append((key, failure_reason(result)))
    per = f", the writer {1000 * writer / len(keys):.1f} ms per file" if keys else ""
    print(f"  load: {len(loaded)} loaded, {len(failed)} failed, {time.monotonic() - started:.0f}s{per}", flush=True)
    return loaded, failed, writer


def build_dbt(instance, log_path: Path):
    # dbt's own console output goes to a log file; the report lists what matters.
    log_path.parent.mkdir(parents=True, exist_ok=True)
    (BUILD_TARGET / "run_results.json").unlink(missing_ok=True)  # never read a former build's results as this one's
    with open(log_path, "w", encoding="utf-8") as log, contextlib.redirect_stdout(log):
        result = launch("dbt_build_job", instance, tags={CLI_TAG: "cli"})
    checks = result.get_asset_check_evaluations()
    materialized = len(result.get_asset_materialization_events())
    return result, checks, materialized


def build_holding_back(instance, log_path: Path, warehouse: Path, strict: bool):
    """dbt build; where rows of some disclosures break a contract test, hold those back and build again
    (strict: fail instead, as `make test` does). Returns the last build and the disclosures held back."""
    from .contracts import hold_back_breakers, run_results

    held: dict[str, list[str]] = {}
    for _ in range(3):
        result, checks, materialized = build_dbt(instance, log_path)
        if result.success or strict:
            break
        breakage = hold_back_breakers(warehouse, run_results())
        if breakage.unattributed or not breakage.held_back:
            break
        held.update(breakage.held_back)
        print(f"  held back {len(breakage.held_back)} disclosure(s) whose rows break a contract test; building again …", flush=True)
    return result, checks, materialized, held


@dataclass
class Outcome:
    """What one run of the main job did, for the report."""

    dbt_result: object
    dbt_log: Path
    loaded: list[tuple[str, dict]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    checks: list = field(default_factory=list)
    materialized: int = 0
    held: dict[str, list[str]] = field(default_factory=dict)
    phases: dict[str, float] = field(default_factory=dict)  # seconds of extract, load, build (dbt, sets, publish)


def register_partitions(instance, name: str, todo: list[str], files: list[str]) -> None:
    """The files to load as the last partitions, in this order, so that the load's partition range is
    exactly them (a range runs from one key to another in the instance's order): those known from
    earlier runs are taken out and added again; then the other files of raw/ not known yet."""
    known = set(instance.get_dynamic_partitions(name))
    for key in todo:
        if key in known:
            instance.delete_dynamic_partition(name, key)
    instance.add_dynamic_partitions(name, todo)
    loading = set(todo)
    if rest := [k for k in files if k not in known and k not in loading]:
        instance.add_dynamic_partitions(name, rest)
    order = instance.get_dynamic_partitions(name)
    if todo and order[order.index(todo[0]):order.index(todo[-1]) + 1] != todo:
        raise RuntimeError(f"the partitions of the {len(todo)} file(s) to load are not one range in the instance "
                           "(another process added partitions meanwhile): run again")


def build_and_load(files: dict[str, Path], todo: dict[str, Path], pages: dict[str, int], workers: int, strict: bool) -> Outcome:
    """Extract the new files (in parallel processes here, or as steps on the workers in the distributed
    profile), load them in one partition run, then build dbt (holding back a disclosure whose rows break a
    contract). The load and the build are runs of DAGSTER_HOME's instance, where `dagster dev` shows each
    file's partition, the staging tables with their pandera checks, and the models with their tests."""
    from dagster import DagsterInstance

    from ..orchestration.assets.disclosures import disclosure_partitions
    from ..orchestration.deploy import distributed
    from ..orchestration.launch import extract_distributed
    from ..load.warehouse import warehouse_path

    home = ensure_dagster_home()
    with DagsterInstance.get() as instance:
        release_abandoned_runs(instance)
        register_partitions(instance, disclosure_partitions.name, list(todo), list(files))
        clock = time.monotonic()
        if distributed() and todo:
            longest_first = sorted(todo, key=lambda key: -pages.get(key, 0))
            if unfinished := extract_distributed(instance, longest_first, {CLI_TAG: "cli"}):
                print(f"  extraction: {len(unfinished)} file(s) in steps that did not finish; the load reads them itself", flush=True)
        else:
            warm_cache(todo, pages, workers)
        phases = {"extract": time.monotonic() - clock}
        loaded, failed, writer = [], [], 0.0
        clock = time.monotonic()
        if todo:
            print(f"Loading {len(todo)} disclosure(s) into {warehouse_path()}", flush=True)
            loaded, failed, writer = ingest(instance, todo)
        phases["load"] = time.monotonic() - clock
        phases["of which writer"] = writer
        print("Building the dbt models and publishing the warehouse …", flush=True)
        dbt_log = home / "dbt_build.log"
        clock = time.monotonic()
        result, checks, materialized, held = build_holding_back(instance, dbt_log, warehouse_path(), strict)
        phases["build"] = time.monotonic() - clock
    return Outcome(result, dbt_log, loaded, failed, checks, materialized, held, phases)
