"""One figure of a narrative sentence and the words around it: the claim it makes, what it is about, and
whether it is a figure of its own (not a change, a threshold, a comparison's base or figure)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import squash
from .vocabulary import (
    _CHANGE_BEFORE,
    _DIRECTIONS,
    _LIST_MARK,
    _NAMED_GROWTH,
    BASE,
    CHANGE,
    COMPARED_FIGURE,
    COMPARED_IN_BRACKETS,
    COMPARISON_BASE_BEFORE,
    COMPLETION,
    COMPLETION_BUDGET_BEFORE,
    GROWTH,
    FUND_WORDS,
    LEVELS,
    MONEY,
    PRIOR_LEAD,
    PURPOSE_CLAUSE,
    SHARE,
    THRESHOLD_AFTER,
)


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
    # what the figure is a part of, where the text says: the item above a breakdown (（2）机关商品和服务支出（502）
    # … 具体为：人员经费 …), so that the figure is never held against the department's own total of that name
    scope: str | None = None
    named_fund: str | None = None  # the fund a clause before the figure names (其中一般公共预算拨款…：…)
    # why the text leaves the figure's subject in doubt (a change after the parts of an item: the item's or the part's?):
    # its checks may confirm, never fail
    subject_note: str | None = None


def _money_unit(printed: str) -> str:
    """The unit of a printed figure: 1720.00万 is 万元."""
    return "万元" if printed == "万" else printed


def _subject(before: str) -> str:
    """The words naming what a figure is about: the end of the clause before it."""
    clause = re.split(r"[，,；;：:。、\n]|其中", before.replace("收、支", "收支"))[-1]
    clause = re.sub(r"^\s*[（(]?[\d一二三四五六七八九十]+[）)]\s*|^\d+[.、．]\s*", "", clause)
    clause = re.sub(r"\d{4}\s*年(?:度)?", "", clause)
    clause = re.sub(r"(预算数为|预算数|预算为|预算|为|共计|合计|总额|安排)\s*$", "", clause.strip())
    # 支出年初预算为 X, 支出决算为 Y: both are about 支出; 全年预算为 X names no subject at all
    clause = re.sub(r"(年初|决算|全年度?|本年度|当年)$", "", clause)
    return squash(clause)[-80:]


def _not_a_figure(sentence: str, start: int, end: int) -> bool:
    """A money figure that states no claim of its own: a change, a threshold, a comparison's base."""
    if _CHANGE_BEFORE.search(sentence[max(0, start - 12):start]) and not _NAMED_GROWTH.search(sentence[:start]):
        return True  # a change (减少部门支出 1,653 万元), not a figure of its own
    if THRESHOLD_AFTER.match(sentence[end:]):
        return True  # a threshold (单位价值 100 万元以上), not an amount
    # the comparison's base (与2016年度相比（2016年度…为 8,648.07 万元）), not this year's figure
    return bool(COMPARISON_BASE_BEFORE.search(sentence[:start]))


def _item_sentence(sentence: str) -> bool:
    """An outline item naming what the next sentence's figure is of: "（一）因公出国（境）费用。2026 年预算数
    173.52 万元" (a sentence of its own, without a figure)."""
    return bool(_LIST_MARK.match(sentence.strip()) and sentence.rstrip("\n").endswith("。") and len(sentence.strip()) <= 30)


def _compared_figure(sentence: str, money: re.Match) -> bool:
    """The figure is the one a comparison is made with (比2025年年初预算数 30385.62 万元增加 …, 比上年预算（上年290万元）
    增加 …)."""
    before, after = COMPARED_FIGURE
    lead = sentence[max(0, money.start() - 24):money.start()]
    return bool(before.search(lead) and after.match(sentence, money.end())) or bool(COMPARED_IN_BRACKETS.search(lead))


def _prior_of_next(sentence: str, money: re.Match) -> int | None:
    """Where the figure is the prior year's, read with this year's that follows it ("2023年当年预算执行数为
    348.52万元，2024年预算安排352.67万元"): the offset of that next figure."""
    prior_year = PRIOR_LEAD.search(sentence[max(0, money.start() - 24):money.start()])
    if not prior_year:
        return None
    nxt = next(MONEY.finditer(sentence, money.end()), None)
    year = int(prior_year.group(1)) + 1
    if nxt and nxt.group(2) == money.group(2) and re.search(
        rf"{year}\s*年(?:度)?[^，,。；\d]{{0,8}}$", sentence[max(0, nxt.start() - 16):nxt.start()]
    ):
        return nxt.start()
    return None


# words that name no subject of their own but a side (支出, 本年收入), or not even that (预算数, 年初预算, 全年)
_GENERIC_SUBJECT = re.compile(r"(支出|收入|本年)?(年初|决算|预算|全年度?)*数?")
_NO_SUBJECT = re.compile(r"(年初|决算|预算|全年度?)*数?")
# a clause that says what money is for (主要用于：…), not what it is
_PURPOSE = re.compile(r"用于|包括|具体为")


