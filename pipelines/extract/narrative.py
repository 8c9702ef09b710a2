"""Quantitative claims of the narrative (情况说明): each figure, its change and percentage, and the
table cell it speaks of.

A claim is one stated amount with what the sentence says about it: "行政运行（项）2026年预算 9407.1
万元，比2025年执行数增加1810.7万元，增长16.14%" is one claim (amount, change, direction, growth,
comparison base). Claims are linked to a table cell by subject code or name, in the table the
section speaks of; the arithmetic is checked in dbt (int_narrative_checks).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache
from decimal import Decimal

from .titles import is_toc
from .pdf import PageText
from .text import UNIT_FACTORS, squash, strip_outline

MONEY = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(万元|亿元|元|万(?![\u4e00-\u9fff]*[人次件户个]))")
# counted things the narrative reports beside money: vehicles, equipment, projects
QUANTITY = re.compile(r"(\d+)\s*(辆|台\s*[（(]套[）)]|台|套)|(?<=项目)\s*(\d+)\s*(个)")
QUANTITY_UNITS = ["辆", "台（套）", "台", "套", "个"]
PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%")
CHANGE = re.compile(
    r"(增加|减少|增长|下降|减|增|小于|大于|少于|多于)(?:上年[^，,。；\d]{0,6}?)?\s*(\d[\d,]*(?:\.\d+)?)\s*(万元|亿元|元)"
)
# words that make the figure after them a change: 比上年增加 N 万元, 本年数小于上年预算数 N 万元
_CHANGE_BEFORE = re.compile(r"(增加|减少|增长|下降)[^，,。；\d]{0,6}$|(减|增)\s*$|(小于|大于|少于|多于)(上年[^，,。；\d]{0,6}?)?\s*$")
# 增长 ending a name (支持商销稳增长 30.00万) rather than stating a change
_NAMED_GROWTH = re.compile(r"[稳促保]增长$")
# the direction each change or growth word states
_DIRECTIONS = {
    "增长": "增加", "增": "增加", "增幅": "增加", "大于": "增加", "多于": "增加",
    "下降": "减少", "减": "减少", "降幅": "减少", "降低": "减少", "小于": "减少", "少于": "减少",
}
GROWTH = re.compile(r"(增长|下降|增加|减少|降幅|增幅|降低)\s*(?:为)?\s*(\d+(?:\.\d+)?)\s*%")
# a prior year's figure stated outright: "2023年当年预算执行数为 60.13 万元，2024年预算安排 25.77 万元"
PRIOR_LEAD = re.compile(r"(\d{4})\s*年(?:度)?(?:当年)?(?:预算)?(?:执行数|决算数|执行)\s*(?:为|是)?\s*$")
COMPLETION = re.compile(r"完成(?:年初)?预算(?:数)?的?\s*(\d+(?:\.\d+)?)\s*%")
SHARE = re.compile(r"占([^，。；%\d]{0,14}?)(?:的|比重为|比例为)?\s*(\d+(?:\.\d+)?)\s*%")
# the comparison base: 比2025年执行数, 较上年预算, 比2023年预算执行数 (groups: the year, the measure)
BASE = re.compile(r"(?:比|较|与)\s*(\d{4}\s*年|上年)[^，,。；]{0,14}?(执行数|预算数|决算数|预算|执行|决算)")
LEVELS = re.compile(r"[（(](类|款|项)[）)]")
_LIST_MARK = re.compile(r"^[（(]\d+[）)]|^\d+[.、．](?!\d)|^[（(][一二三四五六七八九十]+[）)]|^[一二三四五六七八九十]+、")


@dataclass
class Claim:
    claim_no: int
    page_number: int
    section: str
    sentence: str
    subject_text: str
    amount: str | None
    unit: str | None
    change: str | None
    direction: str | None
    percent: str | None
    percent_kind: str | None
    base: str | None
    share_of: str | None = None  # the total a share names (占“三公”经费的 65.6%), when it names one
    budget_figure: bool = False  # "年初预算为 X": a budget stated beside a final account
    lead: str = ""  # the words just before the figure, where 总计/合计 survive that the subject drops
    prior: str | None = None  # the prior year's figure where the sentence states it (same unit as amount)


def _money_unit(printed: str) -> str:
    """The unit of a printed figure: 1720.00万 is 万元."""
    return "万元" if printed == "万" else printed


def _section_heading(line: str) -> bool:
    if "。" in line or len(line) > 60:
        return False
    # numbered (五、财政拨款支出预算表情况说明) or a part's own title (2025年部门预算编制说明)
    return bool(re.match(r"^[一二三四五六七八九十]+、", line)) or bool(
        re.fullmatch(r"(\d{4}\s*年(度)?)?[\u4e00-\u9fff“”\"（）()]{2,30}(情况说明|编制说明)", line)
    )


def _heading_continues(heading: str, line: str) -> bool:
    """The rest of a heading wrapped onto a second line: 十一、…培训费支 / 出预算表情况说明."""
    return (
        not re.search(r"(说明|情况|表|预算|决算)$", heading)
        and not _LIST_MARK.match(line)
        and len(line) <= 20
        and not re.search(r"[\d。，,；]", line)
        and bool(re.search(r"(说明|情况|表)$", line))
    )


def narrative_text(
    pages: list[PageText], table_regions: dict[int, list[tuple[float, float, float, float]]]
) -> tuple[str, list[int], list[int], list[tuple[int, str]]]:
    """The narrative's text as one string (line breaks inside sentences removed), with the offsets
    where each page starts and the section headings by offset. On a page shared with a table only the
    lines outside the table's grid are narrative."""
    text, starts, numbers, headings = "", [], [], []
    glossary = False  # 名词解释 defines terms; its figures (缴存比例, 补贴标准) are not claims about this budget
    open_heading = False  # the last line read was a heading, which may wrap onto the next line
    for page in pages:
        if is_toc(page):
            continue  # a table of contents lists headings, it states nothing
        regions = table_regions.get(page.number, [])
        starts.append(len(text))
        numbers.append(page.number)
        # the text layer can join a heading to the end of the line before it: read them apart
        lines = [
            (part, top) for line, top in page.lines
            for part in re.split(r"(?<=[。；])\s+(?=[一二三四五六七八九十]+、)", line)
        ]
        for line, top in lines:
            if any(y1 - 2 <= top <= y2 + 12 for _, y1, _, y2 in regions):
                continue  # inside a grid, or its title and caption just above it
            line = line.strip()
            if open_heading and _heading_continues(headings[-1][1], line):
                text = text[:-1] + line + "\n"
                headings[-1] = (headings[-1][0], squash(headings[-1][1] + line))
                open_heading = False
                continue
            open_heading = False
            part = re.match(r"^第[一二三四五六七八九十]+部分\s*(.*)", line)
            if part:
                glossary = "名词解释" in line or "名称解释" in line
            if glossary:
                continue
            if re.fullmatch(r"[-—\s\d]+", line):
                continue  # a page number
            if _section_heading(line):
                headings.append((len(text), squash(line)))
                text += "\n" + line + "\n"
                open_heading = True
                continue
            if _LIST_MARK.match(line) and text and not text.endswith("\n"):
                text += "\n"
            text += line
            if _LIST_MARK.match(line) and len(line) <= 40 and not re.search(r"[。，,；;：:\d]", line):
                text += "\n"  # a sub-heading (（三）一般公共预算财政拨款支出决算具体情况): not part of the next sentence
        if text.endswith("。"):
            text += "\n"  # otherwise the sentence goes on over the page (…财政拨款基本 / 支出预算 17123.19 万元)
    return text, starts, numbers, headings


