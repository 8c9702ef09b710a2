"""The disclosure sets of the loaded files, and the claims of each narrative-only file linked to the
tables of its companion file, written to raw.disclosure_sets and raw.set_claim_links.

Runs after every load, over every loaded disclosure: a companion may arrive in a later run than its
narrative. Reads only the warehouse (the claims, cells and located tables as loaded), so its result
does not depend on the extraction cache.
"""

from __future__ import annotations

from dataclasses import asdict, fields

import duckdb
import pandas as pd

from schemas import CELL_TABLES, SET_SCHEMAS

from ..extract.normalize.header import is_current_column
from ..extract.narrative import Claim, link_claims
from ..extract.narrative.cells import _agrees
from ..load.staging import validation_schema
from ..run.plan import has_table
from ..load.warehouse import ensure_schema, replace_sets
from .placing import Member, Placement, place, read_aliases, read_mapping

_CLAIM_FIELDS = [f.name for f in fields(Claim)]
# the disclosures whose claims and cells are held at once: a year's crawl pairs thousands of narratives with
# their tables files, and holding every cell of every companion at once took GBs
CHUNK = 400
_CELL_COLUMNS = ("table_seq", "table_code", "page_number", "row_number", "side", "row_label", "row_role",
                 "subject_code", "column_index", "column_path", "amount_yuan")


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def read_members(con: duckdb.DuckDBPyConnection) -> list[Member]:
    """Every loaded disclosure, with whether it prints standard tables and whether its narrative was read."""
    rows = _rows(con, """
        select d.disclosure_id, d.source_sha256, d.source_file, d.unit_name, d.fiscal_year, d.report_kind, d.scope, d.document_kind,
            exists (select 1 from raw.located_tables t where t.disclosure_id = d.disclosure_id
                    and t.table_code like 'T%' and t.status in ('extracted', 'empty')) as has_tables,
            exists (select 1 from raw.narrative_claims c where c.disclosure_id = d.disclosure_id) as has_narrative
        from raw.disclosures d where d.status in ('loaded', 'partial') order by d.disclosure_id""")
    return [Member(**{**r, "fiscal_year": None if r["fiscal_year"] is None else int(r["fiscal_year"])}) for r in rows]


class _Store:
    """The claims, cells and located tables of the disclosures placing and linking read: fetched for many
    disclosures in one scan per table (a query per disclosure would scan every table once per narrative),
    and per disclosure only for what was not fetched."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con, self._claims, self._tables, self._unlinked = con, {}, {}, {}

    def fetch(self, claims_of: set[str], tables_of: set[str]) -> None:
        claims_of, tables_of = claims_of - set(self._claims), tables_of - set(self._tables)
        if claims_of:
            self._claims |= {d: [] for d in claims_of}
            self._unlinked |= {d: set() for d in claims_of}
            for r in _rows(self.con, f"select disclosure_id, link_table_seq is null as _unlinked, {', '.join(_CLAIM_FIELDS)}"
                           " from raw.narrative_claims"
                           " where disclosure_id in (select unnest($1)) order by disclosure_id, claim_no", [sorted(claims_of)]):
                did = r.pop("disclosure_id")
                if r.pop("_unlinked"):
                    self._unlinked[did].add(r["claim_no"])
                self._claims[did].append(Claim(**{**r, "lead": r["lead"] or "", "budget_figure": bool(r["budget_figure"])}))
        if tables_of:
            self._tables |= {d: ([], []) for d in tables_of}
            columns = ", ".join(("disclosure_id", *_CELL_COLUMNS))
            union = " union all ".join(f"select {columns} from raw.{name} where disclosure_id in (select unnest($1))"
                                       for name, _ in CELL_TABLES.values())
            for r in _rows(self.con, f"select * from ({union}) order by disclosure_id, table_seq, row_number, column_index",
                           [sorted(tables_of)]):
                self._tables[r.pop("disclosure_id")][0].append(r)
            for r in _rows(self.con, "select disclosure_id, table_seq, table_code, table_title from raw.located_tables"
                           " where disclosure_id in (select unnest($1)) order by disclosure_id, table_seq", [sorted(tables_of)]):
                self._tables[r.pop("disclosure_id")][1].append(r)

    def forget(self, disclosure_ids: set[str]) -> None:
        for did in disclosure_ids:
            for held in (self._claims, self._unlinked, self._tables):
                held.pop(did, None)

    def claims(self, disclosure_id: str) -> list[Claim]:
        self.fetch({disclosure_id}, set())
        return self._claims[disclosure_id]

    def unlinked(self, disclosure_id: str) -> set[int]:
        """The claims its own file's tables do not link."""
        self.fetch({disclosure_id}, set())
        return self._unlinked[disclosure_id]

    def tables(self, disclosure_id: str) -> tuple[list[dict], list[dict]]:
        """The cells and located tables of one disclosure, as loaded."""
        self.fetch(set(), {disclosure_id})
        return self._tables[disclosure_id]