def _levelled_chain(before: str) -> str:
    """The 类/款/项 chain the words before a figure end their naming with, where one is printed in them
    (1、一般公共服务支出（类）社会工作事务（款）行政运行（项）主要用于：… 全年预算为 X): the clause it is in."""
    marks = list(LEVELS.finditer(before))
    if not marks:
        return ""
    return _subject(re.split(r"[，,；;：:。]", before[: marks[-1].end()])[-1] + "为")


def _figure_subject(sentence: str, money: re.Match, restated: bool, previous: list[Claim], heading_subject: str) -> str:
    """What the figure is about: the words before it, or where they name nothing, the line that heads it."""
    start = money.start()
    subject = _subject(sentence[:start])
    if restated:
        # "2024年预算安排 25.77 万元" restates the figure the sentence before gave its subject
        # (a restated figure that differs is still about that subject: the check will say so)
        same = [c for c in previous if c.amount == money.group(1)] or [c for c in previous if c.unit == _money_unit(money.group(2))]
        subject = same[0].subject_text if same else heading_subject or subject
    named_before = re.match(r"(.*[（(](?:类|款|项)[）)])\s*[：:][^：:]*$", sentence[:start])
    if named_before and re.fullmatch(r"(本年)?(预算)?(支出|收入)?(预算)?(合计|总计)?", subject or ""):
        # "（一）公共安全支出（类）检察（款）：2018年预算支出合计 16,444.36 万元": the subject heads the line
        return _subject(named_before.group(1) + "为")
    if _GENERIC_SUBJECT.fullmatch(subject or ""):
        # "…（项）支出年初预算为 X 万元，支出决算为 Y 万元": the subject opens the sentence, or is the
        # heading line just before it ("（一）因公出国（境）费用。2026 年预算数 173.52 万元")
        chain = _levelled_chain(sentence[:start])
        if chain:
            return chain
        first = MONEY.search(sentence)
        lead = re.split(r"年初|预算为|决算为|预算数为|全年", sentence[: first.start()] if first else "")[0]
        opened = _subject(lead + "为") if not _PURPOSE.search(lead) else ""
        if not _NO_SUBJECT.fullmatch(opened):
            return opened
        # "主要是2014099其他信访事务支出，2026 年预算数为 3,623.98 万元": the clause before names it (a clause
        # saying what the money is for names nothing)
        clauses = re.split(r"[，,]", sentence[:start])
        named = (_subject(clauses[-2] + "为") if len(clauses) > 1 and not MONEY.search(clauses[-2])
                 and not _PURPOSE.search(clauses[-2]) else "")
        # a sentence that opens naming nothing (全年预算为 X，支出决算为 Y) speaks of its heading, or of nothing it says
        return (named if not _NO_SUBJECT.fullmatch(named) else "") or heading_subject
    return subject


def _tail(sentence: str, money: re.Match) -> str:
    """What follows a figure, up to the next figure that starts a claim of its own, or up to words saying what
    the money is for (…90.72 万元，用于…): a change after those is not reliably this figure's."""
    end = len(sentence)
    for nxt in MONEY.finditer(sentence, money.end()):
        if not _CHANGE_BEFORE.search(sentence[max(0, nxt.start() - 12):nxt.start()]) and not _compared_figure(sentence, nxt) \
                and not COMPLETION_BUDGET_BEFORE.search(sentence[max(0, nxt.start() - 10):nxt.start()]):
            end = nxt.start()
            break
    purpose = PURPOSE_CLAUSE.search(sentence, money.end(), end)
    return sentence[money.end():purpose.start() if purpose else end]


def _named_fund(before: str) -> str | None:
    """The fund a heading clause before the figure names: the words up to a colon scope what follows it
    ("其中一般公共预算拨款政府采购…：政府采购服务预算 8364.59 万元")."""
    colon = max(before.rfind("："), before.rfind(":"))
    if colon < 0:
        return None
    clause = re.split(r"[。；;：:]", before[:colon])[-1]
    return next((fund for fund in FUND_WORDS if fund in clause), None)


def _what_it_says(tail: str) -> tuple[dict, int | None, int | None]:
    """The change, direction, rate and base the words after a figure state, and where in them the change
    figure is (so that it is not read as a claim of its own) and the rate."""
    said = dict.fromkeys(("change", "direction", "percent", "percent_kind", "base", "share_of"))
    at = rate_at = None
    m = CHANGE.search(tail)
    if m:
        said.update(direction=_DIRECTIONS.get(m.group(1), m.group(1)), change=m.group(2))
        at = m.start(2)
    elif re.search(r"持平|一致|相同", tail):
        said["direction"] = "持平"
    g, s, done = GROWTH.search(tail), SHARE.search(tail), COMPLETION.search(tail)
    if done:
        said.update(percent=done.group("rate"), percent_kind="completion", base="年初预算")
        rate_at = done.start("rate")
    elif g:
        said.update(percent=g.group(2), percent_kind="growth")
        rate_at = g.start(2)
        if said["direction"] is None:
            said["direction"] = _DIRECTIONS.get(g.group(1), g.group(1))
    elif s:
        said.update(percent=s.group(2), percent_kind="share", share_of=squash(re.sub(r"(的|比重|比例|为)$", "", s.group(1))) or None)
        rate_at = s.start(2)
    b = BASE.search(tail)
    if b:
        said["base"] = squash(b.group(1) + b.group(2))
    return said, at, rate_at
