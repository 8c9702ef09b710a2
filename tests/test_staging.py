"""Staging: lazy pandera validation, a failing value held back alone, and idempotent atomic reloads."""

import copy
import dataclasses

import duckdb

from pipelines.load.staging import stage
from pipelines.load.warehouse import connect, replace_disclosure


def _counts(path):
    with duckdb.connect(str(path), read_only=True) as con:
        tables = [t for (t,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'raw' order by 1").fetchall()]
        return {t: con.execute(f"select count(*) from raw.{t}").fetchone()[0] for t in tables}


def test_sample_stages_valid(sample_extraction):
    staged = stage(sample_extraction)
    assert all(s.valid for s in staged.values()), {n: s.failures.head() for n, s in staged.items() if not s.valid}
    assert len(staged["t05_general_budget_expenditure"].frame) > 200


def test_reloading_a_disclosure_never_duplicates(sample_extraction, tmp_path):
    path = tmp_path / "w.duckdb"
    did = sample_extraction.document["disclosure_id"]
    with connect(path) as con:
        replace_disclosure(con, did, stage(sample_extraction))
    first = _counts(path)
    with connect(path) as con:
        replace_disclosure(con, did, stage(sample_extraction))
    assert _counts(path) == first
    assert first["disclosures"] == 1 and first["t03_expenditure_summary"] > 0


def test_a_failing_value_is_held_back_alone_and_the_rest_of_its_table_loads(sample_extraction, tmp_path):
    broken = copy.deepcopy(sample_extraction)
    t06 = [c for c in broken.cells if c.get("table_code") == "T06"]
    t06[0]["subject_code"] = "ABC"  # an economic code that is not one
    t06[1]["amount_yuan"] = t06[1]["amount_yuan"] + 1 if t06[1]["amount_yuan"] is not None else 1  # disagrees with its printed value
    bad = {(c["table_seq"], c["row_number"], c["column_index"]) for c in t06[:2]}
    staged = stage(broken)
    assert not staged["t06_general_budget_basic_expenditure"].valid
    path = tmp_path / "w.duckdb"
    with connect(path) as con:
        loaded = replace_disclosure(con, broken.document["disclosure_id"], staged)
        failures = con.execute(
            """select "column", "check", failure_case, page_number from raw.validation_failures
               where staging_table = 't06_general_budget_basic_expenditure'"""
        ).fetchall()
        located = con.execute(
            "select status, values_held_back from raw.located_tables where table_code = 'T06'"
        ).fetchall()
        identities = con.execute("select table_seq, row_number, column_index from raw.table_identities").fetchall()
    assert loaded["t06_general_budget_basic_expenditure"] == len(t06) - 2  # the two bad values, nothing else
    assert loaded["t05_general_budget_expenditure"] > 0
    assert located == [("extracted", 2)]
    assert not bad & set(identities)  # no sum is checked over a value that was held back
    checks = {check for _, check, _, _ in failures}
    assert any("str_matches" in c for c in checks)
    assert "amount_equals_printed_value_times_unit" in checks
    assert all(page is not None for *_, page in failures)  # each failure points at its page


def test_a_republished_file_supersedes_its_earlier_version(sample_extraction, tmp_path):
    path = tmp_path / "w.duckdb"
    first = copy.deepcopy(sample_extraction)
    first.document["source_file"] = "2026/unit/budget.pdf"
    corrected = copy.deepcopy(first)
    new_id = "0" * 16  # a corrected republication: same file name, new content hash
    corrected.document["disclosure_id"] = new_id
    for part in dataclasses.fields(corrected):
        for row in getattr(corrected, part.name) if part.name != "document" else ():
            row["disclosure_id"] = new_id
    with connect(path) as con:
        replace_disclosure(con, first.document["disclosure_id"], stage(first))
        replace_disclosure(con, new_id, stage(corrected))
        ids = {d for (d,) in con.execute("select distinct disclosure_id from raw.t05_general_budget_expenditure").fetchall()}
        docs = dict(con.execute("select disclosure_id, status from raw.disclosures").fetchall())
    assert ids == {new_id}
    assert docs == {new_id: "loaded", first.document["disclosure_id"]: "superseded"}  # both versions kept


def test_a_text_column_holding_no_text_is_held_back(sample_extraction):
    broken = copy.deepcopy(sample_extraction)
    cell = next(c for c in broken.cells if c.get("table_code") == "T05")
    cell["row_label"] = 5  # a number where the row's label belongs
    staged = stage(broken)["t05_general_budget_expenditure"]
    assert "text_columns_hold_text" in set(staged.failures["check"].astype(str))
    assert len(staged.frame) == len([c for c in broken.cells if c.get("table_code") == "T05"]) - 1


def test_a_warehouse_built_by_an_earlier_version_gets_the_columns_and_types_declared_since(sample_extraction, tmp_path):
    from pipelines.load.warehouse import ensure_schema

    did = sample_extraction.document["disclosure_id"]
    with connect(tmp_path / "earlier.duckdb") as con:
        replace_disclosure(con, did, stage(sample_extraction))
        counts = con.execute("SELECT narrative_figures, narrative_figures_claimed FROM raw.disclosures").fetchall()
        # as an earlier version made it: the narrative's counts as DOUBLE, a column not there yet
        con.execute("ALTER TABLE raw.disclosures ALTER COLUMN narrative_figures TYPE DOUBLE")
        con.execute("ALTER TABLE raw.disclosures DROP COLUMN damage")
        ensure_schema(con)
        types = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns"
                                 " WHERE table_schema = 'raw' AND table_name = 'disclosures'").fetchall())
        assert con.execute("SELECT narrative_figures, narrative_figures_claimed FROM raw.disclosures").fetchall() == counts
    assert (types["narrative_figures"], types["narrative_figures_claimed"], types["damage"]) == ("INTEGER", "INTEGER", "VARCHAR")
    assert counts[0][0] > 0
