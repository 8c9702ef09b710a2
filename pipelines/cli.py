"""Command line: ingest every PDF under raw/, rebuild the dbt models, and print what the warehouse holds.

    python -m pipelines.cli run [--raw raw]

Each disclosure runs as its own partition of `ingest_disclosure_job`, so one unusable PDF fails alone
and is reported with its reason. Runs are recorded in DAGSTER_HOME (default <repo>/.dagster), where
`dagster dev` shows them too. Exit code 0 when the run completed (failed and held-back disclosures are listed with their reasons),
1 when the dbt build failed (a crash, or a contract test whose rows name no disclosure; with --strict, any
contract test).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from decimal import Decimal
from pathlib import Path

import duckdb

from .warehouse import ROOT

DEFAULT_DAGSTER_HOME = ROOT / ".dagster"
DAGSTER_YAML = """\
# Dagster instance of this project (`make run`, `make dev`).
concurrency:
  pools:
    # The only pool is duckdb_writer: DuckDB allows a single writing process per file.
    default_limit: 1
telemetry:
  enabled: false
"""
CLI_TAG = "budget/launched_by"
# failures are collected from the results and reported once, in the summary
QUIET = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}


def ensure_dagster_home() -> Path:
    """DAGSTER_HOME (default <repo>/.dagster), created with a dagster.yaml limiting the DuckDB writers to one."""
    home = Path(os.environ.get("DAGSTER_HOME") or DEFAULT_DAGSTER_HOME).resolve()
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text(DAGSTER_YAML)
    os.environ["DAGSTER_HOME"] = str(home)
    return home


def _ensure_manifest() -> None:
    """dbt parse when target/manifest.json is missing or older than the dbt project's files."""
    from .resources import DBT_DIR, dbt_executable, dbt_project

    manifest = dbt_project().manifest_path
    sources = [p for d in ("models", "seeds", "macros", "tests") for p in (DBT_DIR / d).rglob("*") if p.is_file()]
    sources.append(DBT_DIR / "dbt_project.yml")
    if manifest.exists() and manifest.stat().st_mtime >= max(p.stat().st_mtime for p in sources):
        return
    print("Parsing the dbt project …")
    subprocess.run([dbt_executable(), "parse", "--profiles-dir", str(DBT_DIR), "--quiet"], cwd=DBT_DIR, check=True)


def _release_abandoned_runs(instance) -> None:
    """Fail runs left 'started' by an interrupted CLI, so they do not hold the duckdb_writer pool slot."""
    from dagster import DagsterRunStatus, RunsFilter

    stuck = [DagsterRunStatus.NOT_STARTED, DagsterRunStatus.STARTING, DagsterRunStatus.STARTED]
    for run in instance.get_runs(RunsFilter(tags={CLI_TAG: "cli"}, statuses=stuck)):
        instance.report_run_failed(run, "abandoned: the command that started it ended before the run finished")
        instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)


def _failure_reason(result) -> str:
    for event in result.get_step_failure_events():
        data = event.step_failure_data
        if data.user_failure_data and data.user_failure_data.description:
            return data.user_failure_data.description
        if data.error:
            cause = data.error.cause or data.error
            return f"{event.step_key}: {cause.message.strip().splitlines()[0]}"
    return "run failed (see the Dagster run log)"


def _meta(result, node: str) -> dict:
    events = result.asset_materializations_for_node(node)
    return {k: v.value for k, v in events[0].metadata.items()} if events else {}


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
    """Extract one PDF into the cache (in a worker process); a broken PDF is left for its run to report."""
    from .cache import extract_cached
    from .extract.pdf import DisclosureError

    key, path = item
    try:
        _, cached = extract_cached(Path(path), key)
    except DisclosureError:
        return key, None
    return key, "cached" if cached else "extracted"


