"""Disclosure sets: the files that together publish one unit's budget or final accounts of one year.

Some publishers print the narrative (情况说明) and the tables (报表) as two PDFs: Beijing's 附件1 and
附件2, Jiangsu's 公开文件 and 公开表格. Files belong to one set when the documents name the same unit,
fiscal year, report kind and scope; a file whose narrative has no standard table of its own is read
against the one file of its set that prints them. Where the documents cannot decide (two table files,
a unit printed under two names), a reviewed mapping decides (dbt seed disclosure_sets.csv), by content
hash, never by file name.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from ..extract.text import squash

_SEEDS = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds"
MAPPING_FILE = _SEEDS / "disclosure_sets.csv"
ALIASES_FILE = _SEEDS / "unit_aliases.csv"
# how one unit's name is printed in its own documents: the party prefix is optional (江苏省委办公厅,
# 中共江苏省委办公厅) and 委员会 is shortened to 委 (中国共产党江苏省委员会办公厅)
_PARTY_PREFIX = re.compile(r"^(中国共产党|中共)")


@dataclass(frozen=True)
class Member:
    """What the documents say about one loaded file."""

    disclosure_id: str
    source_sha256: str
    source_file: str
    unit_name: str | None
    fiscal_year: int | None
    report_kind: str | None
    scope: str | None
    has_tables: bool  # a standard table (T01–T09) located in it
    has_narrative: bool  # a claim read from its narrative
    document_kind: str | None = "disclosure"  # a performance document is in no disclosure's set


@dataclass(frozen=True)
class Placement:
    """One file's place in its set: its role, and for a narrative, the file whose tables it is read against."""

    disclosure_id: str
    set_id: str
    role: str  # whole (narrative and tables), narrative, tables, other
    tables_disclosure_id: str | None
    decided_by: str | None  # documents, mapping
    note: str | None


def unit_key(name: str | None, aliases: dict[str, str]) -> str | None:
    """The unit a printed name stands for: the reviewed alias where there is one, then the party prefix
    and 委员会 written one way."""
    if not name:
        return None
    name = aliases.get(squash(name), squash(name))
    return _PARTY_PREFIX.sub("", name).replace("委员会", "委")


def _role(m: Member) -> str:
    if m.document_kind not in (None, "disclosure"):
        return "other"  # a performance document is what it is: no part of a disclosure's set
    return {(True, True): "whole", (False, True): "narrative", (True, False): "tables"}.get(
        (m.has_tables, m.has_narrative), "other")


def _set_id(key: tuple) -> str:
    return hashlib.sha256("|".join(map(str, key)).encode()).hexdigest()[:16]


def _key(m: Member, aliases: dict[str, str]) -> tuple | None:
    if _role(m) == "other":
        return None
    unit = unit_key(m.unit_name, aliases)
    if unit is None or m.fiscal_year is None or m.report_kind is None:
        return None  # the documents do not say enough to place it beside another file
    return unit, m.fiscal_year, m.report_kind, m.scope


def _narrative_placement(m: Member, set_id: str, members: list[Member]) -> Placement:
    """A narrative without tables of its own: the one file of its set that prints them, or why none is."""
    printing = [o for o in members if o.has_tables and o.disclosure_id != m.disclosure_id]
    if len(printing) == 1:
        return Placement(m.disclosure_id, set_id, "narrative", printing[0].disclosure_id, "documents", None)
    if printing:
        names = ", ".join(sorted(o.source_file for o in printing))
        note = f"{len(printing)} files of its set print tables ({names}): name one in disclosure_sets.csv"
    else:
        note = "a narrative whose tables are in no loaded file"
    return Placement(m.disclosure_id, set_id, "narrative", None, None, note)


# a tables file that states no year is a narrative's where this many of the narrative's figures are its cells'
_AGREEMENT = 3


