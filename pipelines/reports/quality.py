"""The Markdown quality report of a run (reports/quality/): what each disclosure yielded, and where its figures
disagree."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import duckdb

from ..paths import reports_dir


def _cell(value) -> str:
    return "" if value is None else str(value).replace("|", "/").replace("\n", " ")


def _coverage(r: dict) -> str:
    if r["coverage_pct"] is None:
        return r["coverage_status"] or ""
    return f"{r['coverage_pct']}% ({r['coverage_status']})"


_COLUMNS = """disclosure_id, source_file, duplicate_files, unit_name, fiscal_year, report_kind, scope, metadata_source,
    load_status, load_message, page_count, tables_located, tables_extracted, tables_empty, tables_failed,
    tables_invalid, standard_tables_missing, tables_list, table_problems, data_rows, amounts_printed,
    validation_failures, checks_passed, checks_failed, checks_not_applicable, findings_by_family,
    coverage_printed, coverage_read, coverage_missed_in_tables, coverage_outside_tables,
    coverage_not_printed, coverage_pct, coverage_status, set_role, tables_source_file, set_note"""


def _overview(records: list[dict], failed_checks: list, stamp: str) -> list[str]:
    """The report's head: the counts, and one line per disclosure."""
    lines = [
        f"# Disclosure quality report — {stamp}",
        "",
        f"{len(records)} disclosure(s); {sum(r['load_status'] == 'failed' for r in records)} could not be read; "
        f"{len(failed_checks)} reconciliation check(s) failed; "
        f"{sum(r['coverage_status'] == 'short' for r in records)} read short of what their table pages print.",
        "",
        "Coverage: the amounts the tables' pages print in the text layer that were read into table cells "
        "(marts.rpt_extraction_coverage); *short* means some were not, or something was read that the page does not print.",
        "",
        "| file | unit | year | kind | status | coverage | tables located / extracted / empty / failed / invalid | missing standard tables | rows | amounts | validation failures | checks pass / fail |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in records:
        values = (
            r["source_file"], r["unit_name"], r["fiscal_year"], r["report_kind"], r["load_status"], _coverage(r),
            f"{r['tables_located']} / {r['tables_extracted']} / {r['tables_empty']} / {r['tables_failed']} / {r['tables_invalid']}",
            r["standard_tables_missing"] or "none", r["data_rows"], r["amounts_printed"], r["validation_failures"],
            f"{r['checks_passed']} / {r['checks_failed']}",
        )
        lines.append("| " + " | ".join(_cell(v) for v in values) + " |")
    return lines


def _details(r: dict, failed: list) -> list[str]:
    """One disclosure's section: what was located and read, its set, and its failed checks."""
    lines = ["", f"## {r['unit_name'] or r['source_file']} {r['fiscal_year'] or ''} — `{r['source_file']}`", ""]
    lines.append(f"- disclosure `{r['disclosure_id']}`, {r['page_count']} pages, {r['report_kind'] or 'kind unknown'}, {r['scope'] or ''}; metadata from {r['metadata_source']}")
    if r["duplicate_files"]:
        lines.append(f"- the same file was also found as: {r['duplicate_files']} (ingested once)")
    if r["load_status"] == "failed":
        return lines + [f"- **not ingested**: {r['load_message']}"]
    if r["set_role"] == "narrative":
        lines.append(f"- a narrative published apart from its tables: read against `{r['tables_source_file']}`"
                     if r["tables_source_file"] else f"- a narrative without tables: {r['set_note']}")
    lines.append(f"- standard tables missing: {r['standard_tables_missing'] or 'none'}")
    lines += [f"  - {table}" for table in (r["tables_list"] or "").split("; ") if table]
    if r["table_problems"]:
        lines.append(f"- problems: {r['table_problems']}")
    if r["coverage_status"] == "short":
        lines.append(
            f"- **read short**: {r['coverage_read']} of {r['coverage_printed']} printed amounts read; "
            f"{r['coverage_missed_in_tables']} missed inside located tables, {r['coverage_outside_tables']} printed "
            f"outside any located table, {r['coverage_not_printed']} read but not printed (marts.rpt_extraction_coverage)"
        )
    family = None
    if r["findings_by_family"]:
        lines.append(f"- findings by family: {r['findings_by_family']}")
    for _, check_id, description, lhs, rhs, diff, unit, pages, check_family, evidence, severity in failed:
        if check_family != family:  # findings grouped by family: presence, reason, wording … then the arithmetic
            family = check_family
            lines.append(f"- findings, {family}:")
        mark = " (warning)" if severity == "warning" else ""
        lines.append(f"  - ✗ `{check_id}`{mark} {_finding(description, lhs, rhs, diff, unit, pages, evidence)}")
    return lines


def _finding(description, lhs, rhs, diff, unit, pages, evidence) -> str:
    """A failed check in one line: a figure rule with both sides, a text rule with the words that decided it."""
    where = f"pages {pages}" if pages else "no page"
    if unit in ("text", "code"):
        quoted = f" — «{_cell(evidence)}»" if evidence else ""
        return f"{description} ({where}){quoted}"
    return f"{description}: {lhs} vs {rhs} (difference {diff} {unit}; {where})"


def write_quality_report(con: duckdb.DuckDBPyConnection, out_dir: Path | None = None) -> Path:
    """Write reports/quality/<UTC time>.md (and reports/quality/latest.md) from marts.rpt_disclosure_quality."""
    out_dir = out_dir or reports_dir() / "quality"
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    rows = con.execute(f"select {_COLUMNS} from marts.rpt_disclosure_quality order by source_file").fetchall()
    cols = [d[0] for d in con.description]
    records = [dict(zip(cols, r)) for r in rows]
    failed_checks = con.execute(
        """select disclosure_id, check_id, description, lhs_yuan, rhs_yuan, difference_yuan, value_unit, pages_involved,
                  check_family, evidence, severity
           from marts.fct_reconciliation where status = 'fail' order by disclosure_id, check_family, check_id"""
    ).fetchall()
    by_disclosure: dict[str, list[tuple]] = {}
    for row in failed_checks:
        by_disclosure.setdefault(row[0], []).append(row)
    lines = _overview(records, failed_checks, stamp)
    for r in records:
        lines += _details(r, by_disclosure.get(r["disclosure_id"], []))
    text = "\n".join(lines) + "\n"
    path = out_dir / f"{stamp}.md"
    path.write_text(text, encoding="utf-8")
    (out_dir / "latest.md").write_text(text, encoding="utf-8")
    return path