def _subject(before: str) -> str:
    """The words naming what a figure is about: the end of the clause before it."""
    clause = re.split(r"[，,；;：:。、\n]|其中", before.replace("收、支", "收支"))[-1]
    clause = re.sub(r"^\s*[（(]?[\d一二三四五六七八九十]+[）)]\s*|^\d+[.、．]\s*", "", clause)
    clause = re.sub(r"\d{4}\s*年(?:度)?", "", clause)
    clause = re.sub(r"(预算数为|预算数|预算为|预算|为|共计|合计|总额|安排|支出预算|收入预算)\s*$", "", clause.strip())
    clause = re.sub(r"(年初|决算)$", "", clause)  # 支出年初预算为 X, 支出决算为 Y: both are about 支出
    return squash(clause)[-80:]


def extract_claims(pages: list[PageText], table_regions: dict[int, list[tuple[float, float, float, float]]]) -> list[Claim]:
    text, starts, numbers, headings = narrative_text(pages, table_regions)
    claims: list[Claim] = []
    heading_offsets = [o for o, _ in headings]

    def located(offset: int) -> tuple[int, str]:
        """The page and the section heading of a place in the narrative text."""
        heading = bisect_right(heading_offsets, offset) - 1
        return numbers[max(0, bisect_right(starts, offset) - 1)] if starts else 0, headings[heading][1] if heading >= 0 else ""

    heading_subject = ""  # the last line naming a subject without a figure: （1）…行政运行（项）
    previous: list[Claim] = []  # the claims of the sentence just before
    for sentence_match in re.finditer(r"[^。\n]+(?:。|\n|$)", text):
        sentence = sentence_match.group(0)
        if not MONEY.search(sentence) and LEVELS.search(sentence) and len(sentence) <= 80:
            heading_subject = _subject(sentence.rstrip("。\n") + "为")
        base_offset = sentence_match.start()
        consumed: set[int] = set()  # offsets of figures already read as a change
        before = len(claims)
        priors: dict[int, str] = {}  # offset of a figure → the prior-year figure the sentence pairs it with
        for money in MONEY.finditer(sentence):
            start = money.start()
            if start in consumed:
                continue
            # a figure right after 增加/减少 is a change, not a claim of its own
            if _CHANGE_BEFORE.search(sentence[max(0, start - 12):start]) and not _NAMED_GROWTH.search(sentence[:start]):
                continue  # a change (减少部门支出 1,653 万元), not a figure of its own
            if re.match(r"\s*(以上|以下|及以上)", sentence[money.end():]):
                continue  # a threshold (单位价值 100 万元以上), not an amount
            if re.search(r"相比\s*[（(][^）)]*$", sentence[:start]):
                continue  # the comparison's base (与2016年度相比（2016年度…为 8,648.07 万元）), not this year's figure
            prior_year = PRIOR_LEAD.search(sentence[max(0, start - 24):start])
            if prior_year:
                nxt = next(MONEY.finditer(sentence, money.end()), None)
                year = int(prior_year.group(1)) + 1
                if nxt and nxt.group(2) == money.group(2) and re.search(
                    rf"{year}\s*年(?:度)?[^，,。；\d]{{0,8}}$", sentence[max(0, nxt.start() - 16):nxt.start()]
                ):
                    priors[nxt.start()] = money.group(1)
                    continue  # the prior year's figure, read with this year's that follows it
            subject = _subject(sentence[:start])
            if start in priors:
                # "2024年预算安排 25.77 万元" restates the figure the sentence before gave its subject
                # (a restated figure that differs is still about that subject: the check will say so)
                same = [c for c in previous if c.amount == money.group(1)] or [
                    c for c in previous if c.unit == _money_unit(money.group(2))
                ]
                subject = same[0].subject_text if same else heading_subject or subject
            named_before = re.match(r"(.*[（(](?:类|款|项)[）)])\s*[：:][^：:]*$", sentence[:start])
            if named_before and re.fullmatch(r"(本年)?(预算)?(支出|收入)?(预算)?(合计|总计)?", subject or ""):
                # "（一）公共安全支出（类）检察（款）：2018年预算支出合计 16,444.36 万元": the subject heads the line
                subject = _subject(named_before.group(1) + "为")
            elif re.fullmatch(r"(支出|收入|本年)?(年初|决算|预算)*", subject or ""):
                # "…（项）支出年初预算为 X 万元，支出决算为 Y 万元": the subject opens the sentence, or is the
                # heading line just before it
                first = MONEY.search(sentence)
                lead = re.split(r"年初|预算为|决算为|预算数为", sentence[: first.start()] if first else "")[0]
                subject = _subject(lead + "为") or heading_subject or subject
            if not subject or re.fullmatch(r"[\d.,\s]*", subject):
                continue
            # what follows this figure, up to the next figure that starts a claim of its own
            tail_end = len(sentence)
            for nxt in MONEY.finditer(sentence, money.end()):
                if not _CHANGE_BEFORE.search(sentence[max(0, nxt.start() - 12):nxt.start()]) and not re.search(
                    r"(比|较|与)\s*\d{4}\s*年\s*$", sentence[max(0, nxt.start() - 8):nxt.start()]
                ):
                    tail_end = nxt.start()
                    break
            tail = sentence[money.end():tail_end]
            change = direction = percent = kind = base = share_of = None
            m = CHANGE.search(tail)
            if m:
                direction = _DIRECTIONS.get(m.group(1), m.group(1))
                change = m.group(2)
                consumed.add(money.end() + m.start(2))
            elif re.search(r"持平|一致|相同", tail):
                direction = "持平"
            g = GROWTH.search(tail)
            s = SHARE.search(tail)
            done = COMPLETION.search(tail)
            if done:
                percent, kind, base = done.group(1), "completion", "年初预算"
            elif g:
                percent, kind = g.group(2), "growth"
                if direction is None:
                    direction = _DIRECTIONS.get(g.group(1), g.group(1))
            elif s:
                percent, kind = s.group(2), "share"
                share_of = squash(re.sub(r"(的|比重|比例|为)$", "", s.group(1)))
            b = BASE.search(tail)
            if b:
                base = squash(b.group(1) + b.group(2))
            page, section = located(base_offset + start)
            claims.append(
                Claim(
                    claim_no=len(claims) + 1,
                    page_number=page,
                    section=section,
                    sentence=squash(sentence)[:400],
                    subject_text=subject,
                    amount=money.group(1),
                    unit=_money_unit(money.group(2)),
                    change=change,
                    direction=direction,
                    percent=percent,
                    percent_kind=kind,
                    base=base,
                    share_of=share_of or None,
                    budget_figure=bool(re.search(r"(年初预算|预算数?)(为|是)?\s*$", sentence[max(0, start - 8):start])),
                    lead=squash(sentence[:start])[-16:],
                    prior=priors.get(start),
                )
            )
        if len(claims) == before and previous:
            follow = _follow_up(sentence, previous)
            if follow is not None:
                claims.append(replace(
                    follow[0], claim_no=len(claims) + 1, sentence=squash(sentence)[:400],
                    page_number=located(base_offset + follow[1])[0],
                ))
        previous = claims[before:]
        for quantity in QUANTITY.finditer(sentence):
            number, unit = (quantity.group(1), quantity.group(2)) if quantity.group(1) else (quantity.group(3), quantity.group(4))
            subject = _subject(sentence[: quantity.start()])
            if not subject:
                continue
            page, section = located(base_offset + quantity.start())
            claims.append(
                Claim(
                    claim_no=len(claims) + 1,
                    page_number=page,
                    section=section,
                    sentence=squash(sentence)[:400],
                    subject_text=subject,
                    amount=number,
                    unit=re.sub(r"\s|[()]", lambda m: {"(": "（", ")": "）"}.get(m.group(0), ""), unit),
                    change=None, direction=None, percent=None, percent_kind=None, base=None,
                )
            )
    return claims


