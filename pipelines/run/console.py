"""What a run prints: the disclosures ingested or failed, the dbt build, the rows of every table, the
reconciliation findings, the coverage of what the table pages print, and the closing summary."""

from __future__ import annotations

import re
import time
from decimal import Decimal
from pathlib import Path

import duckdb

from ..orchestration.keys import source_path
from ..paths import DOCS_DIR

def _yuan(value) -> str:
    if value is None:
        return "—"
    return f"{Decimal(value):,.2f}"


def indented(text: str, prefix: str = "      ") -> str:
    text = re.sub(r"\x1b\[[0-9;]*m", "", text).strip()  # dbt colours its log lines
    return "\n".join(prefix + line if line.strip() else "" for line in text.splitlines())


def section(title: str) -> None:
    print(f"\n{title}\n{'─' * len(title)}")


def report_ingestion(loaded, failed) -> None:
    partial = sum(bool(info.get("pages_unreadable") or info.get("damage")) for _, info in loaded)
    section(f"Disclosures: {len(loaded)} ingested ({partial} partial), {len(failed)} failed")
    for key, info in loaded:
        kind = {"budget": "部门预算 budget", "final_accounts": "决算 final accounts"}.get(info.get("report_kind"), "?")
        mark = "◐ partial:" if info.get("pages_unreadable") or info.get("damage") else "✓"
        print(f"  {mark} {info.get('unit_name', '?')} {info.get('fiscal_year', '?')} {kind}  [{info.get('disclosure_id')}]")
        if info.get("pages_unreadable"):
            print(f"      pages {info['pages_unreadable']} could not be read (damaged); the others loaded")
        if info.get("damage"):
            print(f"      damaged file: {info['damage']}; its findings are marked unsure")
        print(
            f"      {source_path(key)}: {info.get('pages')} pages, {info.get('tables_located')} tables "
            f"({info.get('table_codes')}), {info.get('cells')} cells"
        )
        if info.get("standard_tables_missing") not in (None, "none"):
            print(f"      standard tables not found: {info['standard_tables_missing']}")
        if info.get("problems"):
            print(f"      {info['problems']} table(s) could not be read (raw.located_tables status 'failed')")
        for q in info["quarantined"]:
            print(f"      ! quarantined: {q}, see raw.validation_failures")
    for key, reason in failed:
        print(f"  ✗ {source_path(key)}\n{indented(reason)}")


def report_dbt(result, checks, materialized, log_path: Path) -> None:
    failed = [c for c in checks if not c.passed]
    errors = [c for c in failed if c.severity.value == "ERROR"]
    status = "succeeded" if result.success else "FAILED"
    warned = len(failed) - len(errors)
    section(
        f"dbt build {status}: {materialized} models/seeds built, {len(checks)} tests, "
        f"{len(errors)} failed, {warned} warned (reconciliation findings warn)"
    )
    for c in failed:
        rows = c.metadata.get("dagster_dbt/failed_row_count")
        count = f", {rows.value} rows" if rows is not None else ""
        level = "error" if c in errors else "warn"
        print(f"  ✗ [{level}] {c.check_name} on {c.asset_key.to_user_string()}{count}")
    if not result.success and not errors:
        from .runs import failure_reason

        print(indented(failure_reason(result), "  "))
    if not result.success:
        print(f"  full dbt output: {log_path}")


def table_names(con, schema: str) -> list[str]:
    return [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = ? ORDER BY table_name", [schema]
        ).fetchall()
    ]


def report_tables(con) -> None:
    for schema in ("raw", "marts"):
        names = table_names(con, schema)
        section(f"Rows in schema {schema}")
        if not names:
            print("  (no tables)")
        width = max((len(n) for n in names), default=0)
        for name in names:
            (count,) = con.execute(f'SELECT count(*) FROM {schema}."{name}"').fetchone()
            print(f"  {name:<{width}}  {count:>9,}")


def report_reconciliation(con) -> None:
    if "fct_reconciliation" not in table_names(con, "marts"):
        return
    section("Reconciliation checks (marts.fct_reconciliation)")
    for status, n in con.execute("SELECT status, count(*) FROM marts.fct_reconciliation GROUP BY 1 ORDER BY 1").fetchall():
        print(f"  {status:<16} {n:>7,}")
    families = con.execute(
        """SELECT check_family, count(*) FILTER (WHERE status = 'fail'), count(*) FILTER (WHERE status = 'pass')
           FROM marts.fct_reconciliation GROUP BY 1 ORDER BY 1"""
    ).fetchall()
    print("  findings by family: " + ", ".join(f"{family} {failed} of {failed + passed}" for family, failed, passed in families))
    failed = con.execute(
        """SELECT coalesce(d.unit_name, '?') || ' ' || coalesce(cast(d.fiscal_year AS VARCHAR), '?'),
                  r.disclosure_id, r.check_id, r.description, r.lhs_yuan, r.rhs_yuan, r.difference_yuan, r.pages_involved,
                  r.value_unit, r.evidence, r.severity
           FROM marts.fct_reconciliation r LEFT JOIN marts.dim_disclosure d USING (disclosure_id)
           WHERE r.status = 'fail'
           ORDER BY 1, 2, r.check_family, 3"""
    ).fetchall()
    if not failed:
        print("  every applicable check holds")
        return
    print(f"\n  {len(failed)} failed check(s):")
    for unit, disclosure_id, check_id, description, lhs, rhs, difference, pages, value_unit, evidence, severity in failed:
        print(f"  ✗ {unit} [{disclosure_id}]  {check_id}" + ("  (warning)" if severity == "warning" else ""))
        print(f"      {description}")
        if value_unit in ("text", "code"):
            print(f"      pages {pages or '—'}" + (f"  «{evidence[:160]}»" if evidence else ""))
            continue
        suffix = " 元" if value_unit == "yuan" else f" {value_unit}"
        print(f"      lhs {_yuan(lhs)}  rhs {_yuan(rhs)}  difference {_yuan(difference)}{suffix}  pages {pages or '—'}")


