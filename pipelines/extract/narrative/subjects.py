"""What a claim speaks of: its subject's words and keys, the 类/款/项 it names, and the table its section
or its words point to."""

from __future__ import annotations

import re

from ..text import squash, strip_outline
from .vocabulary import _THREE_PUBLIC, _UNIT_NAME, LEVELLED_NAME


def _key(text: str | None) -> str:
    """A label as compared with the narrative's words: no outline number, quotes or trailing letter code,
    and 运行维护费 read as 运行费 (tables and narratives use both)."""
    s = strip_outline(text or "")
    s = re.sub(r"[“”\"‘’']", "", s).replace("维护", "")
    return re.sub(r"[A-Z]$", "", s)


def _core(subject: str) -> str:
    """What a subject is about, without the unit's own name or the budget/决算 words around it."""
    s = _UNIT_NAME.sub("", _key(subject))
    s = re.sub(r"[（(](类|款|项)[）)]", "", s)
    s = re.sub(r"^(本年|年初|全年)", "", s)
    for _ in range(2):
        s = re.sub(r"(年初预算|预算数|支出预算|预算支出|预算|决算数|决算|安排)$", "", s)
    return s


def _title_key(text: str) -> str:
    """A table title or section heading reduced to what it names: 十二、2017年部门政府采购预算表情况说明 → 政府采购预算."""
    s = re.sub(r"^[一二三四五六七八九十]+、", "", squash(text))
    s = re.sub(r"\d{4}年度?|[“”\"]", "", s)
    s = re.sub(r"^(本部门|部门)", "", s)
    s = re.sub(r"(情况说明|说明|情况)$", "", s)
    return re.sub(r"表$", "", s)


def _titled_table(section: str, tables: list[dict]) -> int | None:
    """The table a section heading names (五、财政拨款支出预算表情况说明 → 财政拨款支出预算表): the longest
    title the heading contains, read with and without 支出."""
    heading = _title_key(section)
    best: tuple[int, int] | None = None
    within: tuple[int, int] | None = None  # a heading naming part of a title (机关运行经费预算 of “三公”经费和机关运行经费预算表)
    for t in tables:
        title = _title_key(t.get("table_title") or "")
        if len(title) < 4:
            continue
        for a, b in ((title, heading), (title.replace("支出", ""), heading.replace("支出", ""))):
            if a and a in b and (best is None or len(title) > best[0]):
                best = (len(title), t["table_seq"])
        if len(heading) >= 4 and heading in title and (within is None or len(title) < within[0]):
            within = (len(title), t["table_seq"])
    return best[1] if best else within[1] if within else None


def _table_named_by(subject: str, tables: list[dict]) -> int | None:
    """A table of no standard code that the claim's own words name by its title, where its section names
    none: 政府采购货物 238.78 万元 → 政府采购预算明细表 (the title without 预算, 明细, 情况)."""
    words = squash(subject)
    named = [
        (len(core), t["table_seq"]) for t in tables if t.get("table_code") == "X"
        for core in [re.sub(r"(预算|决算)?(明细|情况)?$", "", _title_key(t.get("table_title") or ""))]
        if len(core) >= 4 and core in words
    ]
    return max(named)[1] if named else None


def _section_table(section: str, subject: str, lead: str = "") -> str | None:
    """Which table a narrative section speaks of, where its heading names no table by title."""
    if "三公" in section or "三公" in subject or any(key in subject for key, item in _THREE_PUBLIC if item != "total"):
        return "T09"
    if "政府性基金" in section:
        return "T07"
    if "国有资本经营" in section:
        return "T08"
    if "一般公共预算" in section:
        return "T05"
    if "财政拨款收支" in section or "财政拨款收入支出" in section:
        return "T04"
    if "收入" in section:
        return "T01in"
    if "支出" in section:
        return "T03"
    if "收支" in section:
        return "T01"
    if "机关运行经费" in subject:
        return "T05"
    # a part without numbered sections (部门预算编制说明) states the totals of the 收支总表
    if re.fullmatch(r"(收入|支出|收支)(预算)?(总计|合计|总)?", _core(subject)):
        return "T01"
    if not _core(subject) and re.search(r"收入(预算)?(总计|合计)?$", lead):
        return "T01in"
    if not _core(subject) and re.search(r"支出(预算)?(总计|合计)?$", subject):
        return "T01"  # 部门预算支出 4,684.30 万元
    return None


def _variant(text: str) -> str:
    """其它 and 其他 are printed interchangeably."""
    return (text or "").replace("其它", "其他")


def _parent_names(subject: str) -> list[tuple[int, str]]:
    """The 类 and 款 a subject names above its most specific level, with their code lengths:
    一般公共服务支出（类）组织事务（款）一般行政管理事务（项） → [(3, '一般公共服务支出'), (5, '组织事务')]."""
    parts = LEVELLED_NAME.findall(subject.replace("“", "").replace("”", "").replace('"', ""))
    return [(3 if level == "类" else 5, re.sub(r"^\d+[.、．]\s*", "", name.strip())) for name, level in parts[:-1] if level != "项"]


def _level_name(subject: str) -> tuple[str | None, str]:
    """(level, name) of the most specific 类/款/项 the subject names: 行政运行（项） → ('项', '行政运行')."""
    parts = LEVELLED_NAME.findall(subject)
    if not parts:
        return None, subject
    name, level = parts[-1]
    if level == "类" and subject.rstrip().endswith("支出"):
        name += "支出"
    return level, re.sub(r"^\d+[.、．]\s*", "", name.strip())
