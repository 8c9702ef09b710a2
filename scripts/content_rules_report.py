"""How often each content rule applied, passed and failed, per template, over a built warehouse.

usage: python scripts/content_rules_report.py [WAREHOUSE] [--json OUT]

A template is read from the documents, never from file names: the report kind, the style of the tables'
labels (预算N表, 公开表N, 表N, none) and the 收支总表's title without years (收支总体情况表, 收支预算总表 …) of the
disclosure's files; a disclosure whose files print no 收支总表 is "no 收支总表" (a narrative published apart,
a file that is not a disclosure). A rule applied where it passed, failed or was unsure; not_applicable says its
premise was not read (the reason is in the check's description). Prints one table per rule family, and the
empty standard tables that carry no empty_table check (there should be none).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
_T01_TITLE = re.compile(r"(部门|单位|市级部门)?(综合预算|财务)?(收支|收入支出)(预算|决算)?(总体情况)?总?表$")


def _label_style(label: str | None) -> str:
    return re.sub(r"[0-9０-９一二三四五六七八九十]+", "N", label or "").strip("：: ") or "unlabelled"


def _title_style(title: str | None) -> str:
    title = re.sub(r"\d{4}\s*年度?", "", title or "")
    found = _T01_TITLE.search(title)
    return found.group(0) if found else title[-12:]


def templates(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The template of each disclosure that carries content findings (a set's reporting file)."""
    rows = con.execute("""
        select distinct pages.disclosure_id, d.report_kind, t.label, t.table_title
        from intermediate.int_content_pages as pages
        inner join staging.stg_raw__disclosures as d on d.disclosure_id = pages.disclosure_id
        left join staging.stg_raw__located_tables as t on t.disclosure_id = pages.file_disclosure_id and t.table_code = 'T01'
    """).fetchall()
    out: dict[str, str] = {}
    for disclosure_id, kind, label, title in rows:
        key = f"{kind or '?'} · {_label_style(label)} · {_title_style(title)}" if title else f"{kind or '?'} · no 收支总表"
        if disclosure_id not in out or title:
            out[disclosure_id] = key
    return out


def rule_counts(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], Counter]:
    """(template, rule) → count of each status."""
    by_template = templates(con)
    counts: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for disclosure_id, check_id, status in con.execute(
        "select disclosure_id, check_id, status from marts.fct_reconciliation where check_family in "
        "('presence', 'empty_table', 'reason', 'wording', 'figures', 'printed_code')"
    ).fetchall():
        rule = re.match(r"C:([a-z_]+)", check_id).group(1)
        counts[(by_template.get(disclosure_id, "?"), rule)][status] += 1
    return counts


def silent_empty_tables(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """Located fund and “三公” tables from which not one figure was read, with no empty_table check."""
    return con.execute("""
        with figures as (
            select disclosure_id, table_seq, count(amount_yuan) as n from intermediate.int_table_cells group by all
        )
        select t.disclosure_id, t.table_seq, t.table_code, t.table_title, t.pages
        from staging.stg_raw__located_tables as t
        left join figures using (disclosure_id, table_seq)
        inner join staging.stg_raw__disclosures as d using (disclosure_id)
        where t.table_code in ('T07', 'T08', 'T09') and t.extraction_status in ('empty', 'extracted')
            and coalesce(figures.n, 0) = 0 and d.load_status in ('loaded', 'partial')
            and not exists (
                select 1 from marts.fct_reconciliation r
                where r.check_id = 'C:empty_table_note:' || t.table_code || '#' || t.table_seq
                    and r.disclosure_id in (select p.disclosure_id from intermediate.int_content_pages p
                                            where p.file_disclosure_id = t.disclosure_id)
            )
        order by 1, 2
    """).fetchall()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("warehouse", nargs="?", default=str(ROOT / "warehouse" / "published" / "budget.duckdb"))
    parser.add_argument("--json", help="write the counts here as JSON")
    args = parser.parse_args()
    with duckdb.connect(args.warehouse, read_only=True) as con:
        counts = rule_counts(con)
        silent = silent_empty_tables(con)
    print(f"{'template':48} {'rule':28} {'applied':>7} {'pass':>5} {'fail':>5} {'unsure':>6} {'n/a':>5}")
    for (template, rule), c in sorted(counts.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        applied = c["pass"] + c["fail"] + c["unsure"]
        print(f"{template[:48]:48} {rule:28} {applied:7} {c['pass']:5} {c['fail']:5} {c['unsure']:6} {c['not_applicable']:5}")
    print(f"\nempty fund / 三公 tables with no empty_table_note check: {len(silent)}")
    for row in silent:
        print("   ", *row)
    if args.json:
        Path(args.json).write_text(json.dumps(
            {"counts": [{"template": t, "rule": r, **c} for (t, r), c in sorted(counts.items())], "silent_empty_tables": silent},
            ensure_ascii=False, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