def warm_cache(files: dict[str, Path], pages: dict[str, int], workers: int) -> None:
    """Extraction is the slow part and independent per PDF: run it in parallel processes, filling the cache
    that the partition runs then read. DuckDB writes stay in the serialized runs."""
    todo = [(key, str(path)) for key, path in files.items()]
    if not todo:
        return
    progress = Progress("extract", {k: pages.get(k, 0) for k, _ in todo})
    if workers <= 1 or len(todo) == 1:
        for item in todo:
            key, how = _warm_one(item)
            progress.step(key, f" ({how or 'unreadable'})")
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(_warm_one, item) for item in todo]
        for future in as_completed(futures):
            key, how = future.result()
            progress.step(key, f" ({how or 'unreadable'})")


def ingest(defs, instance, files: dict[str, Path], pages: dict[str, int]) -> tuple[list[tuple[str, dict]], list[tuple[str, str]]]:
    job = defs.resolve_job_def("ingest_disclosure_job")
    loaded, failed = [], []
    progress = Progress("load", {k: pages.get(k, 0) for k in files})
    for key in files:
        result = job.execute_in_process(
            partition_key=key, instance=instance, raise_on_error=False, run_config=QUIET, tags={CLI_TAG: "cli"}
        )
        progress.step(key, "" if result.success else " (failed)")
        if not result.success:
            failed.append((key, _failure_reason(result)))
            continue
        info = _meta(result, "disclosure_extraction")
        info["quarantined"] = [
            f"raw.{c.asset_key.path[-1]} ({c.metadata['failure_count'].value} failure cases)"
            for c in result.get_asset_check_evaluations()
            if not c.passed and c.check_name == "pandera_schema"
        ]
        loaded.append((key, info))
    return loaded, failed


def unchanged_files(files: dict[str, Path], warehouse: Path) -> tuple[dict[str, Path], dict[str, str], dict[str, int]]:
    """Split files into those to ingest and those whose content the warehouse already holds, as read by
    the current extractor. Returns (to ingest, {unchanged key: disclosure_id}, {key: page count})."""
    from .cache import extractor_fingerprint
    from .extract.pdf import sha256_of

    shas = {key: sha256_of(path) for key, path in files.items()}
    known: dict[tuple[str, str], tuple[str, str | None]] = {}
    if warehouse.exists():
        with duckdb.connect(str(warehouse), read_only=True) as con:
            if con.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'raw' AND table_name = 'disclosures'").fetchone()[0]:
                for source, sha, did, version, duplicates in con.execute(
                    "SELECT source_file, source_sha256, disclosure_id, extractor_version, duplicate_files"
                    " FROM raw.disclosures WHERE status NOT IN ('superseded', 'held_back')"
                ).fetchall():
                    for name in [source, *(duplicates.split("; ") if duplicates else [])]:
                        known[(name, sha)] = (did, version)
    version = extractor_fingerprint()
    todo, skipped = {}, {}
    for key, path in files.items():
        hit = known.get((key, shas[key]))
        if hit and hit[1] == version:
            skipped[key] = hit[0]
        else:
            todo[key] = path
    pages = {}
    for key, path in todo.items():
        try:
            import pypdfium2 as pdfium

            with contextlib.closing(pdfium.PdfDocument(str(path))) as doc:
                pages[key] = len(doc)
        except Exception:
            pages[key] = 0
    return todo, skipped, pages


def build_dbt(defs, instance, log_path: Path):
    # dbt's own console output goes to a log file; the report lists what matters.
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "w", encoding="utf-8") as log, contextlib.redirect_stdout(log):
        result = defs.resolve_job_def("dbt_build_job").execute_in_process(
            instance=instance, raise_on_error=False, run_config=QUIET, tags={CLI_TAG: "cli"}
        )
    checks = result.get_asset_check_evaluations()
    materialized = len(result.get_asset_materialization_events())
    return result, checks, materialized


# ---- report -------------------------------------------------------------------------------------


def _yuan(value) -> str:
    if value is None:
        return "—"
    return f"{Decimal(value):,.2f}"


