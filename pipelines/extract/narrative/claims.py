"""Figures of the narrative as claims: one stated amount with what its sentence says of it (change,
direction, growth, share, comparison base), read sentence by sentence."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace

from ..pdf import PageText
from ..text import squash
from .reading import narrative_text
from .vocabulary import _CHANGE_BEFORE, _DIRECTIONS, _NAMED_GROWTH, BASE, CHANGE, COMPLETION, GROWTH, LEVELS, MONEY, PRIOR_LEAD, QUANTITY, SHARE


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