def _follow_up(sentence: str, previous: list[Claim]) -> tuple[Claim, int] | None:
    """A sentence with a change and no figure of its own speaks of the figure just stated:
    "…财政拨款预算支出 17981.68 万元。与上年相比，财政拨款支出增加 1454.35 万元，增长 8.8 %。"
    is a second claim about 17981.68. Returns that claim and the change's offset in the sentence."""
    m = CHANGE.search(sentence)
    if m is None or not re.match(r"\s*(与|比|较)\s*(上年|上一年|\d{4}\s*年)", sentence):
        return None
    words = _subject(sentence[: m.start()])
    named = [c for c in previous if c.percent_kind != "growth" and words and (words in c.subject_text or c.subject_text in words)]
    about = (named or [c for c in previous if c.percent_kind != "growth"] or [None])[0]
    if about is None:
        return None
    tail = sentence[m.end():]
    g = GROWTH.search(tail)
    b = BASE.search(sentence)
    claim = replace(
        about, change=m.group(2), direction=_DIRECTIONS.get(m.group(1), m.group(1)),
        percent=g.group(2) if g else None, percent_kind="growth" if g else None,
        base=squash(b.group(1) + b.group(2)) if b else squash(re.match(r"\s*(?:与|比|较)\s*(上年|上一年|\d{4}\s*年)", sentence).group(1)),
        share_of=None,
    )
    return claim, m.start()