def _indented(text: str, prefix: str = "      ") -> str:
    text = re.sub(r"\x1b\[[0-9;]*m", "", text).strip()  # dbt colours its log lines
    return "\n".join(prefix + line if line.strip() else "" for line in text.splitlines())


def _section(title: str) -> None:
    print(f"\n{title}\n{'─' * len(title)}")


def report_ingestion(loaded, failed, skipped) -> None:
    _section(f"Disclosures: {len(loaded)} ingested, {len(failed)} failed")
    for key, info in loaded:
        kind = {"budget": "部门预算 budget", "final_accounts": "决算 final accounts"}.get(info.get("report_kind"), "?")
        print(f"  ✓ {info.get('unit_name', '?')} {info.get('fiscal_year', '?')} {kind}  [{info.get('disclosure_id')}]")
        print(
            f"      {key}: {info.get('pages')} pages, {info.get('tables_located')} tables "
            f"({info.get('table_codes')}), {info.get('cells')} cells"
        )
        if info.get("standard_tables_missing") not in (None, "none"):
            print(f"      standard tables not found: {info['standard_tables_missing']}")
        if info.get("problems"):
            print(f"      {info['problems']} table(s) could not be read (raw.located_tables status 'failed')")
        for q in info["quarantined"]:
            print(f"      ! quarantined: {q}, see raw.validation_failures")
    for key, reason in failed:
        print(f"  ✗ {key}\n{_indented(reason)}")
    for path in skipped:
        print(f"  ✗ {path}\n      not ingested: the path contains '...' or a control character")


def report_dbt(result, checks, materialized, log_path: Path) -> None:
    failed = [c for c in checks if not c.passed]
    errors = [c for c in failed if c.severity.value == "ERROR"]
    status = "succeeded" if result.success else "FAILED"
    warned = len(failed) - len(errors)
    _section(
        f"dbt build {status}: {materialized} models/seeds built, {len(checks)} tests, "
        f"{len(errors)} failed, {warned} warned (reconciliation findings warn)"
    )
    for c in failed:
        rows = c.metadata.get("dagster_dbt/failed_row_count")
        count = f", {rows.value} rows" if rows is not None else ""
        level = "error" if c in errors else "warn"
        print(f"  ✗ [{level}] {c.check_name} on {c.asset_key.to_user_string()}{count}")
    if not result.success and not errors:
        print(_indented(_failure_reason(result), "  "))
    if not result.success:
        print(f"  full dbt output: {log_path}")


def _table_names(con, schema: str) -> list[str]:
    return [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = ? ORDER BY table_name", [schema]
        ).fetchall()
    ]


def report_tables(con) -> None:
    for schema in ("raw", "marts"):
        names = _table_names(con, schema)
        _section(f"Rows in schema {schema}")
        if not names:
            print("  (no tables)")
        width = max((len(n) for n in names), default=0)
        for name in names:
            (count,) = con.execute(f'SELECT count(*) FROM {schema}."{name}"').fetchone()
            print(f"  {name:<{width}}  {count:>9,}")


def report_reconciliation(con) -> None:
    if "fct_reconciliation" not in _table_names(con, "marts"):
        return
    _section("Reconciliation checks (marts.fct_reconciliation)")
    for status, n in con.execute("SELECT status, count(*) FROM marts.fct_reconciliation GROUP BY 1 ORDER BY 1").fetchall():
        print(f"  {status:<16} {n:>7,}")
    failed = con.execute(
        """SELECT coalesce(d.unit_name, '?') || ' ' || coalesce(cast(d.fiscal_year AS VARCHAR), '?'),
                  r.disclosure_id, r.check_id, r.description, r.lhs_yuan, r.rhs_yuan, r.difference_yuan, r.pages_involved,
                  r.value_unit
           FROM marts.fct_reconciliation r LEFT JOIN marts.dim_disclosure d USING (disclosure_id)
           WHERE r.status = 'fail'
           ORDER BY 1, 2, 3"""
    ).fetchall()
    if not failed:
        print("  every applicable check holds")
        return
    print(f"\n  {len(failed)} failed check(s):")
    for unit, disclosure_id, check_id, description, lhs, rhs, difference, pages, value_unit in failed:
        suffix = " 元" if value_unit == "yuan" else f" {value_unit}"
        print(f"  ✗ {unit} [{disclosure_id}]  {check_id}")
        print(f"      {description}")
        print(f"      lhs {_yuan(lhs)}  rhs {_yuan(rhs)}  difference {_yuan(difference)}{suffix}  pages {pages or '—'}")