def report_coverage(con) -> None:
    if "rpt_disclosure_quality" not in table_names(con, "marts"):
        return
    rows = con.execute(
        """SELECT source_file, coverage_read, coverage_printed, coverage_pct, coverage_status,
                  coverage_missed_in_tables, coverage_outside_tables, coverage_not_printed
           FROM marts.rpt_disclosure_quality ORDER BY source_file"""
    ).fetchall()
    read, printed = sum(r[1] for r in rows), sum(r[2] for r in rows)
    section("Coverage: the amounts the table pages print, read into table cells (marts.rpt_extraction_coverage)")
    print(f"  {read:,} of {printed:,} read ({100 * read / max(printed, 1):.2f}%)")
    for source, r_read, r_printed, pct, status, missed, outside, not_printed in rows:
        if status == "short":
            print(f"  ! {source}: {r_read:,}/{r_printed:,} ({pct}%): {missed} missed in tables, "
                  f"{outside} outside any located table, {not_printed} read but not printed")


def report_sets(con) -> None:
    """The files that publish one disclosure together, and the narratives whose tables no loaded file prints."""
    if "dim_disclosure" not in table_names(con, "marts"):
        return
    rows = con.execute(
        """SELECT n.source_file, t.source_file, n.set_decided_by, n.set_note,
                  (SELECT count(*) FROM marts.fct_narrative_claim c WHERE c.disclosure_id = n.disclosure_id),
                  (SELECT count(*) FROM marts.fct_narrative_claim c WHERE c.disclosure_id = n.disclosure_id
                     AND c.linked_table_code IS NOT NULL)
           FROM marts.dim_disclosure n LEFT JOIN marts.dim_disclosure t ON t.disclosure_id = n.tables_disclosure_id
           WHERE n.set_role = 'narrative' ORDER BY 1"""
    ).fetchall()
    if not rows:
        return
    section("Narratives published apart from their tables (marts.dim_disclosure set_*)")
    for narrative, tables, decided_by, note, claims, linked in rows:
        if tables:
            print(f"  ↔ {narrative}\n      tables in {tables} ({decided_by}): {linked} of {claims} claims linked")
        else:
            print(f"  ! {narrative}: {note}")


def report_held_back(held: dict[str, list[str]], warehouse: Path) -> None:
    if not held:
        return
    section(f"Held back: {len(held)} disclosure(s) whose rows break a contract test (the others built)")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        names = dict(con.execute("SELECT disclosure_id, source_file FROM raw.disclosures").fetchall())
    for disclosure_id, tests in held.items():
        print(f"  ✗ {names.get(disclosure_id, disclosure_id)} [{disclosure_id}]: {', '.join(sorted(set(tests)))}")


def marts_exist(warehouse: Path) -> bool:
    if not warehouse.exists():
        return False
    from .plan import has_table

    with duckdb.connect(str(warehouse), read_only=True) as con:
        return has_table(con, "marts", "fct_reconciliation")


def closing_summary(loaded, failed, unchanged, warehouse: Path, report, started: float, held: int = 0,
                    phases: dict[str, float] | None = None, html: Path | None = None) -> None:
    from ..publish.copy import published_dir

    failed_checks = 0
    if marts_exist(warehouse):
        with duckdb.connect(str(warehouse), read_only=True) as con:
            failed_checks = con.execute("SELECT count(*) FROM marts.fct_reconciliation WHERE status = 'fail'").fetchone()[0]
    section("Summary")
    print(f"  ingested:            {len(loaded)}")
    print(f"  unchanged, skipped:  {len(unchanged)}")
    print(f"  failed:              {len(failed)}")
    for key, reason in failed:
        print(f"    {source_path(key)}: {reason.splitlines()[0] if reason else ''}")
    if held:
        print(f"  held back (contract): {held}  (listed above, and in marts.dim_disclosure with the reason)")
    print(f"  reconciliation failures (findings): {failed_checks}")
    print(f"  warehouse:           {warehouse}")
    print(f"  published read-only: {published_dir(warehouse) / warehouse.name} (and Parquet in {published_dir(warehouse) / 'parquet'})")
    if report:
        print(f"  quality report:      {report}")
    if html:
        print(f"  HTML report:         {html}  (make report opens it)")
    print(f"  dbt docs:            {DOCS_DIR / 'static_index.html'}")
    steps = ", ".join(f"{name} {seconds:.1f}s" for name, seconds in (phases or {}).items())
    print(f"  took {time.monotonic() - started:.1f}s" + (f" ({steps})" if steps else ""))
