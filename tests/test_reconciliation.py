"""fct_reconciliation on the sample: each genuine inconsistency fails with both sides; the rest hold."""

from decimal import Decimal

import yaml

from conftest import ROOT


def _yuan(printed, unit="万元"):
    if printed is None:
        return None
    value = Decimal(str(printed).replace(",", ""))
    return value if unit == "points" else value * 10000


def test_failed_checks_are_exactly_the_confirmed_findings(query):
    findings = yaml.safe_load((ROOT / "tests" / "data" / "sample_findings.yaml").read_text(encoding="utf-8"))["findings"]
    failed = {cid: (lhs, rhs) for cid, lhs, rhs in query(
        """select check_id, lhs_yuan, rhs_yuan from marts.fct_reconciliation
           where status = 'fail' and check_family not in ('narrative', 'presence', 'empty_table', 'reason', 'wording', 'figures')""")}
    assert set(failed) == {f["check_id"] for f in findings}
    for f in findings:
        unit = f.get("unit", "万元")
        assert failed[f["check_id"]] == (_yuan(f["lhs"], unit), _yuan(f["rhs"], unit)), f["what"]


def test_consistent_identities_pass(query):
    status = dict(query("select check_id, status from marts.fct_reconciliation"))
    must_pass = [
        "X:T01-T03:expenditure_total",  # 收支总表 本年支出合计 = 支出总表 合计 = 49,353.03
        "X:T01-T02:本年收入合计",
        "X:T01-T04:general_budget_income",
        "X:T04-T05:general_budget_expenditure",  # 28,857.32 = 27,387.22 + 上年结转 1,470.10
        "X:T04-T07:government_fund_expenditure",  # 618.71 = 463.00 + 155.71
        "X:T02-T04:general_budget_carryover",
        "X:T01-T03:class:201",
        "P:subject:2041007",  # 缉私业务 1,058.29 = 缉私警察业务费 971.90 + 警务装备建设 86.39
        "P:funds:15",  # 海关缉私办案费 1,456.60 = 200.60 + 1,256.00
    ]
    for check_id in must_pass:
        assert status.get(check_id) == "pass", check_id
    assert sum(1 for s in status.values() if s == "pass") > 300


def test_every_check_family_runs_and_has_provenance(query):
    rows = query(
        """select check_family, count(*), count(*) filter (where pages_involved is null or tables_involved is null)
           from marts.fct_reconciliation group by all"""
    )
    families = {family: (n, missing) for family, n, missing in rows}
    arithmetic = {"within_table", "cross_table", "project", "narrative"}
    assert set(families) == arithmetic | {"presence", "empty_table", "reason", "wording", "figures"}
    assert all(missing == 0 for family, (_, missing) in families.items() if family in arithmetic)
    # a content check that quotes the page names it (a section nowhere printed has no page to name)
    (unplaced,) = query("select count(*) from marts.fct_reconciliation where evidence is not null and pages_involved is null")[0]
    assert unplaced == 0


def test_within_table_identities_cover_columns_hierarchy_and_totals(query):
    kinds = {k for (k,) in query("select distinct split_part(check_id, ':', 1) from marts.fct_reconciliation")}
    assert {"L", "H", "U", "X", "P", "N"} <= kinds
    (row,) = query(
        """select lhs_yuan, rhs_yuan, status from marts.fct_reconciliation
           where check_id like 'H:T05#%:201:c3'"""
    )
    assert row == (Decimal("146391900.00"), Decimal("146391900.00"), "pass")  # 201 = 20109 = 14,639.19


def test_carryover_makes_class_comparison_not_applicable(query):
    rows = dict(query("select check_id, status from marts.fct_reconciliation where check_id like 'X:T04-T05:class:%'"))
    assert rows and set(rows.values()) == {"not_applicable"}