# ---- linking a claim to the table cell it speaks of ----------------------------------------------

_THREE_PUBLIC = [
    ("因公出国", "overseas_travel"),
    ("公务用车购置及运行", "vehicle_total"),
    ("公务用车购置", "vehicle_purchase"),
    ("公务用车运行", "vehicle_operation"),
    ("公务接待", "reception"),
    ("三公", "total"),
]
# column header words that say how a figure is measured, not what it is of
_HEADER_MEASURES = {"小计", "合计", "总计", "金额", "预算数", "决算数", "年初预算数", "全年预算数", "本年预算数"}
_GENERIC_HEADERS = _HEADER_MEASURES | {"支出用途", "功能分类", "经济分类", "科目名称", "项目", "本年收入", "本年支出"}
_UNIT_NAME = re.compile(
    r"^(本部门|我部门|本单位|部门|单位|(江苏)?省[^，]{1,8}?(院|厅|委员会)|上海市[^，]{2,14}?(委员会|局|办公室|处)|昆明海关(本级|机关)?)"
)
# a subject that is a table's total rather than one of its rows: 财政拨款支出, 一般公共预算财政拨款
_TOTAL_SUBJECT = re.compile(
    r"(本年|当年)?(一般公共预算|政府性基金(预算)?|国有资本经营预算)?(本年|当年)?(财政)?(拨款)?(收入|支出)?(总计|合计)?"
)


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


def _section_table(section: str, subject: str, lead: str = "") -> str | None:
    """Which table a narrative section speaks of, where its heading names no table by title."""
    if "三公" in section or "三公" in subject or any(key in subject for key, _ in _THREE_PUBLIC[:5]):
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
    if re.fullmatch(r"(收入|支出)(预算)?(总计|合计)?", _core(subject)):
        return "T01"
    if not _core(subject) and re.search(r"收入(预算)?(总计|合计)?$", lead):
        return "T01in"
    return None


def _variant(text: str) -> str:
    """其它 and 其他 are printed interchangeably."""
    return (text or "").replace("其它", "其他")


def _parent_names(subject: str) -> list[tuple[int, str]]:
    """The 类 and 款 a subject names above its most specific level, with their code lengths:
    一般公共服务支出（类）组织事务（款）一般行政管理事务（项） → [(3, '一般公共服务支出'), (5, '组织事务')]."""
    parts = re.findall(r"([^（()）“”\"]+?)\s*[（(](类|款|项)[）)]", subject)
    return [(3 if level == "类" else 5, re.sub(r"^\d+[.、．]\s*", "", name.strip())) for name, level in parts[:-1] if level != "项"]


def _level_name(subject: str) -> tuple[str | None, str]:
    """(level, name) of the most specific 类/款/项 the subject names: 行政运行（项） → ('项', '行政运行')."""
    parts = re.findall(r"([^（()）]+?)\s*[（(](类|款|项)[）)]", subject)
    if not parts:
        return None, subject
    name, level = parts[-1]
    if level == "类" and subject.rstrip().endswith("支出"):
        name += "支出"
    return level, re.sub(r"^\d+[.、．]\s*", "", name.strip())


def _for_figure(columns: dict[int, str], budget: bool, report_kind: str | None) -> dict[int, str]:
    """The columns a figure may be read from: a 决算 figure from 决算数 columns and a budget from 预算
    ones where a table prints both; a budget beside a final account only from a 预算 column."""
    actual = {i: p for i, p in columns.items() if "决算" in p}
    planned = {i: p for i, p in columns.items() if "预算" in p and "决算" not in p}
    if budget:
        return planned if (actual or report_kind == "final_accounts") else columns
    return actual or columns


def _three_public_column(columns: dict[int, str], item: str | None) -> int | None:
    """The column of a 三公 item: its own column, or its group's 小计 (公务用车购置及运行费)."""
    found = []
    for i, path in sorted(columns.items()):
        named = [k for k in (_key(s) for s in path.split("/")) if k and k not in _HEADER_MEASURES]
        last = named[-1] if named else ""
        if item == "total":
            hit = len(named) == 1 and "三公经费" in last
        elif item in ("vehicle_purchase", "vehicle_operation"):
            word = "购置费" if item == "vehicle_purchase" else "运行费"
            hit = last.endswith(word) and "及" not in last
        else:
            word = {"overseas_travel": "因公出国", "vehicle_total": "公务用车购置及运行", "reception": "公务接待"}.get(item or "")
            hit = bool(word) and word in last
        if hit:
            found.append(i)
    if not found and item == "total":  # a table of the 三公 alone: its 合计 is theirs
        found = [i for i, p in sorted(columns.items()) if _key(p.split("/")[-1]) == "合计"]
    return found[0] if found else None


