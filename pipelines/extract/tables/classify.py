"""A table's code from the parts of its title and the vocabulary of its header, together."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..vocabulary import HEADER_FAMILIES, LEADING_LABEL, TITLE_PARTS, TITLE_RULES

_PARTS = {name: re.compile(pattern) for name, pattern in TITLE_PARTS.items()}
_FAMILIES = [(name, tuple(re.compile(p) for p in patterns), codes) for name, patterns, codes in HEADER_FAMILIES]
_QUALIFIER = re.compile(r"[（(][^（()）]{1,16}[）)]$")
_YEAR = re.compile(r"^\d{4}年度?")


@dataclass(frozen=True)
class Classification:
    code: str
    basis: str  # title | header | title+header | none
    note: str | None = None  # where the header contradicts the title
    family: str | None = None  # the family of tables the header's vocabulary belongs to


def core_title(title: str) -> str:
    """The title without its list label, year and a trailing qualifier such as （续）."""
    s = re.sub(r"\s+", "", title or "")
    s = LEADING_LABEL.sub("", s)
    s = _YEAR.sub("", s)
    s = re.sub(r"[（(]续(表)?[）)]$|续表$", "", s)
    return s


@lru_cache(maxsize=4096)
def title_parts(title: str) -> frozenset[str]:
    s = core_title(title)
    return frozenset(name for name, pattern in _PARTS.items() if pattern.search(s))


@lru_cache(maxsize=4096)
def code_from_title(title: str) -> str | None:
    """The code the title's parts give, or None where the title names no kind of table."""
    parts = title_parts(title)
    for code, required in TITLE_RULES:
        if all(p in parts for p in required):
            return code
    return None


def header_family(cells: list[str]) -> tuple[str, frozenset[str]] | None:
    """The family of tables whose header vocabulary the cells hold (header texts and printed codes)."""
    texts = [re.sub(r"\s+", "", c) for c in cells if c and c.strip()]
    for name, patterns, codes in _FAMILIES:
        if all(any(p.search(t) for t in texts) for p in patterns):
            return name, codes
    return None


def _basic_by_economic_class(title: str | None, header_cells: list[str]) -> bool:
    """A general-budget table by economic class whose header splits 人员经费 and 公用经费 and prints no 项目支出 (nor
    专项业务经费)."""
    parts = title_parts(title or "")
    texts = [re.sub(r"\s+", "", c) for c in header_cells if c]
    return ({"general_budget", "economic"} <= parts and "performance" not in parts
            and any(re.search(r"人员经费", t) for t in texts) and any(re.search(r"公用经费", t) for t in texts)
            and not any(re.search(r"项目支出|项目经费|专项", t) for t in texts))  # 专项业务经费支出: more than basic


def classify(title: str | None, header_cells: list[str]) -> Classification:
    """Title first: its parts name the table. The header confirms it, or names the table where the title
    does not; a standard title that the header contradicts keeps its code and says so."""
    by_title = code_from_title(title) if title else None
    family = header_family(header_cells)
    if by_title == "X" and _basic_by_economic_class(title, header_cells):
        # 一般公共预算支出明细表（按支出经济分类科目） whose columns split 人员经费 and 公用经费 and print no 项目支出:
        # the basic expenditure by economic class, whatever its title leaves out
        return Classification("T06", "title+header", "the title names no 基本支出; its columns are 人员经费 and 公用经费 only",
                              family[0] if family else None)
    name = family[0] if family else None
    if by_title is None:
        if family and len(family[1]) == 1:
            return Classification(next(iter(family[1])), "header", family=name)
        note = f"the header reads like a {name} table" if family else None
        return Classification("X", "none", note, name)
    if family is None or by_title == "X":
        return Classification(by_title, "title", family=name)
    if by_title in family[1]:
        return Classification(by_title, "title+header", family=name)
    return Classification(by_title, "title", f"the title says {by_title}, the header reads like a {name} table", name)
