"""A disclosure whose rows break a contract test is held back with the reason; the others build."""

import copy
import dataclasses
import json

import duckdb

from conftest import dbt_build
from pipelines.contracts import attribute, failing_contracts, hold_back_breakers
from pipelines.staging import stage
from pipelines.warehouse import connect, replace_disclosure


def _with_a_second_three_public_table(extraction):
    """The sample as a disclosure printing its “三公” table twice: one item per basis is its contract."""
    broken = copy.deepcopy(extraction)
    broken.document["disclosure_id"] = "f" * 16
    broken.document["source_file"] = "2026/twice/三公 printed twice.pdf"
    for part in dataclasses.fields(broken):
        for row in getattr(broken, part.name) if part.name != "document" else ():
            row["disclosure_id"] = "f" * 16
    t09 = next(t for t in broken.tables if t["table_code"] == "T09")
    seq = max(t["table_seq"] for t in broken.tables) + 1
    broken.tables.append({**t09, "table_seq": seq})
    broken.cells += [{**c, "table_seq": seq} for c in broken.cells if c["table_seq"] == t09["table_seq"]]
    return broken


def test_the_breaking_disclosure_is_held_back_and_the_other_builds(sample_extraction, tmp_path):
    warehouse = tmp_path / "budget.duckdb"
    broken = _with_a_second_three_public_table(sample_extraction)
    with connect(warehouse) as con:
        replace_disclosure(con, sample_extraction.document["disclosure_id"], stage(sample_extraction))
        replace_disclosure(con, broken.document["disclosure_id"], stage(broken))
    first = dbt_build(warehouse, tmp_path / "first")
    assert first.returncode != 0  # the duplicate 三公 items break fct_three_public_costs' key
    results = json.loads((tmp_path / "first" / "target" / "run_results.json").read_text())["results"]
    failing = failing_contracts(results)
    assert any("fct_three_public_costs" in name for name, _ in failing)
    assert set(attribute(warehouse, failing).held_back) == {"f" * 16}  # only the disclosure printing it twice

    breakage = hold_back_breakers(warehouse, results)
    assert not breakage.unattributed
    second = dbt_build(warehouse, tmp_path / "second")
    assert second.returncode == 0, second.stdout[-3000:]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        status = dict(con.execute("select disclosure_id, load_status || ': ' || load_message from marts.dim_disclosure "
                                  "where load_status <> 'loaded'").fetchall())
        ids = {r[0] for r in con.execute("select distinct disclosure_id from marts.fct_table_cell").fetchall()}
    assert status["f" * 16].startswith("held_back: held back: its rows break the contract test(s) ")
    assert "fct_three_public_costs" in status["f" * 16]
    assert ids == {sample_extraction.document["disclosure_id"]}  # the other disclosure's figures are built
