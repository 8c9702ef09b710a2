"""Finding the standard tables by their printed titles, whatever a publisher calls them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .pdf import PageText

TABLE_NAMES = {
    "T01": "收支总表",
    "T02": "收入总表",
    "T03": "支出总表",
    "T04": "财政拨款收支总表",
    "T05": "一般公共预算支出表",
    "T06": "一般公共预算基本支出表",
    "T07": "政府性基金预算支出表",
    "T08": "国有资本经营预算支出表",
    "T09": "“三公”经费支出表",
    "P01": "项目绩效目标表",
    "X": "其他表",
}

# Checked in order: the first rule whose words all occur in the title wins.
_RULES: list[tuple[str, tuple[str, ...]]] = [
    ("P01", ("绩效目标",)),
    ("T09", ("三公",)),
    ("T08", ("国有资本经营预算", "支出")),
    ("T07", ("政府性基金预算", "支出")),
    ("T06", ("一般公共预算", "基本支出")),
    ("T05", ("一般公共预算", "支出")),
    ("T04", ("财政拨款收支",)),
    ("T04", ("财政拨款收入支出",)),
    ("T01", ("收支",)),
    ("T01", ("收入支出",)),
    ("T02", ("收入",)),
    ("T03", ("支出",)),
]
_PREFIX = re.compile(
    r"^(部门公开表\s*\d+|公开\s*\d+\s*表|附表\s*\d+|表\s*\d+|[一二三四五六七八九十]+[、.．]|\d+[、.．]|[（(]\d+[）)])\s*"
)
_TITLE_END = re.compile(r"表\s*([（(]续[）)]|续表|（续表）)?$")
_TOC = re.compile(r"目\s*录")


@dataclass
class Title:
    code: str
    title: str
    page: int
    top: float


def classify_title(line: str) -> str | None:
    """Map a printed table title to its table code, or None if the line is not a table title."""
    s = re.sub(r"\s+", "", line)
    if not _TITLE_END.search(s) or len(s) > 48 or re.search(r"[。，；,;]|说明|情况", s):
        return None
    s = _PREFIX.sub("", s)
    s = re.sub(r"^\d{4}年度?", "", s)
    if len(s) < 3:
        return None
    for code, words in _RULES:
        if all(w in s for w in words):
            return code
    return "X"


def is_toc(page: PageText) -> bool:
    return any(_TOC.fullmatch(re.sub(r"\s+", "", line)) or _TOC.match(line) for line, _ in page.lines[:3])


def find_titles(page: PageText) -> list[Title]:
    if is_toc(page):
        return []
    titles = []
    for line, top in page.lines:
        code = classify_title(line)
        if code:
            titles.append(Title(code, _PREFIX.sub("", re.sub(r"\s+", "", line)) or line, page.number, top))
    return titles


def caption_unit(page: PageText, below: float, above: float | None = None) -> str | None:
    """The money unit printed on the page between a title (above) and its grid top (below)."""
    from .text import find_unit

    for line, top in page.lines:
        if top >= below - 1 and (above is None or top <= above + 1):
            unit = find_unit(line)
            if unit:
                return unit
    return None
