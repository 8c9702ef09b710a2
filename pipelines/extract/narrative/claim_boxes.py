"""Where a narrative claim is printed: the box of its figure and of its sentence on its page, from the text layer."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pypdfium2 as pdfium

from ..grids.grid import box_fields

# full- and half-width punctuation compared alike: the sentence as read and the page's characters may differ in it
_CANON = str.maketrans("（）：；，％", "():;,%")
_PREFIXES = (None, 60, 30, 15)  # a sentence running on over the page: its part on this page, found by its start


def displayed_box(box: tuple[float, float, float, float], rotation: int, width: float, height: float):
    """pdfium's (left, bottom, right, top) in the page's own space → (x0, y0, x1, y1) from the top left of the
    page as displayed (width and height as displayed)."""
    left, bottom, right, top = box
    if rotation == 90:
        return bottom, left, top, right
    if rotation == 180:
        return width - right, bottom, width - left, top
    if rotation == 270:
        return width - top, height - right, width - bottom, height - left
    return left, height - top, right, height - bottom


class PageChars:
    """A page's characters without white space, each with its index in pdfium's text."""

    def __init__(self, page):
        self.textpage = page.get_textpage()
        self.rotation, (self.width, self.height) = page.get_rotation(), page.get_size()
        text = self.textpage.get_text_range()
        kept = [(ch.translate(_CANON), i) for i, ch in enumerate(text) if not ch.isspace()]
        self.joined = "".join(ch for ch, _ in kept)
        self.index = [i for _, i in kept]

    def find(self, needle: str, start: int = 0, end: int | None = None) -> tuple[int, int] | None:
        canon = "".join(needle.split()).translate(_CANON)
        for k in _PREFIXES:
            part = canon[:k] if k else canon
            pos = self.joined.find(part, start, end) if part else -1
            if pos >= 0:
                return pos, pos + len(part)
        return None

    def box(self, span: tuple[int, int]) -> tuple[float, ...] | None:
        boxes = []
        for j in range(*span):
            try:
                boxes.append(self.textpage.get_charbox(self.index[j]))
            except Exception:  # a generated character has no box
                continue
        if not boxes:
            return None
        union = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
        return tuple(round(v, 2) for v in displayed_box(union, self.rotation, self.width, self.height))


def _figures(claim: dict) -> list[str]:
    """What the claim states, in the order its figure is looked for: its amount, else (a sentence going on from
    the one before, 与上年相比增加36.6万元) its change, else its rate."""
    found = [claim.get("amount"), claim.get("change")]
    return [f for f in found if f] + ([f"{claim['percent']}%"] if claim.get("percent") else [])


def _figure_span(chars: "PageChars", claim: dict, sentence: tuple[int, int]) -> tuple[int, int] | None:
    # the whole sentence's length from where it starts: a sentence found by its start only may go on
    end = sentence[0] + len("".join(claim["sentence"].split())) + 2
    for figure in _figures(claim):
        span = chars.find(figure, sentence[0], end)
        if span and span[1] - span[0] == len(figure):
            return span
    return None


def place_claims(path: Path, claims: list[dict]) -> None:
    """Give each claim the box of its sentence and of its figure (sentence_x0 … figure_y1), where the text layer
    of its page prints them; a claim not found keeps no box."""
    by_page: dict[int, list[dict]] = defaultdict(list)
    for claim in claims:
        by_page[claim["page_number"]].append(claim)
    doc = pdfium.PdfDocument(str(path))
    try:
        for number, on_page in by_page.items():
            chars = PageChars(doc[number - 1])
            for claim in on_page:
                sentence = chars.find(claim["sentence"])
                figure = _figure_span(chars, claim, sentence) if sentence else None
                for name, span in (("sentence", sentence), ("figure", figure)):
                    claim.update(box_fields(chars.box(span) if span else None, f"{name}_"))
    finally:
        doc.close()
