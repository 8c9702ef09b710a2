"""Disclosure sets: files of one unit, year and report kind read together, so that a narrative published
apart from its tables (附件1 情况说明 beside 附件2 报表) is checked against its companion's tables."""

from __future__ import annotations

import hashlib
from dataclasses import replace

import duckdb
import pytest
from conftest import dbt_build

from pipelines.sets import link_sets
from pipelines.extract.disclosure import Extraction
from pipelines.extract.narrative.linking import _EMPTY
from pipelines.run.plan import begin_build, record_build
from pipelines.sets.links import _kept_links, read_members
from pipelines.sets.placing import Member, place, unit_key
from pipelines.load.staging import stage
from pipelines.load.warehouse import connect, replace_disclosure


def _member(n: int, unit: str | None, tables: bool, narrative: bool, year: int | None = 2026, kind: str = "budget") -> Member:
    sha = hashlib.sha256(str(n).encode()).hexdigest()
    return Member(sha[:16], sha, f"file{n}.pdf", unit, year, kind, "department", tables, narrative)


def _placed(members: list[Member], mapping: dict | None = None) -> dict[str, tuple]:
    return {p.disclosure_id: (p.role, p.tables_disclosure_id, p.decided_by, p.note)
            for p in place(members, {}, mapping or {})}


def test_a_narrative_is_read_against_the_one_file_of_its_set_that_prints_tables():
    narrative, tables = _member(1, "北京市审计局", False, True), _member(2, "北京市审计局", True, False)
    placed = _placed([narrative, tables, _member(3, "北京市审计局", True, True, year=2025)])
    assert placed[narrative.disclosure_id] == ("narrative", tables.disclosure_id, "documents", None)
    assert placed[tables.disclosure_id][0] == "tables"


def test_a_narrative_whose_tables_are_in_no_loaded_file_says_so():
    narrative = _member(1, "北京市政务服务和数据管理局", False, True)
    other_year = _member(2, "北京市政务服务和数据管理局", True, False, year=2025)
    other_kind = _member(3, "北京市政务服务和数据管理局", True, False, kind="final_accounts")
    placed = _placed([narrative, other_year, other_kind])
    assert placed[narrative.disclosure_id] == ("narrative", None, None, "a narrative whose tables are in no loaded file")


def test_two_table_files_leave_the_choice_to_the_reviewed_mapping():
    narrative, first, second = _member(1, "某局", False, True), _member(2, "某局", True, False), _member(3, "某局", True, False)
    role, companion, _, note = _placed([narrative, first, second])[narrative.disclosure_id]
    assert (role, companion) == ("narrative", None) and "name one in disclosure_sets.csv" in note
    mapped = _placed([narrative, first, second], {narrative.source_sha256: second.source_sha256})
    assert mapped[narrative.disclosure_id][:3] == ("narrative", second.disclosure_id, "mapping")


def test_a_unit_is_one_unit_under_its_party_prefix_and_short_forms():
    # 江苏省委办公厅 2017: the narrative's cover and the tables print three forms of one name
    names = ["江苏省委办公厅", "中共江苏省委办公厅", "中国共产党江苏省委员会办公厅"]
    assert len({unit_key(n, {}) for n in names}) == 1
    assert unit_key("江苏省人民检察院", {}) != unit_key("江苏省高级人民法院", {})
    assert unit_key("省法院", {"省法院": "江苏省高级人民法院"}) == unit_key("江苏省高级人民法院", {})


def test_a_file_the_documents_do_not_place_stays_alone():
    unnamed, tables = _member(1, None, False, True), _member(2, None, True, False)
    placed = _placed([unnamed, tables])
    assert placed[unnamed.disclosure_id] == ("narrative", None, None, "a narrative whose tables are in no loaded file")


def _split(extraction: Extraction) -> tuple[Extraction, Extraction]:
    """The sample as a publisher printing it in two files: the narrative alone, and the tables alone."""
    def document(suffix: str, **changes) -> dict:
        sha = hashlib.sha256((extraction.document["source_sha256"] + suffix).encode()).hexdigest()
        return {**extraction.document, "source_sha256": sha, "disclosure_id": sha[:16],
                "source_file": f"2026/昆明海关本级/{suffix}.pdf", **changes}

    narrative_doc = document("附件1 情况说明", tables_located=0)
    claims = [{**c, **dict.fromkeys(_EMPTY), "disclosure_id": narrative_doc["disclosure_id"],
               "link_note": "no table prints this figure"} for c in extraction.claims]
    narrative = Extraction(document=narrative_doc, claims=claims)
    tables_doc = document("附件2 报表", narrative_figures=0, narrative_figures_claimed=0, narrative_figures_unaccounted=0)
    rows = {part: [{**r, "disclosure_id": tables_doc["disclosure_id"]} for r in getattr(extraction, part)]
            for part in ("tables", "cells", "identities", "projects", "indicators", "coverage")}
    return narrative, replace(Extraction(document=tables_doc), **rows)


@pytest.fixture(scope="module")
def split_warehouse(sample_extraction, tmp_path_factory):
    work = tmp_path_factory.mktemp("split")
    warehouse = work / "budget.duckdb"
    narrative, tables = _split(sample_extraction)
    with connect(warehouse) as con:
        for part in (narrative, tables):
            replace_disclosure(con, part.document["disclosure_id"], stage(part))
        link_sets(con)
    result = dbt_build(warehouse, work)
    assert result.returncode == 0, result.stdout[-4000:]
    return warehouse, narrative.document["disclosure_id"], tables.document["disclosure_id"]


