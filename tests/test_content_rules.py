"""The content rule catalogue: every peer rule answered or left out with its reason, every rule run, and the
sample's own content judged as its text reads (its empty 国有资本经营 table noted, its 三公 说明 complete, its
unexplained changes found)."""

import csv
import re

import pytest
import yaml

from conftest import ROOT

SEEDS = ROOT / "dbt_project" / "seeds"
PEER_RULES = ROOT.parent / "shared" / "reference" / "peer_rules.md"


def _seed(name: str) -> list[dict]:
    with open(SEEDS / f"{name}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_every_peer_rule_is_covered_or_left_out_with_its_reason():
    coverage = _seed("peer_rule_coverage")
    rules = {r["rule_id"] for r in _seed("content_rules")}
    assert len({r["peer_id"] for r in coverage}) == len(coverage)
    for row in coverage:
        assert row["covered_by"] or row["left_out_reason"], row["peer_id"]
        for rule in re.findall(r"C:([a-z_]+)", row["covered_by"]):
            assert rule in rules, f"{row['peer_id']} names C:{rule}, which the catalogue does not hold"
    if not PEER_RULES.is_file():
        pytest.skip(f"the peer rules reference is not at {PEER_RULES} (it sits beside the project checkout)")
    listed = set(re.findall(r"^\| ((?:WT|TT|XT|TX|S|Y)-\d+) \|", PEER_RULES.read_text(encoding="utf-8"), re.M))
    assert listed == {r["peer_id"] for r in coverage}


def test_every_catalogue_rule_names_its_basis_and_its_vocabulary_compiles():
    for rule in _seed("content_rules"):
        assert rule["basis"] and rule["requirement"], rule["rule_id"]
        assert set(rule["report_kinds"].split()) <= {"budget", "final_accounts"}
    for term in _seed("content_terms"):
        re.compile(term["pattern"])  # RE2 is stricter than re, never looser, for what these patterns use


def test_every_rule_runs_on_the_sample_or_the_corpus_kinds_it_applies_to(query):
    ran = {cid.split(":")[1] for (cid,) in query("select check_id from marts.fct_reconciliation where check_id like 'C:%'")}
    # the sample is a budget with no malformed code and no completion rate: the rules it cannot exercise
    not_in_sample = {"three_public_overspend", "budget_final_wording", "printed_code", "negative_amount",
                     "procurement_smes", "income_expenditure_mirror", "title_year", "reason_change"}
    assert {r["rule_id"] for r in _seed("content_rules")} - not_in_sample <= ran


def test_the_samples_content_findings_are_the_confirmed_ones(query):
    data = yaml.safe_load((ROOT / "tests" / "data" / "sample_content_findings.yaml").read_text(encoding="utf-8"))
    status = dict(query("select check_id, status from marts.fct_reconciliation where check_id like 'C:%'"))
    failed = {cid for cid, s in status.items() if s == "fail"}
    assert failed == {f["check_id"] for f in data["findings"]}
    for check_id in data["must_pass"]:
        assert status.get(check_id) == "pass", check_id


def test_a_content_finding_quotes_what_decided_it(query):
    rows = query(
        """select check_id, pages_involved, evidence from marts.fct_reconciliation
           where check_id in ('C:empty_table_note:T08#8', 'C:reason_three_public:54', 'C:section_procurement')"""
    )
    quoted = {cid: (pages, evidence) for cid, pages, evidence in rows}
    assert quoted["C:empty_table_note:T08#8"][0] == "16"
    assert "故本表无数据" in quoted["C:empty_table_note:T08#8"][1]
    assert "减少6.93万元" in quoted["C:reason_three_public:54"][1]
    assert "政府采购" in quoted["C:section_procurement"][1]


def test_the_quality_report_groups_findings_by_family(query):
    (families,) = query("select findings_by_family from marts.rpt_disclosure_quality")[0]
    assert "reason 7" in families and "cross_table" in families
