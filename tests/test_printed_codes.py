"""A malformed printed code loses no amount: it is kept as printed, reported as a finding on its page with
the code the rows around it imply, and the sums it may be missing from never accuse the table."""

import copy

import duckdb

from conftest import dbt_build
from pipelines.load.staging import stage
from pipelines.load.warehouse import connect, replace_disclosure


def test_a_malformed_code_is_a_finding_and_its_table_loads(sample_extraction, tmp_path):
    broken = copy.deepcopy(sample_extraction)
    t05 = [c for c in broken.cells if c.get("table_code") == "T05"]
    target = next(c for c in t05 if (c.get("subject_code") or "") == "210")  # the 类 卫生健康支出, printed as "7"
    row = [c for c in t05 if c["table_seq"] == target["table_seq"] and c["row_number"] == target["row_number"]]
    for c in row:
        c.update(subject_code=None, printed_code="7", code_basis="malformed", implied_code="210")
    warehouse = tmp_path / "budget.duckdb"
    with connect(warehouse) as con:
        loaded = replace_disclosure(con, broken.document["disclosure_id"], stage(broken))
    assert loaded["t05_general_budget_expenditure"] == len(t05)  # every amount of the table, the bad row's too
    result = dbt_build(warehouse, tmp_path)
    assert result.returncode == 0, result.stdout[-3000:]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        findings = con.execute(
            "select check_id, status, description, pages_involved from marts.fct_reconciliation where check_family = 'printed_code'"
        ).fetchall()
        hierarchy = con.execute(
            """select status, count(*) from marts.fct_reconciliation
               where check_id like 'H:T05#' || ? || ':%' group by 1""", [str(target["table_seq"])]
        ).fetchall()
    ((check_id, status, description, pages),) = findings
    assert status == "fail" and check_id == f"C:printed_code:T05#{target['table_seq']}:r{target['row_number']}"
    assert "'7'" in description and "imply 210" in description and pages == str(target["page_number"])
    # the 合计 = Σ 类 sum misses the 类 printed as "7": it may not accuse the table
    assert "fail" not in dict(hierarchy)
