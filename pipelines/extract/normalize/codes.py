"""Each row's subject code: printed in a code column, split over 类/款/项 columns (sometimes only the
sub-code: 08 under 201), or inside the name cell ([2120106]工程建设管理, 2120106-工程建设管理).

A code that cannot be a code of its table's classification (a "7" where a 类 of three digits belongs)
is kept as printed and marked malformed; where the rows around it determine the code (its name is a
类 of the national classification, or the rows after it need a parent no row above printed), that code
is recorded beside it as implied. It never replaces the printed one.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..text import squash
from ..vocabulary import ECONOMIC_TABLES, FUNCTION_TABLES

FUNCTION_CODE = re.compile(r"^2\d{2}(\d{2}){0,2}$")  # 功能分类: 类 3 / 款 5 / 项 7 digits
ECONOMIC_CODE = re.compile(r"^[35]\d{2}(\d{2}){0,2}$")  # 经济分类: 类 3 / 款 5 (some regions 7) digits
ANY_CODE = re.compile(r"^\d{3,9}$")
# a code at the start of a name cell: [30309]奖励金, 2120106-工程建设管理, 30101 基本工资 (not 2026年…, 100万元)
EMBEDDED = re.compile(r"^[\[【［(（]?\s*(\d{3}|\d{5}|\d{7})\s*[\]】］)）]?\s*[-—－_.、:：]?\s*(?![\d万元年月日%个人次])(\S.*)$")
_SEEDS = Path(__file__).resolve().parents[3] / "dbt_project" / "seeds"
# the seeds extraction reads: part of what the extractor is, like its code
SEED_FILES = (_SEEDS / "function_classes.csv", _SEEDS / "function_class_aliases.csv")


@cache
def class_names() -> dict[str, str]:
    """Name → code of the national 功能分类 类, and their earlier names (the dbt seeds, one source)."""
    names: dict[str, str] = {}
    for path, name_column in zip(SEED_FILES, ("subject_name", "alias")):
        with open(path, encoding="utf-8") as fh:  # a missing seed is an installation error, never "no names"
            names.update({squash(row[name_column]): row["subject_code"] for row in csv.DictReader(fh)})
    return names


def code_pattern(table_code: str) -> re.Pattern:
    if table_code in FUNCTION_TABLES:
        return FUNCTION_CODE
    if table_code in ECONOMIC_TABLES:
        return ECONOMIC_CODE
    return ANY_CODE


# a name cell whose code follows a few words without digits: the tail of the name above it, wrapped into this
# row's cell (缴费支出2080506-机关事业单位职业年金, under 2080505-机关事业单位基本养老保险…)
_AFTER_TAIL = re.compile(r"^[\u4e00-\u9fff（）()“”]{1,16}?(\d{3}|\d{5}|\d{7})[-—－](?![\d万元年月日%个人次])(\S.*)$")


def split_embedded(label: str) -> tuple[str | None, str]:
    """(code, name) of a name cell that begins with its code, or whose code follows the wrapped tail of the
    name above it; (None, label) otherwise."""
    text = (label or "").strip()
    m = EMBEDDED.match(text) or _AFTER_TAIL.match(text)
    return (m.group(1), m.group(2).strip()) if m else (None, label)


def classification_of(codes: list[str]) -> str | None:
    """function or economic, by what most of a column's codes are."""
    codes = [c for c in codes if c]
    if not codes:
        return None
    function = sum(bool(FUNCTION_CODE.match(c)) for c in codes)
    economic = sum(bool(re.match(r"^[35]\d{2}", c)) and len(c) in (3, 5, 7) for c in codes)
    if function >= economic and function * 2 >= len(codes):
        return "function"
    return "economic" if economic * 2 >= len(codes) else None


@dataclass
class RowCode:
    code: str | None  # the row's full code: printed whole, or composed from the 类/款 above
    printed: str  # the code cells as printed, joined by a space
    basis: str | None = None  # printed | composed | implied | malformed
    implied: str | None = None  # for a malformed code: the code the rows around it determine


class SplitCodes:
    """Composes the codes of split 类/款/项 columns, row by row, from what the rows above printed."""

    def __init__(self, table_code: str):
        self.pattern = code_pattern(table_code)
        self.context: list[str | None] = [None, None]  # the 类 and the 类款 printed above
        self.implied_context = False

    def read(self, parts: list[str], name: str) -> RowCode:
        printed = " ".join(p for p in parts if p)
        if not printed:
            return RowCode(None, "")
        if not all(p.isdigit() for p in parts if p):
            return RowCode(None, printed)  # 合计 printed across the code columns
        first = next(i for i, p in enumerate(parts) if p)
        if first == 0 and len(parts) > 1:
            if len(parts[0]) != 3 or any(len(p) > 2 for p in parts[1:] if p):
                return self._malformed(parts, name, printed)
            code = parts[0] + "".join(p.zfill(2) for p in parts[1:] if p)
            basis = "printed"
        elif len(parts) == 1:
            code, basis = parts[0], "printed"
        else:
            prefix = self.context[first - 1] if first - 1 < len(self.context) else None
            if prefix is None or any(len(p) > 2 for p in parts[first:] if p):
                return self._malformed(parts, name, printed)
            code = prefix + "".join(p.zfill(2) for p in parts[first:] if p)
            basis = "implied" if self.implied_context else "composed"
        if not self.pattern.match(code):
            return self._malformed(parts, name, printed)
        self._remember(code, basis == "implied")
        return RowCode(code, printed, basis)

    def _remember(self, code: str, implied: bool) -> None:
        level = (len(code) - 3) // 2
        if level == 0:
            self.context = [code, None]
            self.implied_context = implied
        elif level == 1:
            self.context[1] = code

    def _malformed(self, parts: list[str], name: str, printed: str) -> RowCode:
        implied = class_names().get(squash(name)) if len(parts) > 1 and parts[0] else None
        if implied:
            self._remember(implied, True)
        return RowCode(None, printed, "malformed", implied)


def read_code(printed: str, table_code: str) -> RowCode:
    """A code printed whole in one column (or inside the name cell)."""
    s = re.sub(r"\s", "", printed or "")
    if not s:
        return RowCode(None, "")
    if not s.isdigit():
        return RowCode(None, s)
    if code_pattern(table_code).match(s):
        return RowCode(s, s, "printed")
    return RowCode(None, s, "malformed")


def imply_codes(rows: list[tuple[RowCode, str]]) -> None:
    """Fill `implied` of malformed whole codes from the rows around them: a 类 whose name the national
    classification knows; else the parent the next row needs that no row above printed."""
    seen: set[str] = set()
    for i, (row, name) in enumerate(rows):
        if row.code:
            seen.add(row.code)
        if row.basis != "malformed" or row.implied:
            continue
        known = class_names().get(squash(name))
        if known and known not in seen:
            row.implied = known
            continue
        following = next((r.code for r, _ in rows[i + 1 :] if r.code), None)
        if following is None:
            continue
        parents = [following[:n] for n in range(3, len(following), 2)]
        missing = [p for p in parents if p not in seen]
        if len(missing) == 1:
            row.implied = missing[0]
