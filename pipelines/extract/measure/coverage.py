"""The product measuring its own reading: the numbers each table's printed region shows in the text
layer against the amounts extracted from it, and the numbers of the tables' pages that no located table
holds (an orphan grid, a table printed without ruling).

A number is read from the characters' boxes, so figures in adjacent cells are never taken for one even
where the text layer runs them together. Amount-like numbers (with decimals or thousands separators)
are counted; percentages and indicator targets (≥ 95%, ≤ 2134.87) are not money. A number outside every
grid that leaves no ink on the rendered page (clipped away) is not printed.
"""

from __future__ import annotations

import contextlib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

AMOUNT_TOKEN = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)")
NUMBER_TOKEN = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
_RUN = re.compile(r"[-\d][\d,.\-]*")
_NOT_MONEY_BEFORE = "≥≤<>=＝＜＞"
_NOT_MONEY_AFTER = "%％‰"
_PROSE = re.compile(r"[。，；？！]")
_EXAMPLES = 8


@dataclass(frozen=True)
class Token:
    text: str
    x: float
    y: float  # centre, in the page's unrotated space (pdfium's)
    prose: bool  # printed in a line of prose (a sentence on a table page)


@dataclass(frozen=True)
class PageNumbers:
    """The numbers a page prints, and what it takes to place a displayed box on them."""

    tokens: list[Token]
    rotation: int
    mediabox: tuple[float, float, float, float]

    def unrotated(self, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        """camelot reports boxes on the page as displayed; pdfium's character boxes are unrotated."""
        x1, y1, x2, y2 = box
        mx0, my0, mx1, my1 = self.mediabox
        width, height = mx1 - mx0, my1 - my0
        if self.rotation == 90:
            return width - y2, x1, width - y1, x2
        if self.rotation == 180:
            return width - x2, height - y2, width - x1, height - y1
        if self.rotation == 270:
            return y1, height - x2, y2, height - x1
        return x1, y1, x2, y2


def _split(textpage, text: str, start: int, end: int) -> list[tuple[str, list]]:
    """A run of digit characters split where the boxes leave a gap wider than a third of a character."""
    pieces, current, boxes, last = [], "", [], None
    for i in range(start, end):
        try:
            box = textpage.get_charbox(i, loose=True)
        except Exception:  # a generated character has no box
            box = None
        if box is None:
            if current:
                pieces.append((current, boxes))
            current, boxes, last = "", [], None
            continue
        if current and last is not None:
            gap = max(box[0] - last[2], last[0] - box[2], box[1] - last[3], last[1] - box[3])
            if gap > 0.3 * min(last[2] - last[0], last[3] - last[1]):
                pieces.append((current, boxes))
                current, boxes = "", []
        current += text[i]
        boxes.append(box)
        last = box
    if current:
        pieces.append((current, boxes))
    return pieces


def read_numbers(page, textpage, text: str) -> PageNumbers:
    """Every number printed on the page, with where it is and whether a sentence holds it. Text placed
    outside the page (a layer left over from an earlier layout) is not printed. text is the textpage's
    whole text, as read for the page's lines."""
    left, bottom, right, top = page.get_mediabox()
    tokens = []
    for run in _RUN.finditer(text):
        before = text[run.start() - 1] if run.start() else ""
        after = text[run.end()] if run.end() < len(text) else ""
        if (before and before in _NOT_MONEY_BEFORE) or (after and after in _NOT_MONEY_AFTER):
            continue
        line_start = text.rfind("\n", 0, run.start()) + 1
        line_end = text.find("\n", run.end())
        prose = bool(_PROSE.search(text[line_start : line_end if line_end >= 0 else len(text)]))
        for piece, boxes in _split(textpage, text, run.start(), run.end()):
            x = sum((b[0] + b[2]) / 2 for b in boxes) / len(boxes)
            y = sum((b[1] + b[3]) / 2 for b in boxes) / len(boxes)
            if not (left <= x <= right and bottom <= y <= top):
                continue
            tokens.append(Token(piece.strip(",.-") if piece.endswith((",", ".")) else piece, x, y, prose))
    return PageNumbers(tokens, page.get_rotation(), (left, bottom, right, top))


def _page_numbers(doc, number: int) -> PageNumbers:
    page = doc[number - 1]
    textpage = page.get_textpage()
    try:
        return read_numbers(page, textpage, textpage.get_text_range())
    finally:
        textpage.close()
        page.close()


def _unseen(doc, number: int, numbers: PageNumbers, indices: list[int]) -> set[int]:
    """The tokens among `indices` that leave no ink on the rendered page: text clipped away (a merged cell's
    figure cut off at a page break in a sheet export), held in the text layer but not printed. Only an
    unrotated page is judged; elsewhere every token counts as printed."""
    if not indices or numbers.rotation:
        return set()
    left, _, _, top = numbers.mediabox
    page = doc[number - 1]
    try:
        image = page.render(scale=1).to_pil().convert("L")
    finally:
        page.close()
    unseen = set()
    for i in indices:
        t = numbers.tokens[i]
        x, y = t.x - left, top - t.y
        window = image.crop((max(0, int(x - 3)), max(0, int(y - 3)), int(x + 4), int(y + 4)))
        if window.width and window.height and window.getextrema()[0] > 200:
            unseen.add(i)
    return unseen


def _inside(token: Token, box: tuple[float, float, float, float]) -> bool:
    left, bottom, right, top = box
    return left - 1 <= token.x <= right + 1 and bottom - 1 <= token.y <= top + 1


def _regions(text: str) -> list[tuple[int, tuple[float, float, float, float]]]:
    out = []
    for part in (text or "").split(";"):
        if ":" in part:
            page, box = part.split(":")
            out.append((int(page), tuple(float(v) for v in box.split(","))))
    return out


def _row(did: str, kind: str, seq, page: int, box, shown: Counter, numbers: Counter, read: Counter, note: str | None = None) -> dict:
    missing, extra = shown - read, read - numbers
    return {
        "disclosure_id": did,
        "region_kind": kind,
        "table_seq": seq,
        "page_number": page,
        "region": ",".join(f"{v:.1f}" for v in box) if box else None,
        "region_note": note or None,
        "amounts_printed": sum(shown.values()),
        "amounts_read": sum((shown & read).values()),
        "amounts_missing": sum(missing.values()),
        "values_not_printed": sum(extra.values()),
        "missing_examples": "; ".join(list(missing.elements())[:_EXAMPLES]) or None,
        "not_printed_examples": "; ".join(list(extra.elements())[:_EXAMPLES]) or None,
    }


def coverage_rows(
    path: Path, did: str, tables: list[dict], cells: list[dict], orphans: list, extra_pages: set[int],
    read_with_text: dict[int, PageNumbers] | None = None, targets: list[dict] | None = None,
) -> list[dict]:
    """One row per table and page of its printed region, per orphan grid, and per table page for the
    amounts printed outside every region (in lines that are not prose). read_with_text: the numbers of
    pages already read with their text; the other pages are read here. targets: performance indicators,
    whose target values (成本指标 ≤ 33.54525 万元, its operator in a column of its own) are read too, as
    targets rather than amounts."""
    read: dict[tuple[int, int], Counter] = {}
    for c in cells:
        if c.get("amount_yuan") is not None and c.get("printed_value"):
            read.setdefault((c["table_seq"], c["page_number"]), Counter())[c["printed_value"].replace(" ", "")] += 1
    target_read: dict[tuple[int, int], Counter] = {}
    for t in targets or []:
        printed = NUMBER_TOKEN.search(t.get("target_text") or "")
        if printed and t.get("target_value") is not None:
            target_read.setdefault((t["table_seq"], t["page_number"]), Counter())[printed.group(0)] += 1
    regions = [(t["table_seq"], page, box) for t in tables for page, box in _regions(t.get("regions"))]
    pages = {page for _, page, _ in regions} | {o.page for o in orphans} | extra_pages
    known = read_with_text or {}
    rows = []
    with contextlib.closing(pdfium.PdfDocument(str(path))) as doc:
        for number in sorted(pages):
            numbers = known.get(number) or _page_numbers(doc, number)
            tokens = numbers.tokens
            placed: set[int] = set()
            boxes = [(seq, "table", box, None) for seq, p, box in regions if p == number]
            boxes += [(None, "orphan_grid", o.bbox, o.reason) for o in orphans if o.page == number]
            for seq, kind, box, note in boxes:
                inside = [i for i, t in enumerate(tokens) if _inside(t, numbers.unrotated(box))]
                placed.update(inside)
                shown = Counter(tokens[i].text for i in inside if AMOUNT_TOKEN.fullmatch(tokens[i].text))
                numbers_in = Counter(tokens[i].text for i in inside if NUMBER_TOKEN.fullmatch(tokens[i].text))
                cells_read = read.get((seq, number), Counter()) if seq else Counter()
                # a target read counts only against an amount the region shows (330人 prints no token 330 of its own)
                targets_read = target_read.get((seq, number), Counter()) & (shown - cells_read) if seq else Counter()
                rows.append(_row(did, kind, seq, number, box, shown, numbers_in, cells_read + targets_read, note))
            candidates = [i for i, t in enumerate(tokens) if i not in placed and not t.prose and AMOUNT_TOKEN.fullmatch(t.text)]
            unseen = _unseen(doc, number, numbers, candidates)
            outside = Counter(tokens[i].text for i in candidates if i not in unseen)
            if outside:
                rows.append(_row(did, "off_grid", None, number, None, outside, outside, Counter()))
    return rows
