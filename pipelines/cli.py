"""Command line: ingest every PDF under raw/, rebuild the dbt models, and print what the warehouse holds.

    python -m pipelines.cli run [--raw raw]
    python -m pipelines.cli docs      (the dbt documentation site, when not current)
    python -m pipelines.cli report [--raw raw] [--open]   (the HTML report, from the warehouse as it is)

The new files load in one run of `ingest_disclosure_job` over their partitions, each file on its own, so
one unusable PDF fails alone and is reported with its reason; then one run builds dbt. The runs execute
in process (or on Celery workers, in the distributed profile: deploy.py), as runs of the instance of
DAGSTER_HOME (default <repo>/.dagster): each loaded file's partition, the staging tables and their checks,
every model and test the build materialized are recorded there, where `dagster dev` shows them. Exit code
0 when the run completed (failed and held-back disclosures are listed
with their reasons), 1 when the dbt build failed (a crash, or a contract test whose rows name no
disclosure; with --strict, any contract test).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path

from . import settings
from .paths import html_index, warehouse_path
from .run.plan import marts_current, scan_raw, unchanged_files
from .orchestration.instance import ensure_dagster_home
from .run.runs import ensure_manifest


def run(raw: Path, workers: int = 2, strict: bool = False, full_refresh: bool = False) -> int:
    raw = raw.resolve()
    if not raw.is_dir():
        print(f"error: {raw} is not a folder", file=sys.stderr)
        return 2
    started = time.monotonic()
    ensure_dagster_home()
    os.environ["BUDGET_RAW"] = str(raw)
    if strict:
        os.environ["BUDGET_STRICT"] = "1"
    if full_refresh:
        os.environ["BUDGET_FULL_REFRESH"] = "1"
    ensure_manifest()
    warehouse = warehouse_path()
    files = scan_raw(raw)
    todo, unchanged, pages = unchanged_files(files, warehouse)
    current = marts_current(warehouse) and not full_refresh
    print(f"{len(files)} PDF(s) in {raw}: {len(todo)} new or changed, {len(unchanged)} unchanged (not extracted again)")
    if not todo and current:
        from .run.console import closing_summary

        print("Nothing to do: the warehouse already holds every PDF and its marts are built from them.")
        closing_summary([], [], unchanged, warehouse, None, started, html=html_index())
        return 0
    if not todo:
        print("The marts are not built from what the warehouse holds (a dbt project change, a build that did not finish,"
              " or --full-refresh).")
    return execute(files, todo, unchanged, pages, workers, strict, started)


def execute(files, todo, unchanged, pages, workers: int, strict: bool, started: float) -> int:
    """Extract, load, build and publish, then report."""
    from .run.console import (
        closing_summary,
        report_coverage,
        report_dbt,
        report_held_back,
        report_ingestion,
        report_reconciliation,
        report_sets,
        report_tables,
        table_names,
    )
    from .reports import write_quality_report
    from .run.runs import build_and_load
    from .load.warehouse import connect

    warehouse = warehouse_path()
    outcome = build_and_load(files, todo, pages, workers, strict)
    report_ingestion(outcome.loaded, outcome.failed)
    report_dbt(outcome.dbt_result, outcome.checks, outcome.materialized, outcome.dbt_log)
    report_held_back(outcome.held, warehouse)
    report = html = None
    with connect(read_only=True) as con:  # only now: every writer has finished
        report_tables(con)
        report_reconciliation(con)
        report_sets(con)
        report_coverage(con)
        if "rpt_disclosure_quality" in table_names(con, "marts"):
            report = write_quality_report(con)
    if outcome.dbt_result.success:  # written by the build job's html_report asset
        html = html_index()
        outcome.phases.update(_report_seconds(outcome.dbt_result))
    closing_summary(
        outcome.loaded, outcome.failed, unchanged, warehouse, report, started, len(outcome.held), outcome.phases,
        html=html,
    )
    return 0 if outcome.dbt_result.success else 1


def _report_seconds(result) -> dict[str, float]:
    """The html_report asset's own time, of the build's (for the summary's phases)."""
    for event in result.get_asset_materialization_events():
        if event.asset_key.to_user_string() == "html_report":
            return {"of which report": float(event.materialization.metadata["seconds"].value)}
    return {}


def docs() -> int:
    from .publish.docs import SITE, generate_docs
    from .paths import dbt_executable

    ensure_manifest()
    if not warehouse_path().exists():
        print("error: no warehouse yet; `make run` builds it first", file=sys.stderr)
        return 2
    generated = generate_docs(dbt_executable(), warehouse_path())
    print(f"{'generated' if generated else 'current'}: {SITE}")
    return 0


def report(raw: Path, open_it: bool) -> int:
    """Write the HTML report from the warehouse as it is (no extraction, no build), and open it."""
    from .reports import write_html_report
    from .load.warehouse import connect

    if not warehouse_path().exists():
        print("error: no warehouse yet; `make run` builds it first", file=sys.stderr)
        return 2
    with connect(read_only=True) as con:
        index, _ = write_html_report(con, raw.resolve())
    print(f"HTML report: {index}")
    if open_it:
        import webbrowser

        if not webbrowser.open(index.as_uri()):
            print("(no browser here: open the file above in one)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipelines.cli", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run_cmd = sub.add_parser("run", help="ingest raw/ PDFs, build dbt, print a summary")
    run_cmd.add_argument("--raw", type=Path, default=settings.raw(), help="folder of disclosure PDFs (default: BUDGET_RAW or raw/)")
    run_cmd.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1), help="parallel extraction processes")
    run_cmd.add_argument(
        "--strict", action="store_true",
        help="fail when rows break a contract test, instead of holding their disclosure back (make test)",
    )
    run_cmd.add_argument(
        "--full-refresh", action="store_true",
        help="build every mart from scratch (a run otherwise rebuilds only the disclosures that changed)",
    )
    sub.add_parser("docs", help="generate the dbt documentation site when it is not current")
    report_cmd = sub.add_parser("report", help="write the HTML report from the warehouse (reports/html) and open it")
    report_cmd.add_argument("--raw", type=Path, default=settings.raw(), help="folder of the disclosure PDFs, for the page crops")
    report_cmd.add_argument("--open", action="store_true", help="open it in a browser")
    args = parser.parse_args(argv)
    if args.command == "docs":
        return docs()
    if args.command == "report":
        return report(args.raw, args.open)
    # Keep the console for the report: Dagster's own notices go to the run logs, not here.
    logging.getLogger("dagster").setLevel(logging.WARNING)
    return run(args.raw, args.workers, args.strict, args.full_refresh)


if __name__ == "__main__":
    sys.exit(main())