def _named_cell(rows: list[dict], claim: Claim, title: str, report_kind: str | None, titled: bool = False) -> dict | None:
    """The cell of one table that a claim's words name: a column (基本支出, 培训费) in the table's total
    row, a row (一、货物, 人员经费合计) in its amount column, or the total itself where the claim states a
    total or names the table (政府性基金支出预算 → 政府性基金支出预算表)."""
    core = _core(claim.subject_text)
    columns = _for_figure({c["column_index"]: c.get("column_path") or "" for c in rows if c.get("column_index") is not None},
                          claim.budget_figure, report_kind)
    if not columns:
        return None
    rows = [c for c in rows if c.get("column_index") in columns]

    def primary(side: int) -> int | None:
        own = sorted({c["column_index"] for c in rows if c["side"] == side})
        named = [i for i in own if _key(columns[i].split("/")[-1]) in _HEADER_MEASURES]
        return (named or own or [None])[0]

    first = {side: primary(side) for side in {c["side"] for c in rows}}
    single_row = len({c["row_number"] for c in rows}) == 1
    grand = [c for c in rows if single_row or (c.get("row_role") == "total" and _key(c.get("row_label")) in ("合计", "总计", ""))]
    candidates: list[tuple[int, int, int, dict]] = []
    for c in grand:  # a column the subject names, in the total row
        for seg in (_key(s) for s in columns[c["column_index"]].split("/")):
            seg = re.sub(r"(预算数|决算数|金额)$", "", seg)
            if len(seg) >= 3 and seg not in _GENERIC_HEADERS and seg in core:
                candidates.append((len(seg), c["row_number"], c["column_index"], c))
    for c in rows:  # a row the subject names, in its side's amount column
        if c["column_index"] != first.get(c["side"]) or not c.get("row_label"):
            continue
        label = re.sub(r"(合计|小计|总计)$", "", _key(c["row_label"]))
        # the row the subject ends with (拟购买货物 → 一、货物), or one whose name holds the whole subject
        if label and (label == core or (len(label) >= 2 and core.endswith(label)) or (len(core) >= 4 and core in label)):
            candidates.append((min(len(label), len(core)), c["row_number"], c["column_index"], c))
    if candidates:
        return max(candidates, key=lambda t: (t[0], -t[1], -t[2]))[3]
    # a stated total is this table's only where the heading names the table or the subject is a bare total
    states_total = re.search(r"(总计|合计|总额|总金额|总预算)(为|是|共)?$", claim.lead or "") and (
        titled or _TOTAL_SUBJECT.fullmatch(core)
    )
    # 财政拨款 is what every table of a budget is: 一般公共预算财政拨款基本支出 names 一般公共预算基本支出预算表
    names_table = len(core) >= 4 and core.replace("财政拨款", "") in _title_key(title).replace("财政拨款", "")
    if (states_total or names_table) and grand:
        return min((c for c in grand if c["column_index"] == first.get(c["side"])), key=lambda c: (c["row_number"], c["side"]), default=None)
    return None


# 人员经费 and 公用经费 (and 机关运行经费, the 公用经费 of an administrative unit) where no table prints
# them under the claim's own name: a row of that name, or the economic classes they are made of
# (工资福利支出 + 对个人和家庭的补助; 商品和服务支出, with or without 资本性支出). These can confirm a claim,
# never accuse it.
_ECONOMIC_SUMS = {"人员经费": [("301", "303")], "公用经费": [("302",), ("302", "310")]}


def _agrees(claim: Claim, amount: Decimal | None) -> bool:
    """The stated amount equals a table amount to the precision stated (a blank cell is a stated 0)."""
    if claim.amount is None or claim.unit not in UNIT_FACTORS:
        return False
    stated = Decimal(claim.amount.replace(",", "")) * UNIT_FACTORS[claim.unit]
    decimals = len(claim.amount.split(".", 1)[1]) if "." in claim.amount else 0
    step = Decimal(10) ** -decimals * UNIT_FACTORS[claim.unit]
    return (amount is None and stated == 0) or (amount is not None and abs(amount - stated) < step)


def _economic_sum(claim: Claim, rows: list[dict]) -> list[dict] | None:
    measure = next((m for m in _ECONOMIC_SUMS if m in claim.subject_text or (m == "公用经费" and "机关运行经费" in claim.subject_text)), None)
    if measure is None or claim.amount is None or claim.unit not in UNIT_FACTORS:
        return None
    first = {}  # each side's first amount column: 人员经费 and 公用经费 may be printed side by side
    for c in rows:
        if c.get("column_index") is not None:
            first[c["side"]] = min(first.get(c["side"], c["column_index"]), c["column_index"])
    own = [c for c in rows if c.get("column_index") == first.get(c["side"])]
    by_code = {c["subject_code"]: c for c in own if c.get("subject_code")}
    sums = [[c] for c in own if _key(c.get("row_label")) in (measure, measure + "合计")]
    sums += [[by_code.get(code) for code in codes] for codes in _ECONOMIC_SUMS[measure]]
    for parts in sums:
        if all(p is not None for p in parts) and _agrees(claim, sum(p.get("amount_yuan") or 0 for p in parts)):
            return parts
    return None


