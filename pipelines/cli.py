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
import logging
import os
import sys
import time
from pathlib import Path

from .console import (
    closing_summary,
    marts_exist,
    report_coverage,
    report_dbt,
    report_held_back,
    report_ingestion,
    report_reconciliation,
    report_sets,
    report_tables,
    table_names,
)
from .runs import (
    build_holding_back,
    ensure_dagster_home,
    ensure_manifest,
    ingest,
    release_abandoned_runs,
    warm_cache,
)
from .plan import unchanged_files
from .warehouse import ROOT

def run(raw: Path, workers: int = 2, strict: bool = False) -> int:
    raw = raw.resolve()
    if not raw.is_dir():
        print(f"error: {raw} is not a folder", file=sys.stderr)
        return 2
    home = ensure_dagster_home()
    os.environ["BUDGET_RAW"] = str(raw)
    ensure_manifest()

    from .assets.disclosures import disclosure_partitions, scan_raw
    from .report import write_quality_report
    from .warehouse import connect, warehouse_path

    started = time.monotonic()
    warehouse = warehouse_path()
    files, skipped_paths = scan_raw(raw)
    todo, unchanged, pages = unchanged_files(files, warehouse)
    marts_built = marts_exist(warehouse)
    print(f"{len(files)} PDF(s) in {raw}: {len(todo)} new or changed, {len(unchanged)} unchanged (not extracted again)")
    if not todo and marts_built:
        print("Nothing to do: the warehouse already holds every PDF and its marts are built.")
        closing_summary([], [], unchanged, skipped_paths, warehouse, None, started)
        return 0

    from dagster import DagsterInstance

    from .definitions import defs

    warm_cache(todo, pages, workers)
    with DagsterInstance.get() as instance:
        release_abandoned_runs(instance)
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
        report_sets(con)
        report_coverage(con)
        if "rpt_disclosure_quality" in table_names(con, "marts"):
            report = write_quality_report(con)
    closing_summary(loaded, failed, unchanged, skipped_paths, warehouse, report, started, len(held))
    return 0 if dbt_result.success else 1


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
