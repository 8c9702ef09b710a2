"""The narrative's hand counts against fct_narrative_claim: claims extracted and linked to the cell the hand
count names, claims failed that the hand count finds consistent, findings reported and missed
(scripts/corpus_metrics.py prints them with the rest)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import duckdb
import yaml

ROOT = Path(__file__).resolve().parent.parent
NARRATIVE_HAND_COUNT = ROOT / "tests" / "data" / "narrative_claims_corpus.yaml"
# the national template's narrative (国家信访局 2026), counted by hand after the three above
NARRATIVE_HAND_COUNT_CENTRAL = ROOT / "tests" / "data" / "narrative_claims_central.yaml"
# a narrative published apart from its tables (北京市审计局 2026 附件1 + 附件2), and a final accounts of a unit
# founded that year (佛山市轨道交通局 2019), counted by hand after the central one
NARRATIVE_HAND_COUNT_BEIJING = ROOT / "tests" / "data" / "narrative_claims_beijing.yaml"
NARRATIVE_HAND_COUNT_FOSHAN = ROOT / "tests" / "data" / "narrative_claims_foshan.yaml"


def _decimal(text) -> Decimal | None:
    return None if text in (None, "") else Decimal(str(text).replace(",", ""))


def narrative_metrics(con, hand_count: Path = NARRATIVE_HAND_COUNT) -> dict:
    """The hand-counted claims against fct_narrative_claim, matched by page and amount. A 年初预算 stated
    beside a final account is part of its 决算 claim in the hand count, so it is not matched on its own.
    A claim is linked when its cell (or the sum of its cells) prints the figure the hand count reads in
    the table (a blank cell for a stated 0)."""
    hand = yaml.safe_load(hand_count.read_text(encoding="utf-8"))["documents"]
    out = {"claims": 0, "extracted": 0, "with_table": 0, "linked": 0, "unlinked": [], "not_extracted": [],
           "false_failures": [], "findings_reported": [], "findings_missed": []}
    for doc in hand:
        rows = con.execute(
            """select c.page_number, c.amount_printed, c.status, c.table_amount_yuan, c.linked_table_code, c.claim_no, c.unit
               from marts.fct_narrative_claim c join marts.dim_disclosure d using (disclosure_id)
               where d.source_file = ? and not c.is_budget_figure order by c.claim_no""",
            [doc["file"]],
        ).fetchall()
        ours: dict[tuple, list] = {}
        for page, amount, status, table_amount, table_code, claim_no, unit in rows:
            # matched by page, figure and unit: a page of a new unit's final accounts prints 0 many times, in 万元 and in 辆
            ours.setdefault((page, _decimal(amount), unit == "万元"), []).append((status, table_amount, table_code, claim_no))
        for claim in doc["claims"]:
            out["claims"] += 1
            found = ours.get((claim["page"], _decimal(claim["amount"]), claim.get("unit", "万元") == "万元"))
            match = found.pop(0) if found else None
            tables = claim.get("tables") or {}
            if match is None:
                out["not_extracted"].append(claim["id"])
            else:
                out["extracted"] += 1
            if tables.get("amount"):
                out["with_table"] += 1
                factor = 1 if "单位：元" in (tables.get("where") or "") else 10000
                wanted = _decimal(tables["amount"]) * factor
                if match and match[2] is not None and (match[1] == wanted or (match[1] is None and wanted == 0)):
                    out["linked"] += 1
                else:
                    out["unlinked"].append(claim["id"])
            if match and match[0] == "fail":
                (out["findings_reported"] if not claim["consistent"] else out["false_failures"]).append(claim["id"])
            elif not claim["consistent"]:
                out["findings_missed"].append(claim["id"])
    out["failures"] = con.execute(
        """select d.source_file, c.claim_no, c.page_number, c.amount_printed, c.percent_printed, c.findings
           from marts.fct_narrative_claim c join marts.dim_disclosure d using (disclosure_id)
           where c.status = 'fail' order by 1, 2"""
    ).fetchall()
    out["status"] = dict(con.execute("select status, count(*) from marts.fct_narrative_claim group by 1").fetchall())
    return out


def print_narrative(warehouse: Path, narrative: dict) -> None:
    """The narrative's figures, of the corpus's hand count and of each further hand-counted document."""
    print(
        f"Narrative (hand count of {len(yaml.safe_load(NARRATIVE_HAND_COUNT.read_text(encoding='utf-8'))['documents'])} documents): "
        f"{narrative['extracted']}/{narrative['claims']} claims extracted "
        f"({100 * narrative['extracted'] / max(narrative['claims'], 1):.1f}%), "
        f"{narrative['linked']}/{narrative['with_table']} with a table figure linked to it "
        f"({100 * narrative['linked'] / max(narrative['with_table'], 1):.1f}%); "
        f"{len(narrative['false_failures'])} consistent claims reported failed; findings reported "
        f"{len(narrative['findings_reported'])}, not reported {narrative['findings_missed']}"
    )
    print(f"  not extracted: {narrative['not_extracted']}; not linked: {narrative['unlinked']}")
    for label, hand_count in (("the national template", NARRATIVE_HAND_COUNT_CENTRAL),
                              ("a narrative apart from its tables", NARRATIVE_HAND_COUNT_BEIJING),
                              ("a final accounts", NARRATIVE_HAND_COUNT_FOSHAN)):
        with duckdb.connect(str(warehouse), read_only=True) as con:
            one = narrative_metrics(con, hand_count)
        print(
            f"Narrative of {label} (hand count): {one['extracted']}/{one['claims']} extracted, "
            f"{one['linked']}/{one['with_table']} linked; {len(one['false_failures'])} consistent claims reported "
            f"failed; findings reported {one['findings_reported']}, not reported {one['findings_missed']}"
        )
        print(f"  not extracted: {one['not_extracted']}; not linked: {one['unlinked']}")
    print(f"  all claims of the corpus by status: {narrative['status']}")
    for row in narrative["failures"]:
        print(f"  narrative fail: {row}")
