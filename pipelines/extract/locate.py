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

# Checked in order: the first rule whose words all occur in the title wins. Tables outside the nine
# (机关运行经费, 政府采购, 项目支出, all-fiscal-fund 财政拨款支出表) are X before the broad rules catch them.
_RULES: list[tuple[str, tuple[str, ...]]] = [
    ("P01", ("绩效目标",)),
    ("T09", ("三公",)),
    ("X", ("机关运行经费",)),
    ("X", ("政府采购",)),
    ("X", ("项目支出",)),
    ("T08", ("国有资本经营", "支出")),
    ("T07", ("政府性基金", "支出")),
    ("T06", ("一般公共预算", "基本支出")),
    ("T05", ("一般公共预算", "支出")),
    ("T04", ("财政拨款收支",)),
    ("T04", ("财政拨款收入支出",)),
    ("X", ("财政拨款",)),
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
_TITLE_WORDS = re.compile(r"三公|绩效目标|一般公共预算|政府性基金|国有资本经营|财政拨款|机关运行经费|政府采购")


@dataclass
class Title:
    code: str
    title: str
    page: int
    top: float


def classify_title(line: str) -> str | None:
    """Map a printed table title to its table code, or None if the line is not a table title."""
    s = re.sub(r"\s+", "", line)
    s = re.sub(r"[（(][^（()）]{1,12}[）)]$", "", s)  # a qualifier after the title: （功能科目）, （一般公共预算）
    if not _TITLE_END.search(s) or len(s) > 48 or re.search(r"[。，；,;]|说明|情况", s):
        return None
    if re.search(r"\d[\d,]*\.\d", s) or len(re.findall(r"[\u4e00-\u9fff]", s)) < 4:
        return None  # figures, or too few words to name a table
    if re.match(r"^(详见|见|参见|附)", s):
        return None  # a sentence pointing at tables published elsewhere
    if re.match(r"^第[一二三四五六七八九十]+部分", s):
        return None  # a part heading (第二部分 …部门预算表), not a table
    s = re.sub(r"^\d{1,3}(?=公开)", "", s)  # a page number run into a 公开12表 label
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
    """Table titles printed on the page. A run of titles on consecutive lines is a list of tables (a
    table of contents, or a 报表名称 index printed as a grid), not tables."""
    if is_toc(page):
        return []
    lines = [(line, top) for line, top in page.lines if 0 <= top <= page.height + 1]  # text off the page is not printed
    found, consumed = [], set()
    for i, (line, top) in enumerate(lines):
        if i in consumed:
            continue
        code, last = classify_title(line), i
        if not code and i + 1 < len(lines) and len(re.sub(r"\s+", "", lines[i + 1][0])) <= 6:
            # a long title wrapped onto a short second line: 一般公共预算“三公”经费、会议费、培训费 / 支出预算表
            nxt = lines[i + 1][0]
            joined = line + nxt
            if classify_title(joined) and (not classify_title(nxt) or _TITLE_WORDS.search(line)):
                code, line, last = classify_title(joined), joined, i + 1
                consumed.add(i + 1)
        if code:
            found.append((i, code, line, top))
    # three or more titles on consecutive lines are a list of tables, not tables
    index = {i for i, *_ in found} | consumed
    runs, listed = [], set()
    for i in sorted(index):
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    for run in runs:
        if len(run) >= 3:
            listed.update(run)
    return [
        Title(code, _PREFIX.sub("", re.sub(r"\s+", "", line)) or line, page.number, top)
        for i, code, line, top in found
        if i not in listed
    ]


def caption_unit(page: PageText, below: float, above: float | None = None) -> str | None:
    """The money unit printed on the page between a title (above) and its grid top (below)."""
    from .text import find_unit

    for line, top in page.lines:
        if top >= below - 1 and (above is None or top <= above + 1):
            unit = find_unit(line)
            if unit:
                return unit
    return None