def test_a_narrative_apart_from_its_tables_is_linked_as_if_they_were_one_file(sample_extraction, split_warehouse):
    warehouse, narrative_id, tables_id = split_warehouse
    columns = [c for c in _EMPTY if c != "link_note"]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        (companion,) = con.execute("select tables_disclosure_id from raw.disclosure_sets where set_role = 'narrative'").fetchone()
        rows = con.execute(f"select claim_no, {', '.join(columns)} from raw.set_claim_links order by claim_no").fetchall()
    assert companion == tables_id
    own = [(c["claim_no"], *[c[k] for k in columns]) for c in sample_extraction.claims]
    assert len(rows) == len(own) > 50
    # the links read from the warehouse are the ones the sample's own extraction made, cell for cell
    assert rows == own


def test_the_marts_check_a_narrative_against_its_companions_tables(query, split_warehouse):
    warehouse, narrative_id, tables_id = split_warehouse
    whole = dict(query("select claim_no, status from marts.fct_narrative_claim"))
    with duckdb.connect(str(warehouse), read_only=True) as con:
        apart = con.execute(
            "select claim_no, status, tables_disclosure_id, tables_source_file from marts.fct_narrative_claim"
            " where disclosure_id = ? order by claim_no", [narrative_id]).fetchall()
        sets = con.execute("select disclosure_id, set_role, set_files from marts.dim_disclosure order by set_role").fetchall()
    assert {n: s for n, s, _, _ in apart} == whole  # pass, fail and unlinked exactly as the one-file sample
    assert {t for _, _, t, _ in apart} == {tables_id}
    assert {f for _, _, _, f in apart} == {"2026/昆明海关本级/附件2 报表.pdf"}
    assert [(r, f.count("; ")) for _, r, f in sets] == [("narrative", 1), ("tables", 1)]


def test_a_narrative_loaded_without_its_tables_says_so_on_every_claim(sample_extraction, tmp_path):
    narrative, _ = _split(sample_extraction)
    with connect(tmp_path / "budget.duckdb") as con:
        replace_disclosure(con, narrative.document["disclosure_id"], stage(narrative))
        written = link_sets(con)
        notes = con.execute("select distinct link_note, tables_disclosure_id from raw.set_claim_links").fetchall()
        (role, note) = con.execute("select set_role, set_note from raw.disclosure_sets").fetchone()
    assert written["set_claim_links"] == len(narrative.claims)
    assert notes == [("a narrative whose tables are in no loaded file", None)]
    assert (role, note) == ("narrative", "a narrative whose tables are in no loaded file")


def _sets(con) -> dict[str, list[tuple]]:
    return {name: con.execute(f"select * from raw.{name} order by all").fetchall() for name in ("disclosure_sets", "set_claim_links")}


def test_a_file_loaded_later_leaves_the_links_made_before_as_one_linking_of_all_would(sample_extraction, tmp_path):
    """A run links only the narratives it must link again (the others' links stay as written): the sets
    and links come out as when every file is linked at once."""
    narrative, tables = _split(sample_extraction)
    other = _split(replace(sample_extraction, document={**sample_extraction.document, "unit_name": "另一个单位",
                                                       "source_sha256": "f" * 64}))[0]
    later = replace(other, document={**other.document, "source_file": "2026/另一个单位/附件1 情况说明.pdf"})
    with connect(tmp_path / "steps.duckdb") as con:
        for part in (narrative, tables):
            replace_disclosure(con, part.document["disclosure_id"], stage(part))
        link_sets(con)
        begin_build(con)
        record_build(con)  # built: nothing is pending any more
        replace_disclosure(con, later.document["disclosure_id"], stage(later))
        kept = _kept_links(con, place(read_members(con), {}, {}))
        link_sets(con)
        in_steps = _sets(con)
    with connect(tmp_path / "once.duckdb") as con:
        for part in (narrative, tables, later):
            replace_disclosure(con, part.document["disclosure_id"], stage(part))
        link_sets(con)
        at_once = _sets(con)
    assert kept == {narrative.document["disclosure_id"]}  # the first narrative was not linked again
    assert len(at_once["set_claim_links"]) == 2 * len(narrative.claims)
    assert in_steps == at_once


def test_linking_a_chunk_of_disclosures_at_a_time_links_as_all_at_once(sample_extraction, tmp_path, monkeypatch):
    """Placing and linking hold the claims and cells of CHUNK disclosures at a time (a year's thousands of
    pairs held at once took GBs): one at a time, the sets and links are those of all at once."""
    import pipelines.sets.links as links

    other = replace(sample_extraction, document={**sample_extraction.document, "unit_name": "另一个单位",
                                                 "source_sha256": "f" * 64})
    parts = [*_split(sample_extraction)]
    for part in _split(other):  # the other unit's two files, in a folder of its own
        name = part.document["source_file"].rsplit("/", 1)[-1]
        parts.append(replace(part, document={**part.document, "source_file": f"2026/另一个单位/{name}"}))
    found = {}
    for chunk in (1, links.CHUNK):
        monkeypatch.setattr(links, "CHUNK", chunk)
        with connect(tmp_path / f"chunk{chunk}.duckdb") as con:
            for part in parts:
                replace_disclosure(con, part.document["disclosure_id"], stage(part))
            link_sets(con)
            found[chunk] = _sets(con)
    assert len(found[1]["set_claim_links"]) == 2 * len(sample_extraction.claims)  # both narratives linked
    assert found[1] == found[links.CHUNK]