def report_coverage(con) -> None:
    if "rpt_disclosure_quality" not in _table_names(con, "marts"):
        return
    rows = con.execute(
        """SELECT source_file, coverage_read, coverage_printed, coverage_pct, coverage_status,
                  coverage_missed_in_tables, coverage_outside_tables, coverage_not_printed
           FROM marts.rpt_disclosure_quality ORDER BY source_file"""
    ).fetchall()
    read, printed = sum(r[1] for r in rows), sum(r[2] for r in rows)
    _section("Coverage: the amounts the table pages print, read into table cells (marts.rpt_extraction_coverage)")
    print(f"  {read:,} of {printed:,} read ({100 * read / max(printed, 1):.2f}%)")
    for source, r_read, r_printed, pct, status, missed, outside, not_printed in rows:
        if status == "short":
            print(f"  ! {source}: {r_read:,}/{r_printed:,} ({pct}%): {missed} missed in tables, "
                  f"{outside} outside any located table, {not_printed} read but not printed")


# ---- entry point --------------------------------------------------------------------------------


def build_holding_back(defs, instance, log_path: Path, warehouse: Path, strict: bool):
    """dbt build; where rows of some disclosures break a contract test, hold those back and build again
    (strict: fail instead, as `make test` does). Returns the last build and the disclosures held back."""
    from .contracts import hold_back_breakers, run_results

    held: dict[str, list[str]] = {}
    for _ in range(3):
        result, checks, materialized = build_dbt(defs, instance, log_path)
        if result.success or strict:
            break
        breakage = hold_back_breakers(warehouse, run_results(result.run_id))
        if breakage.unattributed or not breakage.held_back:
            break
        held.update(breakage.held_back)
        print(f"  held back {len(breakage.held_back)} disclosure(s) whose rows break a contract test; building again …", flush=True)
    return result, checks, materialized, held


def report_held_back(held: dict[str, list[str]], warehouse: Path) -> None:
    if not held:
        return
    _section(f"Held back: {len(held)} disclosure(s) whose rows break a contract test (the others built)")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        names = dict(con.execute("SELECT disclosure_id, source_file FROM raw.disclosures").fetchall())
    for disclosure_id, tests in held.items():
        print(f"  ✗ {names.get(disclosure_id, disclosure_id)} [{disclosure_id}]: {', '.join(sorted(set(tests)))}")


