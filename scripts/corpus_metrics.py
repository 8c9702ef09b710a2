"""Ingest a folder of disclosure PDFs into a fresh warehouse and measure extraction quality.

usage: python scripts/corpus_metrics.py [CORPUS_DIR] [--warehouse PATH] [--json OUT]

Prints, over the whole folder:
- location: tables located with the right code and pages, against the hand count in
  tests/data/corpus_tables_*.yaml, and located tables that are not in the hand count;
- within-table identities (totals = sum of parts, 类 = Σ 款 = Σ 项, row total = Σ columns) that hold;
- amounts, two ways: against the hand count (each hand-counted table's `amounts`, against the amounts
  extracted from the located table of the same code and pages), and the product's own coverage
  (marts.rpt_extraction_coverage: the amount-like numbers the tables' pages print in the text layer,
  against the amounts read into table cells on their page), side by side;
- the narrative: claims extracted and linked to the cell the hand count names
  (tests/data/narrative_claims_corpus.yaml), claims failed that the hand count finds consistent, and
  every failed narrative check of the corpus.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import duckdb
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from corpus_ingest import dbt_build, hand_counted_files, ingest  # noqa: E402
from narrative_metrics import narrative_metrics, print_narrative  # noqa: E402

HAND_COUNTS = sorted((ROOT / "tests" / "data").glob("corpus_tables_*.yaml"))


def hand_counts() -> dict[str, list[dict]]:
    files = {}
    for path in HAND_COUNTS:
        for key, entry in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("files", {}).items():
            files[key] = entry.get("tables") or []
    return files


def location_metrics(con, expected: dict[str, list[dict]]) -> dict:
    located = con.execute(
        """select d.source_file, t.table_code, t.table_title, t.pages
           from raw.located_tables t join raw.disclosures d using (disclosure_id)"""
    ).fetchall()
    got: dict[str, list[tuple[str, str, tuple[int, ...]]]] = {}
    for source, code, title, pages in located:
        got.setdefault(source, []).append((code, title, tuple(int(p) for p in pages.split(","))))
    right, wrong, missing, false_tables = 0, [], [], []
    for source, tables in expected.items():
        found = list(got.get(source, []))
        for t in tables:
            pages = tuple(t["pages"])
            match = next((g for g in found if g[2] == pages and g[0] == t["code"]), None)
            if match:
                right += 1
                found.remove(match)
                continue
            near = next((g for g in found if set(g[2]) & set(pages)), None)
            if near:
                wrong.append((source, t["code"], t["title"], pages, near))
                found.remove(near)
            else:
                missing.append((source, t["code"], t["title"], pages))
        false_tables += [(source, *g) for g in found]
    total = sum(len(t) for t in expected.values())
    return {"expected": total, "right": right, "wrong": wrong, "missing": missing, "false": false_tables}


STANDARD = {"T01", "T02", "T03", "T04", "T05", "T06", "T07", "T08", "T09", "P01"}


def standard_location(loc: dict, expected: dict[str, list[dict]]) -> dict:
    """The location figures over the standard tables (T01–T09, P01) alone."""
    total = sum(1 for tables in expected.values() for t in tables if t["code"] in STANDARD)
    missed = [m for m in loc["wrong"] + loc["missing"] if m[1] in STANDARD]
    return {"expected": total, "right": total - len(missed), "missed": missed,
            "false": [f for f in loc["false"] if f[1] in STANDARD]}


def wrong_code_cells(con, expected: dict[str, list[dict]]) -> dict:
    """Amounts stored under a wrong table code: the cells of every located table that shares a page with a
    hand-counted table of another code and with none of its own code."""
    located = con.execute(
        """select d.source_file, t.table_seq, t.table_code, t.pages, count(c.amount_yuan)
           from raw.located_tables t join raw.disclosures d using (disclosure_id)
           left join marts.fct_table_cell c on c.disclosure_id = t.disclosure_id and c.table_seq = t.table_seq
           group by 1, 2, 3, 4"""
    ).fetchall()
    wrong, examples = 0, []
    for source, seq, code, pages, n in located:
        mine = {int(p) for p in pages.split(",")}
        overlapping = [t for t in expected.get(source, []) if mine & set(t["pages"])]
        if n and overlapping and all(t["code"] != code for t in overlapping):
            wrong += n
            examples.append((source, seq, code, pages, [t["code"] for t in overlapping], n))
    return {"cells": wrong, "examples": examples}


def hand_amount_metrics(con, expected: dict[str, list[dict]]) -> dict:
    """Amounts of each hand-counted table (its `amounts`) against the amounts extracted from the located
    table of the same code starting on the same page (whether its pages are right is the location
    figure's): Σ min(extracted, counted) / Σ counted."""
    cell_tables = [r[0] for r in con.execute(
        "select table_name from information_schema.tables where table_schema = 'raw' and table_name similar to '(t0|x_|p01_project_funds).*'"
    ).fetchall()]
    union = " union all ".join(f"select disclosure_id, table_seq, amount_yuan from raw.{t}" for t in cell_tables)
    rows = con.execute(
        f"""select d.source_file, t.table_code, t.pages, t.first_page, count(c.amount_yuan)
            from raw.located_tables t join raw.disclosures d using (disclosure_id)
            left join ({union}) c on c.disclosure_id = t.disclosure_id and c.table_seq = t.table_seq
            group by 1, 2, 3, 4"""
    ).fetchall()
    exact = {(source, code, pages): n for source, code, pages, _, n in rows}
    starts: dict[tuple, list[int]] = {}
    for source, code, _, first, n in rows:
        starts.setdefault((source, code, int(first)), []).append(n)
    counted = arrived = 0
    short: list[tuple] = []
    for source, tables in expected.items():
        for t in tables:
            n = int(t.get("amounts") or 0)
            got = exact.get((source, t["code"], ",".join(map(str, t["pages"]))))
            if got is None:  # the same table with other pages: the one of its code starting on its page
                same_start = starts.get((source, t["code"], t["pages"][0]), [])
                got = same_start[0] if len(same_start) == 1 else 0
            counted += n
            arrived += min(got, n)
            if got != n:
                short.append((source, t["code"], tuple(t["pages"]), n, got))
    return {"counted": counted, "arrived": arrived, "differ": short}


def identity_metrics(con) -> dict:
    rows = con.execute(
        """select r.status, count(*) from marts.fct_reconciliation r
           where r.check_family = 'within_table' and r.status in ('pass', 'fail') group by 1"""
    ).fetchall()
    counts = dict(rows)
    failures = con.execute(
        """select d.source_file, r.check_id, r.description, r.lhs_yuan, r.rhs_yuan, r.pages_involved
           from marts.fct_reconciliation r join marts.dim_disclosure d using (disclosure_id)
           where r.check_family = 'within_table' and r.status = 'fail' order by 1, 2"""
    ).fetchall()
    return {"pass": counts.get("pass", 0), "fail": counts.get("fail", 0), "failures": failures}


def amount_metrics(con, corpus: Path | None = None) -> dict:
    """The product's own coverage (marts.rpt_extraction_coverage): the amount-like numbers the tables'
    pages print in the text layer against the amounts read into table cells on their page."""
    rows = con.execute(
        """select d.source_file, c.region_kind, c.page_number, c.amounts_printed, c.amounts_read,
                  c.values_not_printed, c.missing_examples, c.not_printed_examples
           from marts.rpt_extraction_coverage c join marts.dim_disclosure d using (disclosure_id)"""
    ).fetchall()
    return {
        "shown": sum(r[3] for r in rows),
        "arrived": sum(r[4] for r in rows),
        "in_regions": sum(r[3] for r in rows if r[1] == "table"),
        "arrived_in_regions": sum(r[4] for r in rows if r[1] == "table"),
        "not_on_page": sum(r[5] for r in rows),
        "missed_examples": [(r[0], r[1], r[2], r[6]) for r in rows if r[6]][:25],
        "extra_examples": [(r[0], r[1], r[2], r[7]) for r in rows if r[7]][:15],
    }


def _print_location(loc: dict, std: dict, misfiled: dict) -> None:
    if loc["expected"]:
        print(
            f"Location: {loc['right']}/{loc['expected']} tables with the right code and pages "
            f"({100 * loc['right'] / loc['expected']:.1f}%); {len(loc['wrong'])} wrong code or pages, "
            f"{len(loc['missing'])} missed, {len(loc['false'])} false tables"
        )
        for label in ("wrong", "missing", "false"):
            for item in loc[label]:
                print(f"  {label}: {item}")
        print(f"  standard tables (T01–T09, P01): {std['right']}/{std['expected']} ({100 * std['right'] / max(std['expected'], 1):.1f}%), "
              f"{len(std['false'])} false; {misfiled['cells']} amounts stored under a wrong table code")
        for item in misfiled["examples"]:
            print(f"  misfiled (file, table, code, pages, hand-counted codes there, amounts): {item}")
    else:
        print("Location: no hand count in tests/data/corpus_tables_*.yaml")


def _print_amounts(ident: dict, amounts: dict, hand_amounts: dict) -> None:
    checked = ident["pass"] + ident["fail"]
    print(f"Within-table identities: {ident['pass']}/{checked} hold ({100 * ident['pass'] / max(checked, 1):.2f}%)")
    for row in ident["failures"]:
        print(f"  fail: {row}")
    print(
        f"Amounts, the product's own coverage: {amounts['arrived']}/{amounts['shown']} amount-like numbers the table "
        f"pages print were read ({100 * amounts['arrived'] / max(amounts['shown'], 1):.2f}%; inside located tables "
        f"{amounts['arrived_in_regions']}/{amounts['in_regions']}); {amounts['not_on_page']} values read that their page "
        f"does not print"
    )
    print(
        f"Amounts against the hand count: {hand_amounts['arrived']}/{hand_amounts['counted']} "
        f"({100 * hand_amounts['arrived'] / max(hand_amounts['counted'], 1):.2f}%); tables whose count differs:"
    )
    for item in hand_amounts["differ"]:
        print(f"  differs (file, code, pages, counted, extracted): {item}")
    for item in amounts["missed_examples"]:
        print(f"  not read (file, region, page, numbers): {item}")
    for item in amounts["extra_examples"]:
        print(f"  not printed (file, region, page, values): {item}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--warehouse", type=Path)
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args()
    corpus = args.corpus.resolve()
    if not corpus.is_dir():
        print(f"no corpus at {corpus}")
        return 2
    work = Path(tempfile.mkdtemp(prefix="corpus-"))
    warehouse = (args.warehouse or work / "budget.duckdb").resolve()
    warehouse.unlink(missing_ok=True)
    failures = ingest(corpus, warehouse)
    dbt_build(warehouse, work)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        loc = location_metrics(con, hand_counts())
        std = standard_location(loc, hand_counts())
        hand_amounts = hand_amount_metrics(con, hand_counts())
        misfiled = wrong_code_cells(con, hand_counts())
        ident = identity_metrics(con)
        amounts = amount_metrics(con)
        narrative = narrative_metrics(con)
    print(f"Corpus {corpus}: {len(hand_counted_files(corpus))} hand-counted PDFs, warehouse {warehouse}")
    for key, reason in failures.items():
        print(f"  failed: {key}: {reason}")
    _print_location(loc, std, misfiled)
    _print_amounts(ident, amounts, hand_amounts)
    print_narrative(warehouse, narrative)
    if args.json:
        args.json.write_text(
            json.dumps({"location": loc, "standard_location": std, "hand_amounts": hand_amounts, "identities": ident, "amounts": amounts, "narrative": narrative},
                       ensure_ascii=False, default=str, indent=1),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