def link_claims(claims: list[Claim], cells: list[dict], tables: list[dict], report_kind: str | None = None) -> list[dict]:
    """Each claim with the table cell it describes (table_seq, row_number, column_index), or a note why not."""
    codes = {t["table_seq"]: t["table_code"] for t in tables}
    titles = {t["table_seq"]: t.get("table_title") or "" for t in tables}
    by_table: dict[str, list[dict]] = {}  # by code, and each table of no standard code also by X<seq>
    for c in cells:
        code = c.get("table_code") or codes.get(c["table_seq"])
        if code:
            by_table.setdefault(code, []).append(c)
            if code == "X":
                by_table.setdefault(f"X{c['table_seq']}", []).append(c)

    def first_column(rows: list[dict], side: int | None = None) -> int | None:
        cols = sorted({c["column_index"] for c in rows if c.get("column_index") is not None and (side is None or c["side"] == side)})
        return cols[0] if cols else None

    def cell(code: str, pick) -> dict | None:
        found = [c for c in by_table.get(code, []) if pick(c)]
        return found[0] if found else None

    def measure_column(code: str, names: tuple[str, ...]) -> int | None:
        for c in by_table.get(code, []):
            leaf = (c.get("column_path") or "").split("/")[-1]
            parent = (c.get("column_path") or "").split("/")[-2] if "/" in (c.get("column_path") or "") else ""
            if leaf in names or (leaf in ("小计", "合计") and parent in names):
                return c["column_index"]
        return None

    current_prefix = ""
    heading_table: str | None = None  # the table the current claim's heading names by title

    def in_table(claim: Claim, table: str | None) -> dict | None:
        """The cell a claim speaks of in the table its section names, by the kind of figure it states."""
        nonlocal current_prefix
        subject, target = claim.subject_text, None
        level, name = _level_name(subject)
        if table == "T09":
            item = next((m for key, m in _THREE_PUBLIC if key in subject), None)
            columns = {c["column_index"]: c.get("column_path") or "" for c in by_table.get("T09", []) if c.get("column_index") is not None}
            col = _three_public_column(_for_figure(columns, claim.budget_figure, report_kind), item)
            target = cell("T09", lambda c: c["column_index"] == col) if col is not None else None
        elif level and (table in ("T05", "T07", "T08", "T03", "T04", "T01", "T01in") or (table or "").startswith("X")):
            length = {"类": 3, "款": 5, "项": 7}[level]
            # 收支总表 figures are all funds: their subjects are the 支出总表's; 财政拨款 ones the 一般公共预算's
            code_table = (
                table if table in ("T05", "T07", "T08", "T03") or table.startswith("X")
                else "T03" if table in ("T01", "T01in") else "T05"
            )
            column = first_column([c for c in by_table.get(code_table, []) if c.get("row_role") == "subject"])
            rows = [c for c in by_table.get(code_table, []) if c.get("row_role") == "subject" and c["column_index"] == column]
            names = {c["subject_code"]: _variant(c["row_label"]) for c in rows if c.get("subject_code")}
            candidates = [
                c for c in rows
                if len(c.get("subject_code") or "") == length and _variant(name).replace("支出", "") in names[c["subject_code"]]
            ]
            # a 项 name many 款 share (一般行政管理事务): the one under the 类/款 the subject also names
            parents = _parent_names(subject)
            named = [
                c for c in candidates
                if all(_variant(p).replace("支出", "") in names.get(c["subject_code"][:n], "") for n, p in parents)
            ]
            preferred = [c for c in candidates if current_prefix and c["subject_code"].startswith(current_prefix)]
            if parents and not named and len(candidates) > 1:
                target = None  # several rows of that name, none under the 类/款 named
            else:
                target = (named or preferred or candidates or [None])[0]
            if target and level in ("类", "款"):
                current_prefix = target["subject_code"]
        elif table == "T04" and "政府性基金" in subject and subject.endswith("支出"):
            col = measure_column("T04", ("政府性基金预算拨款", "政府性基金预算"))
            target = cell("T04", lambda c: c["side"] == 2 and c["column_index"] == col and strip_outline(c["row_label"]) == "本年支出")
        elif table in ("T05", "T03", "T07") and (
            _TOTAL_SUBJECT.fullmatch(_core(subject)) or re.search(r"基本支出|项目支出|人员经费|公用经费|机关运行经费", subject)
        ):
            names = (
                ("人员经费",) if "人员经费" in subject
                else ("公用经费",) if ("公用经费" in subject or "机关运行经费" in subject)
                else ("基本支出",) if "基本支出" in subject
                else ("项目支出",) if "项目支出" in subject
                else ("合计",)
            )
            col = measure_column(table, names)
            if col is None and names == ("合计",):  # a table of one amount column (金额): its total is the total
                col = first_column([c for c in by_table.get(table, []) if c.get("row_role") == "total"])
            target = cell(table, lambda c: c.get("row_role") == "total" and c["column_index"] == col) if col is not None else None
        elif table in ("T01in", "T01", "T04"):
            code = "T04" if table == "T04" else "T01"
            rows = by_table.get(code, [])
            key = _UNIT_NAME.sub("", subject)
            key = re.sub(r"^.*?(院|局|厅|委员会|办公室|海关|部门|单位)(?=本年|收入|支出|收支|财政拨款)", "", key)
            # the words before the figure say which side where the subject lost them (财政拨款支出预算 → 财政拨款)
            said = key + re.split(r"[，,；;：:]", claim.lead or "")[-1]
            side = 2 if "支出" in said and "收入" not in said else 1
            # the side whose header says 收入 / 支出 (a 收支总表 may print expenditure twice: by function and by use)
            word = "支出" if side == 2 else "收入"
            sides = sorted({c["side"] for c in rows if word in (c.get("column_path") or "")}) or [side]
            side = next((sd for sd in sides if any(grand_word in c["row_label"] for c in rows if c["side"] == sd
                                                  for grand_word in ("合计", "总计"))), sides[0])
            column = first_column(rows, side)
            grand_total = re.fullmatch(r"(本年)?(收入|支出)(预算)?(总计|合计)?|(财政拨款)?(收支|收入支出)总?(预算|决算)?(总计|合计)?", key)
            if grand_total or (table == "T01in" and key in ("", "收入")):
                grand = "总计" if any("总计" in c["row_label"] for c in rows if c["side"] == side) else "合计"
                if re.search(r"本年|合计$", key + (claim.lead or "")[-2:]):
                    grand = "合计"
                pick = lambda c, grand=grand: c["side"] == side and c["column_index"] == column and grand in c["row_label"]
            else:
                stem = re.sub(r"(当年|本年|财政拨款|拨款|收入|资金|预算|总计|合计)", "", key.replace("（类）", "").replace("(类)", ""))
                pick = lambda c, stem=stem: (
                    c["side"] == side and c["column_index"] == column and stem
                    and stem in re.sub(r"(当年|本年|财政拨款|拨款|收入|资金|预算)", "", strip_outline(c["row_label"]))
                )
            target = cell(code, pick)
        home = {"T01in": "T01"}.get(table or "", table or "")
        if target is None and home in by_table:
            title = titles.get(int(home[1:]), "") if re.fullmatch(r"X\d+", home) else next((t for q, t in titles.items() if codes[q] == home), "")
            target = _named_cell(by_table[home], claim, title, report_kind, titled=home == heading_table)
        return target

    out = []
    section_total: dict[str, int] = {}  # a section's first stated figure: the total its shares are of
    for claim in claims:
        if claim.percent is None and claim.section not in section_total:
            section_total[claim.section] = claim.claim_no
        record = {"link_table_code": None, "link_table_seq": None, "link_row_number": None, "link_column_index": None,
                  "link_rows": None, "link_subject_code": None, "link_note": None, "share_base_claim_no": None,
                  "share_base_table_seq": None, "share_base_row_number": None, "share_base_column_index": None,
                  # "预算 X" is this budget's own figure in a budget; beside a final account it is the 年初预算
                  "budget_figure": claim.budget_figure and report_kind == "final_accounts"}
        subject = claim.subject_text
        titled = _titled_table(claim.section, tables)
        # the table the section's words point to and the one its heading names by title; a table of no
        # standard code only its title can name, and it goes first
        ruled = _section_table(claim.section, subject, claim.lead)
        by_heading = [] if titled is None else [codes[titled] if codes[titled] != "X" else f"X{titled}"]
        heading_table = by_heading[0] if by_heading else None
        choices = list(dict.fromkeys(by_heading + [ruled] if by_heading and by_heading[0].startswith("X") or ruled is None else [ruled] + by_heading))
        table = choices[0]
        if claim.percent_kind == "share":
            if claim.share_of:
                # the total it names: the latest earlier claim about that subject, or none at all
                stating = [c for c in claims[: claim.claim_no - 1] if claim.share_of in c.subject_text and c.percent is None]
                record["share_base_claim_no"] = stating[-1].claim_no if stating else None
            else:
                record["share_base_claim_no"] = section_total.get(claim.section)
        elif claim.percent_kind == "completion":
            # 完成年初预算的 X%: this figure over the budget the same sentence states
            budget = [c for c in claims[: claim.claim_no - 1] if c.budget_figure and c.sentence == claim.sentence]
            record["share_base_claim_no"] = budget[-1].claim_no if budget else None
        if claim.share_of and record["share_base_claim_no"] is None:
            # a total no earlier sentence states (占“三公”经费的 18.85%, 占本年支出合计的 99.92%): the cell
            # of the table that prints it
            total = replace(claim, subject_text=claim.share_of, lead=claim.share_of, amount=None, percent=None, percent_kind=None)
            where = ["T01"] if re.fullmatch(r"(本年)?(收入|支出)(预算)?(总计|合计)", _key(claim.share_of)) else (
                ["T09"] if "三公" in claim.share_of else [])
            base = next((t for t in (in_table(total, choice) for choice in where) if t is not None), None)
            if base is not None:
                record.update(share_base_table_seq=base["table_seq"], share_base_row_number=base["row_number"],
                              share_base_column_index=base.get("column_index"))
        target, parts = None, None
        if claim.unit in QUANTITY_UNITS:
            record["link_note"] = "a count, not printed in the tables"
            out.append(record)
            continue
        # where the heading's table and the one its words point to both print the figure's cell, the
        # one that agrees is linked, the heading's first: a disagreement between the two tables is a
        # cross-table finding. Where neither agrees, the claim is held against the first choice.
        found = {choice: in_table(claim, choice) for choice in choices}
        agreeing = [found[c] for c in list(dict.fromkeys(by_heading + choices)) if found[c] is not None and _agrees(claim, found[c].get("amount_yuan"))]
        target = agreeing[0] if agreeing else next((t for t in found.values() if t is not None), None)
        if target is None:
            homes = [{"T01in": "T01"}.get(c or "", c or "") for c in choices]
            for rows in [by_table[h] for h in homes if h in by_table] + [by_table.get("T06", [])]:
                parts = _economic_sum(claim, rows)
                if parts:
                    target = parts[0]
                    break
        if target is None and table is None and _level_name(subject)[0]:
            # a 类/款/项 in a part that names no table (编制说明: 财政拨款支出主要内容如下): the subject's row
            # where exactly one of the 财政拨款 tables prints it
            rows = [t for t in (in_table(claim, code) for code in ("T05", "T07", "T08")) if t is not None]
            target = rows[0] if len(rows) == 1 else None
        if target is not None and codes.get(target["table_seq"]) == "X" and target.get("subject_code"):
            # the same subject printing the same figure in a standard table (the 一般公共预算支出表 beside a
            # 财政拨款支出预算表): link that one, whose fund and measure the marts know
            same = [
                c for code, column in ((code, first_column(by_table.get(code, []))) for code in ("T05", "T03"))
                for c in by_table.get(code, [])
                if c.get("subject_code") == target["subject_code"] and c.get("column_index") == column
                and c.get("amount_yuan") == target.get("amount_yuan")
            ]
            target = same[0] if same else target
        if target is None:
            target = _search_all(claim, by_table, codes)
        if target is not None and claim.budget_figure and (
            report_kind == "final_accounts" or "决算" in (target.get("column_path") or "")
        ) and "预算" not in (target.get("column_path") or "").replace("决算", ""):
            target = None  # the 年初预算 beside a final account, and the table prints only the 决算数
            record["link_note"] = "a budget figure; the linked table prints 决算数"
        if target is not None:
            record.update(
                link_table_code=target.get("table_code") or codes.get(target["table_seq"]),
                link_table_seq=target["table_seq"],
                link_row_number=target["row_number"],
                link_column_index=target.get("column_index"),
                link_rows="+".join(str(p["row_number"]) for p in parts) if parts else str(target["row_number"]),
                link_subject_code=target.get("subject_code"),
            )
            if parts:
                record["link_note"] = "the sum of " + " + ".join(f"{p['subject_code']} {p['row_label']}" for p in parts)
        elif record["link_note"] is None:
            record["link_note"] = "no table prints this figure" if table is None else f"no matching row in {table[:3]}"
        out.append(record)
    return out


