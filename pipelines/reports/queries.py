"""The report's reads of the warehouse: one query per thing shown, grouped by disclosure."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import duckdb

from .models import Disclosure, Finding, Region, SourceFile

_DISCLOSURES = """
    select disclosure_id, source_file, unit_name, fiscal_year, report_kind, load_status, load_message, page_count,
           coverage_pct, coverage_status, coalesce(checks_passed, 0), coalesce(checks_failed, 0)
    from marts.rpt_disclosure_quality order by unit_name nulls last, fiscal_year, source_file"""

_TABLES = """
    select disclosure_id, table_code, table_title, pages, extraction_status
    from staging.stg_raw__located_tables order by disclosure_id, table_seq"""

_FINDINGS = """
    select disclosure_id, check_id, check_family, status, severity, description, lhs_yuan, rhs_yuan, difference_yuan,
           value_unit, tables_involved, pages_involved, evidence
    from marts.fct_reconciliation where status in ('fail', 'unsure')
    order by disclosure_id, check_family, check_id"""

_REGIONS = """
    select disclosure_id, check_id, side, located_by, page_disclosure_id, page_number, x0, y0, x1, y1, printed
    from marts.fct_check_region order by disclosure_id, check_id, region_no"""

# spending by 功能分类 类 and fund scope: the 类 rows the expenditure tables print, this year's total
_SPENDING = """
    select spending.disclosure_id, spending.subject_code, coalesce(any_value(names.subject_name), ''), spending.fund_scope,
           max(spending.amount_yuan)
    from marts.fct_expenditure_by_function as spending
    left join marts.dim_function_subject as names using (subject_code)
    where spending.subject_level = '类' and spending.measure = 'total' and spending.amount_yuan is not null
    group by all order by spending.disclosure_id, spending.subject_code, spending.fund_scope"""

# one unit's 类 totals over the years loaded: all funds where printed, else the general public budget; the
# budget where a year has both a budget and final accounts; printed amounts only (not those a narrative implies)
_YEARS = """
    select years.unit_key, years.fiscal_year, years.subject_code, coalesce(names.subject_name, years.subject_name),
           years.fund_scope, years.amount_yuan
    from marts.fct_subject_by_year as years
    left join marts.dim_function_subject as names using (subject_code)
    where years.subject_level = '类' and years.measure = 'total' and years.amount_yuan is not null
        and years.fund_scope in ('all_funds', 'general_public_budget') and years.source = 'table'
        and years.fiscal_year is not null  -- a file of tables that states no year is on no line of years
    qualify row_number() over (
        partition by years.unit_key, years.fiscal_year, years.subject_code
        order by years.fund_scope = 'all_funds' desc, years.basis = 'budget' desc, years.amount_yuan desc
    ) = 1
    order by years.unit_key, years.subject_code, years.fiscal_year"""


def _pages(text: str | None) -> tuple[int, ...]:
    return tuple(int(p) for p in (text or "").replace(" ", "").split(",") if p.isdigit())


def _regions(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], list[Region]]:
    found: dict[tuple[str, str], list[Region]] = defaultdict(list)
    for d, check, side, by, page_of, page, x0, y0, x1, y1, printed in con.execute(_REGIONS).fetchall():
        found[(d, check)].append(Region(side, by, page_of, page, (x0, y0, x1, y1), printed))
    return found


def _findings(con: duckdb.DuckDBPyConnection) -> dict[str, list[Finding]]:
    regions = _regions(con)
    found: dict[str, list[Finding]] = defaultdict(list)
    for d, check, family, status, severity, text, lhs, rhs, diff, unit, tables, pages, evidence in con.execute(_FINDINGS).fetchall():
        found[d].append(Finding(
            check, family, status, severity, text, lhs, rhs, diff, unit, tables, _pages(pages), evidence,
            tuple(regions.get((d, check), ())),
        ))
    return found


def read_disclosures(con: duckdb.DuckDBPyConnection) -> list[Disclosure]:
    findings = _findings(con)
    tables: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for d, code, title, pages, status in con.execute(_TABLES).fetchall():
        tables[d].append((code, title or "", f"{pages}" + ("" if status == "extracted" else f" ({status})")))
    spending: dict[str, list] = defaultdict(list)
    for d, code, name, scope, amount in con.execute(_SPENDING).fetchall():
        spending[d].append((code, name, scope, amount))
    return [
        Disclosure(*row, tables=tuple(tables.get(row[0], ())), findings=tuple(findings.get(row[0], ())),
                   spending=tuple(spending.get(row[0], ())))
        for row in con.execute(_DISCLOSURES).fetchall()
    ]


def read_years(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[int, str, str, str, object]]]:
    """{unit: [(year, 类 code, name, fund scope, yuan)]} for the units loaded in two years or more."""
    by_unit: dict[str, list] = defaultdict(list)
    for unit, year, code, name, scope, amount in con.execute(_YEARS).fetchall():
        by_unit[unit].append((year, code, name or "", scope, amount))
    return {u: rows for u, rows in by_unit.items() if len({r[0] for r in rows}) >= 2}


def read_sources(con: duckdb.DuckDBPyConnection, raw: Path) -> dict[str, SourceFile]:
    """Each disclosure's PDF under the raw folder, by the key it was loaded under."""
    rows = con.execute("select disclosure_id, source_file, source_sha256 from marts.dim_disclosure").fetchall()
    return {d: SourceFile(d, raw / key, sha) for d, key, sha in rows}
