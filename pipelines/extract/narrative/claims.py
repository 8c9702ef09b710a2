"""Figures of the narrative as claims: one stated amount with what its sentence says of it (change,
direction, growth, share, comparison base), read sentence by sentence."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import replace

from ..read.pdf import PageText
from ..text import squash
from .figures import (
    Claim,
    _compared_figure,
    _figure_subject,
    _named_fund,
    _item_sentence,
    _money_unit,
    _not_a_figure,
    _prior_of_next,
    _subject,
    _tail,
    _what_it_says,
)
from .reading import narrative_text
from .vocabulary import (
    _DIRECTIONS,
    _LIST_MARK,
    BASE,
    BREAKDOWN,
    CHANGE,
    COMPLETION_BUDGET_BEFORE,
    GROWTH,
    LEVELS,
    MONEY,
    NOT_CLAIMS,
    PERCENT,
    QUANTITY,
    SECOND_COMPARISON,
    TABLE_ROW,
)

__all__ = ["Claim", "extract_claims", "read_narrative"]


class _Narrative:
    """The narrative read sentence by sentence, with what a sentence needs of those before it."""

    def __init__(self, pages: list[PageText], table_regions: dict[int, list[tuple[float, float, float, float]]]):
        self.text, self.starts, self.numbers, self.headings = narrative_text(pages, table_regions)
        self.heading_offsets = [o for o, _ in self.headings]
        self.claims: list[Claim] = []
        self.heading_subject = ""  # the last line naming a subject without a figure: （1）…行政运行（项）
        self.item_subject = ""  # an outline item without a figure: （一）因公出国（境）费用。
        self.sentence_heading = ""  # what heads the sentence being read: the item just before, or the line
        self.previous: list[Claim] = []  # the claims of the sentence just before
        self.figures: Counter = Counter()  # the narrative's money figures and percentages, by what they are
        self.used: set[int] = set()  # offsets in the sentence being read of figures read into a claim
        self.sentence_start = 0  # the first claim of the sentence being read
        self.item: Claim | None = None  # the figure of the outline item being read, where it is a specific subject
        self.item_head: Claim | None = None  # the first figure of the outline item being read, of any subject

    def located(self, offset: int) -> tuple[int, str]:
        """The page and the section heading of a place in the narrative text."""
        heading = bisect_right(self.heading_offsets, offset) - 1
        page = self.numbers[max(0, bisect_right(self.starts, offset) - 1)] if self.starts else 0
        return page, self.headings[heading][1] if heading >= 0 else ""

    def add(self, offset: int, sentence: str, **fields) -> None:
        page, section = self.located(offset)
        self.claims.append(Claim(claim_no=len(self.claims) + 1, page_number=page, section=section,
                                 sentence=squash(sentence)[:400], **fields))

    def read(self, sentence: str, base_offset: int) -> None:
        # an outline item naming the next sentence's subject heads that sentence only; a 类/款/项 line the
        # sentences after it until the next
        self.sentence_heading, self.item_subject = self.item_subject or self.heading_subject, ""
        if not MONEY.search(sentence) and LEVELS.search(sentence) and len(sentence) <= 80:
            self.heading_subject = _subject(sentence.rstrip("。\n") + "为")
        elif not MONEY.search(sentence) and _item_sentence(sentence):
            self.item_subject = _subject(sentence.rstrip("。\n") + "为")
        before = self.sentence_start = len(self.claims)
        self.used = set()
        opens_item = bool(_LIST_MARK.match(sentence.strip()))
        if opens_item:
            self.item = None
        if TABLE_ROW.search(sentence):
            self.account(sentence)  # a table's row in the text layer (…996.33783.56212.77…): no sentence, no claim
            return
        self.money_claims(sentence, base_offset)
        if len(self.claims) == before and self.previous:
            self.follow_up(sentence, base_offset)
        self.previous = self.claims[before:]
        if opens_item:
            self.item_head = self.previous[0] if self.previous else None
        if opens_item and self.previous and _specific(self.previous[0].subject_text):
            self.item = self.previous[0]
        self.quantity_claims(sentence, base_offset)
        self.account(sentence)

    def follow_up(self, sentence: str, base_offset: int) -> None:
        follow = _follow_up(sentence, self.previous)
        if follow is None:
            return
        claim, at, figures = follow
        note = None
        head = self.item_head
        if head is not None and self.previous[0].claim_no != head.claim_no:
            # 3.上级转移支付项目 10,289.74 万元，主要包括：A …。B 7,083.34 万元…。较上年增加 3,567.18 万元: the change may
            # be the whole item's or the part's just before; the text does not say which
            note = f"the change may be about {head.subject_text} (the item) or {claim.subject_text} (its part just before)"
        self.claims.append(replace(
            claim, claim_no=len(self.claims) + 1, sentence=squash(sentence)[:400],
            page_number=self.located(base_offset + at)[0], subject_note=note,
        ))
        self.used |= figures

    def account(self, sentence: str) -> None:
        """Each money figure and percentage of the sentence: read into a claim, deliberately not a claim
        (NOT_CLAIMS names why), or unaccounted."""
        for figure in [*MONEY.finditer(sentence), *PERCENT.finditer(sentence)]:
            if figure.start() in self.used:
                self.figures["claimed"] += 1
                continue
            before, after = sentence[:figure.start()], sentence[figure.end():figure.end() + 4]
            reason = next((name for name, (lead, tail) in NOT_CLAIMS.items()
                           if (lead and lead.search(before)) or (tail and tail.match(after))), "unaccounted")
            self.figures[reason] += 1

    def money_claims(self, sentence: str, base_offset: int) -> None:
        consumed: set[int] = set()  # offsets of figures already read as a change
        priors: dict[int, str] = {}  # offset of a figure → the prior-year figure the sentence pairs it with
        for money in MONEY.finditer(sentence):
            start = money.start()
            if start in consumed:
                self.used.add(start)
                continue
            if _not_a_figure(sentence, start, money.end()):
                continue
            if self.compared_with(sentence, money):
                continue
            paired = _prior_of_next(sentence, money)
            if paired is not None:
                priors[paired] = money.group(1)
                self.used.add(start)
                continue  # the prior year's figure, read with this year's that follows it
            subject = _figure_subject(sentence, money, start in priors, self.previous, self.sentence_heading)
            if COMPLETION_BUDGET_BEFORE.search(sentence[max(0, start - 10):start]) and len(self.claims) > self.sentence_start:
                subject = self.claims[-1].subject_text  # 完成预算 0 万元的 0%: the budget of the figure before it
            if not subject or re.fullmatch(r"[\d.,\s]*", subject):
                continue
            said, at, rate_at = _what_it_says(_tail(sentence, money))
            if at is not None:
                consumed.add(money.end() + at)
            self.used |= {start} | {money.end() + x for x in (at, rate_at) if x is not None}
            self.add(
                base_offset + start, sentence, subject_text=subject, amount=money.group(1), unit=_money_unit(money.group(2)),
                budget_figure=bool(re.search(r"(年初预算|预算数?)(为|是)?\s*$", sentence[max(0, start - 8):start])),
                lead=squash(sentence[:start])[-16:], prior=priors.get(start), scope=self.scope_of(sentence[:start], subject),
                named_fund=_named_fund(sentence[:start]), **said,
            )
            if rate_at is not None:
                self.second_comparison(sentence, money.end() + rate_at)

    def scope_of(self, before: str, subject: str) -> str | None:
        """The specific item a figure is a part of: the outline item above it, where the words before the figure
        open a breakdown of it (具体为, 其中, 主要用于) and the figure names a subject of its own."""
        if self.item is None or not BREAKDOWN.search(before) or subject in (self.item.subject_text, self.sentence_heading):
            return None
        return self.item.subject_text

    def second_comparison(self, sentence: str, rate_at: int) -> None:
        """The figure just read compared a second time, on a base of its own, after its first rate: "16,474.82 万元，
        比 2025 年执行数减少 20,766.6 万元，减幅55.76%，扣除中央基建后比 2025 年执行数增加 2,775.6 万元，增幅 20.26%"."""
        again = SECOND_COMPARISON.match(sentence, rate_at)
        if again is None:
            return
        said, at, rate = _what_it_says(sentence[again.start(1):])
        if said["change"] is None or rate is None:
            return
        base = squash(again.group(1)) + (said["base"] or "")
        self.claims.append(replace(self.claims[-1], claim_no=len(self.claims) + 1, **{**said, "base": base}))
        self.used |= {again.start(1) + at, again.start(1) + rate}

    def compared_with(self, sentence: str, money: re.Match) -> bool:
        """The figure this sentence's last claim is compared with (比2025年年初预算数 30385.62 万元增加 …):
        recorded as that claim's prior year's figure."""
        mine = self.claims[self.sentence_start:]
        if not mine or mine[-1].prior or mine[-1].unit != _money_unit(money.group(2)):
            return False
        if not _compared_figure(sentence, money):
            return False
        self.claims[-1] = replace(mine[-1], prior=money.group(1))
        self.used.add(money.start())
        return True

    def quantity_claims(self, sentence: str, base_offset: int) -> None:
        for quantity in QUANTITY.finditer(sentence):
            number, unit = (quantity.group(1), quantity.group(2)) if quantity.group(1) else (quantity.group(3), quantity.group(4))
            subject = _subject(sentence[: quantity.start()])
            if subject:
                self.add(
                    base_offset + quantity.start(), sentence, subject_text=subject, amount=number,
                    unit=re.sub(r"\s|[()]", lambda m: {"(": "（", ")": "）"}.get(m.group(0), ""), unit),
                    change=None, direction=None, percent=None, percent_kind=None, base=None,
                )