def _linked(store: _Store, member: Member, placement: Placement) -> list[dict]:
    """The narrative's claims that its own file does not link, each linked to the companion's cells (or
    given the reason none is)."""
    claims = store.claims(member.disclosure_id)
    unlinked = store.unlinked(member.disclosure_id)
    if placement.tables_disclosure_id is None:
        return [{"disclosure_id": member.disclosure_id, "claim_no": c.claim_no, "tables_disclosure_id": None,
                 "link_note": placement.note} for c in claims if c.claim_no in unlinked]
    cells, tables = store.tables(placement.tables_disclosure_id)
    current = [c for c in cells if is_current_column(c["column_path"] or "", member.fiscal_year)]
    links = link_claims(claims, current, tables, member.report_kind, member.unit_name)
    return [
        {"disclosure_id": member.disclosure_id, "claim_no": claim.claim_no, "tables_disclosure_id": placement.tables_disclosure_id,
         **{k: v for k, v in link.items() if k != "budget_figure"}}
        for claim, link in zip(claims, links) if claim.claim_no in unlinked
    ]


def _frame(name: str, rows: list[dict]) -> pd.DataFrame:
    columns = list(SET_SCHEMAS[name].to_schema().columns)
    frame = pd.DataFrame([{c: r.get(c) for c in columns} for r in rows], columns=columns).astype(object)
    frame = frame.where(frame.notna(), None)
    for column in ("link_table_seq", "link_row_number", "link_column_index", "share_base_claim_no",
                   "share_base_table_seq", "share_base_row_number", "share_base_column_index"):
        if column in frame:
            frame[column] = frame[column].astype("float64")
    if "claim_no" in frame:
        frame["claim_no"] = frame["claim_no"].astype("int64")
    return validation_schema(SET_SCHEMAS[name]).validate(frame)


class _Agreement:
    """How many of a narrative's figures a tables file's cells print, each linked and agreeing to the precision
    stated: the measure by which a narrative finds its tables file where that file states no year. Counted
    once per pair: kept in meta.set_agreements and counted again only when either file changed."""

    def __init__(self, con: duckdb.DuckDBPyConnection, store: _Store):
        self.con, self.store, self.fresh, self.used = con, store, {}, set()
        self.kept = {}
        if has_table(con, "meta", "set_agreements"):
            changed = "select disclosure_id from raw.pending_changes" if has_table(con, "raw", "pending_changes") else "select null"
            self.kept = {(n, t): c for n, t, c in con.execute(
                f"select narrative_id, tables_id, agreeing from meta.set_agreements"
                f" where narrative_id not in ({changed}) and tables_id not in ({changed})").fetchall()}

    def __call__(self, narrative: Member, tables: Member) -> int:
        key = (narrative.disclosure_id, tables.disclosure_id)
        self.used.add(key)
        if key in self.kept:
            return self.kept[key]
        return self.count(narrative, tables)

    def count(self, narrative: Member, tables: Member) -> int:
        """The pair's count, computed once."""
        key = (narrative.disclosure_id, tables.disclosure_id)
        if key in self.fresh:
            return self.fresh[key]
        cells, located = self.store.tables(tables.disclosure_id)
        claims = self.store.claims(narrative.disclosure_id)
        links = link_claims(claims, cells, located, narrative.report_kind, narrative.unit_name)
        by_cell = {(c["table_seq"], c["row_number"], c["column_index"]): c.get("amount_yuan") for c in cells}
        self.fresh[key] = sum(
            1 for claim, link in zip(claims, links)
            if link["link_table_seq"] is not None and not link.get("link_note")
            and (amount := by_cell.get((link["link_table_seq"], link["link_row_number"], link["link_column_index"]))) is not None
            and _agrees(claim, amount)
        )
        return self.fresh[key]

    def save(self) -> None:
        """Keep the pairs asked for in this placing (those of files no longer placed so go)."""
        self.con.execute("create schema if not exists meta")
        self.con.execute("create or replace table meta.set_agreements (narrative_id varchar, tables_id varchar, agreeing integer)")
        counts = {**self.kept, **self.fresh}
        used = sorted(self.used)
        if used:  # one statement for all (a statement per row took a second per 1,500 pairs)
            self.con.execute("insert into meta.set_agreements select unnest(?::varchar[]), unnest(?::varchar[]), unnest(?::integer[])",
                             [[n for n, _ in used], [t for _, t in used], [counts[key] for key in used]])


