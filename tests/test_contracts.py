"""A row a mart's key cannot hold is quarantined and its disclosure loads (a strict run fails on it); a
disclosure whose rows break another contract test is held back with the reason; the others build."""

import copy
import dataclasses
import json

import duckdb

from conftest import dbt_build
from pipelines.run.contracts import attribute, failing_contracts, hold_back_breakers
from pipelines.load.staging import stage
from pipelines.load.warehouse import connect, replace_disclosure

ODD = "f" * 16


def _as_another_disclosure(extraction):
    odd = copy.deepcopy(extraction)
    odd.document["disclosure_id"] = ODD
    odd.document["source_file"] = "2026/odd/one odd disclosure.pdf"
    for part in dataclasses.fields(odd):
        for row in getattr(odd, part.name) if part.name != "document" else ():
            row["disclosure_id"] = ODD
    return odd


def _with_a_second_three_public_table(extraction):
    """The sample as a disclosure printing its “三公” table twice: one item per basis is its mart's key."""
    twice = _as_another_disclosure(extraction)
    t09 = next(t for t in twice.tables if t["table_code"] == "T09")
    seq = max(t["table_seq"] for t in twice.tables) + 1
    twice.tables.append({**t09, "table_seq": seq})
    twice.cells += [{**c, "table_seq": seq} for c in twice.cells if c["table_seq"] == t09["table_seq"]]
    return twice


def _with_a_cell_off_its_page(extraction):
    """The sample as a disclosure one of whose cells has a box beyond its page's right edge."""
    off = _as_another_disclosure(extraction)
    cell = next(c for c in off.cells if c.get("x1") is not None)
    cell["x0"], cell["x1"] = cell["x0"] + 5000, cell["x1"] + 5000
    return off


def _load(warehouse, *extractions):
    with connect(warehouse) as con:
        for extraction in extractions:
            replace_disclosure(con, extraction.document["disclosure_id"], stage(extraction))


def test_a_second_row_for_a_key_is_quarantined_and_its_disclosure_loads(sample_extraction, tmp_path):
    warehouse = tmp_path / "budget.duckdb"
    _load(warehouse, sample_extraction, _with_a_second_three_public_table(sample_extraction))
    build = dbt_build(warehouse, tmp_path / "build")
    assert build.returncode == 0, build.stdout[-3000:]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        quarantined = con.execute("select distinct disclosure_id, mart, reason from marts.rpt_quarantined_rows").fetchall()
        loaded = dict(con.execute("select disclosure_id, load_status from marts.dim_disclosure").fetchall())
        kept = con.execute(f"select count(*) from marts.fct_three_public_costs where disclosure_id = '{ODD}'").fetchone()[0]
        sample = con.execute("select count(*) from marts.fct_three_public_costs where disclosure_id = ?",
                             [sample_extraction.document["disclosure_id"]]).fetchone()[0]
    assert {(d, m) for d, m, _ in quarantined} == {(ODD, "fct_three_public_costs")}
    assert all("the mart keeps the first" in reason and " p." in reason for _, _, reason in quarantined)
    assert set(loaded.values()) == {"loaded"} and kept == sample > 0  # the first table's rows are the mart's

    strict = dbt_build(warehouse, tmp_path / "strict", "--vars", '{"strict": true}')
    assert strict.returncode != 0  # `make test`'s own data may hold no such row
    results = json.loads((tmp_path / "strict" / "target" / "run_results.json").read_text())["results"]
    assert [r["unique_id"] for r in results if r["status"] == "fail"] == [
        next(r["unique_id"] for r in results if "has_no_rows_rpt_quarantined_rows" in r["unique_id"])]


def test_the_breaking_disclosure_is_held_back_and_the_other_builds(sample_extraction, tmp_path):
    warehouse = tmp_path / "budget.duckdb"
    _load(warehouse, sample_extraction, _with_a_cell_off_its_page(sample_extraction))
    first = dbt_build(warehouse, tmp_path / "first")
    assert first.returncode != 0  # the cell beyond its page breaks fct_table_cell's box contract
    results = json.loads((tmp_path / "first" / "target" / "run_results.json").read_text())["results"]
    failing = failing_contracts(results)
    assert any("fct_table_cell" in name for name, _ in failing)
    assert set(attribute(warehouse, failing).held_back) == {ODD}  # only the disclosure printing it

    breakage = hold_back_breakers(warehouse, results)
    assert not breakage.unattributed
    second = dbt_build(warehouse, tmp_path / "second")
    assert second.returncode == 0, second.stdout[-3000:]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        status = dict(con.execute("select disclosure_id, load_status || ': ' || load_message from marts.dim_disclosure "
                                  "where load_status <> 'loaded'").fetchall())
        ids = {r[0] for r in con.execute("select distinct disclosure_id from marts.fct_table_cell").fetchall()}
    assert status[ODD].startswith("held_back: held back: its rows break the contract test(s) ")
    assert "fct_table_cell" in status[ODD]
    assert ids == {sample_extraction.document["disclosure_id"]}  # the other disclosure's figures are built