def run(raw: Path, workers: int = 2, strict: bool = False) -> int:
    raw = raw.resolve()
    if not raw.is_dir():
        print(f"error: {raw} is not a folder", file=sys.stderr)
        return 2
    home = ensure_dagster_home()
    os.environ["BUDGET_RAW"] = str(raw)
    _ensure_manifest()

    from .assets.disclosures import disclosure_partitions, scan_raw
    from .report import write_quality_report
    from .warehouse import connect, warehouse_path

    started = time.monotonic()
    warehouse = warehouse_path()
    files, skipped_paths = scan_raw(raw)
    todo, unchanged, pages = unchanged_files(files, warehouse)
    marts_built = _marts_exist(warehouse)
    print(f"{len(files)} PDF(s) in {raw}: {len(todo)} new or changed, {len(unchanged)} unchanged (not extracted again)")
    if not todo and marts_built:
        print("Nothing to do: the warehouse already holds every PDF and its marts are built.")
        _closing_summary([], [], unchanged, skipped_paths, warehouse, None, started)
        return 0

    from dagster import DagsterInstance

    from .definitions import defs

    warm_cache(todo, pages, workers)
    with DagsterInstance.get() as instance:
        _release_abandoned_runs(instance)
        known = set(instance.get_dynamic_partitions(disclosure_partitions.name))
        missing = [k for k in files if k not in known]
        if missing:
            instance.add_dynamic_partitions(disclosure_partitions.name, missing)
        print(f"Loading {len(todo)} disclosure(s) into {warehouse}")
        loaded, failed = ingest(defs, instance, todo, pages)
        print("Building the dbt models, publishing the warehouse and its documentation …", flush=True)
        dbt_log = home / "dbt_build.log"
        dbt_result, checks, materialized, held = build_holding_back(defs, instance, dbt_log, warehouse, strict)

    report_ingestion(loaded, failed, skipped_paths)
    report_dbt(dbt_result, checks, materialized, dbt_log)
    report_held_back(held, warehouse)
    report = None
    with connect(read_only=True) as con:  # only now: every writer has finished
        report_tables(con)
        report_reconciliation(con)
        report_coverage(con)
        if "rpt_disclosure_quality" in _table_names(con, "marts"):
            report = write_quality_report(con)
    _closing_summary(loaded, failed, unchanged, skipped_paths, warehouse, report, started, len(held))
    return 0 if dbt_result.success else 1


def _marts_exist(warehouse: Path) -> bool:
    if not warehouse.exists():
        return False
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return bool(con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'marts' AND table_name = 'fct_reconciliation'"
        ).fetchone()[0])


def _closing_summary(loaded, failed, unchanged, skipped_paths, warehouse: Path, report, started: float, held: int = 0) -> None:
    from .publish import published_dir

    failed_checks = 0
    if _marts_exist(warehouse):
        with duckdb.connect(str(warehouse), read_only=True) as con:
            failed_checks = con.execute("SELECT count(*) FROM marts.fct_reconciliation WHERE status = 'fail'").fetchone()[0]
    _section("Summary")
    print(f"  ingested:            {len(loaded)}")
    print(f"  unchanged, skipped:  {len(unchanged)}")
    print(f"  failed:              {len(failed) + len(skipped_paths)}")
    for key, reason in failed:
        print(f"    {key}: {reason.splitlines()[0] if reason else ''}")
    if held:
        print(f"  held back (contract): {held}  (listed above, and in marts.dim_disclosure with the reason)")
    print(f"  reconciliation failures (findings): {failed_checks}")
    print(f"  warehouse:           {warehouse}")
    print(f"  published read-only: {published_dir(warehouse) / warehouse.name} (and Parquet in {published_dir(warehouse) / 'parquet'})")
    if report:
        print(f"  quality report:      {report}")
    print(f"  dbt docs:            {ROOT / 'dbt_project' / 'target' / 'docs' / 'static_index.html'}")
    print(f"  took {time.monotonic() - started:.1f}s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipelines.cli", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run_cmd = sub.add_parser("run", help="ingest raw/ PDFs, build dbt, print a summary")
    run_cmd.add_argument("--raw", type=Path, default=ROOT / "raw", help="folder of disclosure PDFs (default: raw/)")
    run_cmd.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1), help="parallel extraction processes")
    run_cmd.add_argument(
        "--strict", action="store_true",
        help="fail when rows break a contract test, instead of holding their disclosure back (make test)",
    )
    args = parser.parse_args(argv)
    # Keep the console for the report: Dagster's own notices go to the run logs, not here.
    logging.getLogger("dagster").setLevel(logging.WARNING)
    return run(args.raw, args.workers, args.strict)


if __name__ == "__main__":
    sys.exit(main())