def _kept_links(con: duckdb.DuckDBPyConnection, placements: list[Placement]) -> set[str]:
    """The narratives whose links written before stay: placed as before with the same companion, neither
    changed since (raw.pending_changes). A run then links, validates and writes only what is new, however
    many disclosures the warehouse holds."""
    if not has_table(con, "raw", "pending_changes"):
        return set()
    before = {r["disclosure_id"]: r for r in _rows(
        con, "select disclosure_id, tables_disclosure_id, set_note from raw.disclosure_sets where set_role = 'narrative'")}
    changed = {d for (d,) in con.execute("select disclosure_id from raw.pending_changes").fetchall()}
    return {p.disclosure_id for p in placements
            if (old := before.get(p.disclosure_id)) and p.disclosure_id not in changed
            and p.tables_disclosure_id not in changed
            and (old["tables_disclosure_id"], old["set_note"]) == (p.tables_disclosure_id, p.note)}


def _chunks(items: list) -> list[list]:
    return [items[i:i + CHUNK] for i in range(0, len(items), CHUNK)]


def build_sets(con: duckdb.DuckDBPyConnection) -> tuple[dict[str, pd.DataFrame], set[str]]:
    """raw.disclosure_sets as a frame, and the rows of raw.set_claim_links to write (those of the
    narratives linked again), validated; with the narratives whose links stay as they are."""
    members, aliases, mapping = read_members(con), read_aliases(), read_mapping()
    store = _Store(con)
    agreement = _Agreement(con, store)
    asked: list[tuple[Member, Member]] = []  # the pairs placing reads do not depend on the counts: listed first
    place(members, aliases, mapping, lambda n, t: asked.append((n, t)) or 0)
    new = [(n, t) for n, t in asked if (n.disclosure_id, t.disclosure_id) not in agreement.kept]
    for chunk in _chunks(new):  # counted a chunk at a time, each chunk's claims and cells fetched in one scan
        narratives, tables = {n.disclosure_id for n, _ in chunk}, {t.disclosure_id for _, t in chunk}
        store.fetch(narratives, tables)
        for narrative, companion in chunk:
            agreement.count(narrative, companion)
        store.forget(narratives | tables)
    placements = place(members, aliases, mapping, agreement)
    agreement.save()
    by_id = {m.disclosure_id: m for m in members}
    narratives = [p for p in placements if p.role == "narrative"]
    kept = _kept_links(con, narratives)
    relink = [p for p in narratives if p.disclosure_id not in kept]
    links = []
    for chunk in _chunks(relink):
        narratives, tables = {p.disclosure_id for p in chunk}, {p.tables_disclosure_id for p in chunk if p.tables_disclosure_id}
        store.fetch(narratives, tables)
        links += [row for p in chunk for row in _linked(store, by_id[p.disclosure_id], p)]
        store.forget(narratives | tables)
    sets = [{**asdict(p), "set_role": p.role, "set_note": p.note} for p in placements]
    return {"disclosure_sets": _frame("disclosure_sets", sets), "set_claim_links": _frame("set_claim_links", links)}, kept


def link_sets(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Place every loaded file in its set and link narrative-only files to their companion's tables.
    Returns the rows each table holds after."""
    ensure_schema(con)
    frames, kept = build_sets(con)
    replace_sets(con, frames, keep={"set_claim_links": kept})
    return {name: con.execute(f"select count(*) from raw.{name}").fetchone()[0] for name in frames}
