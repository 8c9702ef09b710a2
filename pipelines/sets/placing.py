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
from dataclasses import dataclass
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
    return {(True, True): "whole", (False, True): "narrative", (True, False): "tables"}.get(
        (m.has_tables, m.has_narrative), "other")


def _set_id(key: tuple) -> str:
    return hashlib.sha256("|".join(map(str, key)).encode()).hexdigest()[:16]


def _key(m: Member, aliases: dict[str, str]) -> tuple | None:
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


def place(members: list[Member], aliases: dict[str, str], mapping: dict[str, str]) -> list[Placement]:
    """Every member's placement. mapping: narrative file's sha256 → its tables file's sha256 (reviewed)."""
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
    return out


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