_SEARCH_ORDER = ["T05", "T03", "T04", "T01", "T02", "T06", "T07", "T08", "T09", "X"]
_MEASURE_WORDS = ("人员经费", "公用经费", "基本支出", "项目支出")


def _subject_name(subject: str) -> str:
    """The name to look for in row labels: the most specific 类/款/项, without the unit and filler words."""
    level, name = _level_name(subject)
    name = re.sub(r"[“”\"]", "", name)
    name = re.sub(r"^(本部门|我部门|本单位|部门|单位|省[^，]{1,6}?院|上海市[^，]{2,14}?(委员会|局|办公室|处)|昆明海关(本级|机关)?)", "", name)
    name = re.sub(r"(预算支出|支出预算|预算数|预算|支出|收入|资金|经费)$", "", name) or name
    return name


@lru_cache(maxsize=1 << 14)
def _label_names(row_label: str) -> tuple[str, str]:
    """A row label without its outline number, and without a trailing 支出/收入/资金/经费 (every claim
    is compared with every row: the same labels, many times)."""
    label = strip_outline(row_label)
    return label, re.sub(r"(支出|收入|资金|经费)$", "", label)


def _search_all(claim: Claim, by_table: dict[str, list[dict]], codes: dict[int, str]) -> dict | None:
    """Any table's row named like the claim's subject that prints the stated amount (to the precision
    stated). Used where the section's own table has no such row; it confirms, it never accuses."""
    name = _subject_name(claim.subject_text)
    if len(name) < 2 or claim.amount is None or claim.unit not in ("万元", "元", "亿元"):
        return None
    wanted = next((word for word in _MEASURE_WORDS if word in claim.subject_text and word not in name), None)
    candidates = []
    for rank, code in enumerate(_SEARCH_ORDER):
        rows = by_table.get(code, [])
        first = min((c["column_index"] for c in rows if c.get("column_index") is not None), default=None)
        for c in rows:
            label, label_name = _label_names(c.get("row_label") or "")
            if not label_name or not (name == label_name or (len(name) >= 3 and (name in label or label_name in name))):
                continue
            path = c.get("column_path") or ""
            if wanted and wanted not in path:
                continue
            if not wanted and c.get("column_index") != first and not re.search(r"合计|金额|预算数|决算数$", path):
                continue
            # a name match alone can pick a like-named row of another table: link only where the figure agrees
            if _agrees(claim, c.get("amount_yuan")):
                candidates.append((rank, c["table_seq"], c["row_number"], c))
    return min(candidates, key=lambda t: t[:3])[3] if candidates else None