def _yearless_tables(placements: list[Placement], members: list[Member], aliases: dict[str, str],
                     agreement: Callable[[Member, Member], int]) -> list[Placement]:
    """Narratives left without tables, read against the tables files of their unit and kind that state no year
    (a 公开表 printing only its tables): each goes with the one whose cells print the most of its figures, where
    they print at least three and more than any other's, and no other narrative prints more of them."""
    by_id = {m.disclosure_id: m for m in members}
    yearless = [m for m in members if m.has_tables and m.fiscal_year is None and _role(m) != "other"]
    of_unit: dict[str | None, list[Member]] = {}
    for t in yearless:
        of_unit.setdefault(unit_key(t.unit_name, aliases), []).append(t)
    scores: dict[tuple[str, str], int] = {}
    for p in placements:
        m = by_id[p.disclosure_id]
        if p.role != "narrative" or p.tables_disclosure_id is not None:
            continue
        for t in of_unit.get(unit_key(m.unit_name, aliases), []):
            if t.report_kind in (m.report_kind, None):
                scores[(m.disclosure_id, t.disclosure_id)] = agreement(m, t)
    # each pair against the other pairs of its narrative and of its tables file (indexed: a year holds thousands)
    of_narrative: dict[str, list[tuple[str, int]]] = {}
    of_tables: dict[str, list[tuple[str, int]]] = {}
    for (narrative, tables), score in scores.items():
        of_narrative.setdefault(narrative, []).append((tables, score))
        of_tables.setdefault(tables, []).append((narrative, score))
    chosen: dict[str, tuple[str, int]] = {}
    for (narrative, tables), score in scores.items():
        rivals = [s for t, s in of_narrative[narrative] if t != tables]
        claimants = [s for n, s in of_tables[tables] if n != narrative]
        if score >= _AGREEMENT and all(score > s for s in rivals + claimants):
            chosen[narrative] = (tables, score)
    set_of = {p.disclosure_id: p.set_id for p in placements}
    return [
        replace(p, set_id=set_of[chosen[p.disclosure_id][0]], tables_disclosure_id=chosen[p.disclosure_id][0], decided_by="documents",
                note=f"its tables file states no year; it prints {chosen[p.disclosure_id][1]} of this narrative's figures")
        if p.disclosure_id in chosen else p
        for p in placements
    ]


def place(members: list[Member], aliases: dict[str, str], mapping: dict[str, str],
          agreement: Callable[[Member, Member], int] | None = None) -> list[Placement]:
    """Every member's placement. mapping: narrative file's sha256 → its tables file's sha256 (reviewed).
    agreement(narrative, tables): how many of the narrative's figures the tables file's cells print, to place
    a narrative beside a tables file that states no year."""
    by_sha = {m.source_sha256: m for m in members}
    keys = {m.disclosure_id: _key(m, aliases) for m in members}
    sets: dict[tuple, list[Member]] = {}
    for m in members:
        sets.setdefault(keys[m.disclosure_id] or ("file", m.disclosure_id), []).append(m)
    out = []
    for key, group in sets.items():
        set_id = _set_id(key)
        for m in group:
            mapped = by_sha.get(mapping.get(m.source_sha256, ""))
            if mapped is not None and _role(m) == "narrative":
                out.append(Placement(m.disclosure_id, _set_id(keys[mapped.disclosure_id] or ("file", mapped.disclosure_id)),
                                     "narrative", mapped.disclosure_id, "mapping", None))
            elif _role(m) == "narrative":
                out.append(_narrative_placement(m, set_id, group))
            else:
                out.append(Placement(m.disclosure_id, set_id, _role(m), None, None, None))
    out = _yearless_tables(out, members, aliases, agreement) if agreement is not None else out
    # a file a narrative is read against is that disclosure's tables, whatever prose of its own it prints (the
    # performance forms of a 报表)
    tables_of = {p.tables_disclosure_id for p in out if p.role == "narrative" and p.tables_disclosure_id}
    return [replace(p, role="tables") if p.role == "whole" and p.disclosure_id in tables_of else p for p in out]


def read_aliases(path: Path = ALIASES_FILE) -> dict[str, str]:
    """Printed unit name → the unit it stands for (dbt seed unit_aliases.csv)."""
    if not path.exists():
        return {}
    with open(path, encoding="utf-8") as fh:
        return {squash(row["unit_name"]): squash(row["unit_key"]) for row in csv.DictReader(fh)}


def read_mapping(path: Path = MAPPING_FILE) -> dict[str, str]:
    """Narrative file's sha256 → its tables file's sha256 (dbt seed disclosure_sets.csv)."""
    if not path.exists():
        return {}
    with open(path, encoding="utf-8") as fh:
        return {row["narrative_sha256"].strip(): row["tables_sha256"].strip() for row in csv.DictReader(fh)}