def _specific(subject: str) -> bool:
    """A subject that is one classified item, not a total or a measure: a 类/款/项 or an economic class with its
    code (机关商品和服务支出（502）, 30201 办公费)."""
    return bool(LEVELS.search(subject) or re.search(r"[（(]\d{3,7}[）)]|^\d{3,7}", subject))


def read_narrative(pages: list[PageText], table_regions: dict[int, list[tuple[float, float, float, float]]]) -> tuple[list[Claim], Counter]:
    """Every claim of the narrative parts, in reading order, and its money figures and percentages counted
    by what they are: claimed (read into a claim), a reason of NOT_CLAIMS, or unaccounted."""
    narrative = _Narrative(pages, table_regions)
    for sentence in re.finditer(r"[^。\n]+(?:。|\n|$)", narrative.text):
        narrative.read(sentence.group(0), sentence.start())
    return narrative.claims, narrative.figures


def extract_claims(pages: list[PageText], table_regions: dict[int, list[tuple[float, float, float, float]]]) -> list[Claim]:
    """Every claim of the narrative parts, in reading order."""
    return read_narrative(pages, table_regions)[0]


def _follow_up(sentence: str, previous: list[Claim]) -> tuple[Claim, int, set[int]] | None:
    """A sentence with a change and no figure of its own speaks of the figure just stated:
    "…财政拨款预算支出 17981.68 万元。与上年相比，财政拨款支出增加 1454.35 万元，增长 8.8 %。"
    is a second claim about 17981.68. Returns that claim, the change's offset in the sentence, and the
    offsets of the figures read into it (the change and its rate)."""
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
    return claim, m.start(), {m.start(2)} | ({m.end() + g.start(2)} if g else set())
