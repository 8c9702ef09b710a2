"""The text around a ruled grid: its title, list label and caption (unit, 编制单位) printed above it.

A grid's title is read from the band of text between the grid's top and whatever is above it (the
grid before it on the page, or the page's top), nearest line first. A title printed where no grid
follows is found on its own, more strictly: it must read as a table title by itself.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .classify import code_from_title, core_title
from ..read.pdf import PageText
from ..text import find_unit
from ..vocabulary import CAPTION, GENERIC_TITLE, LABEL_ONLY, LEADING_LABEL, PROSE, TABLE_LIST

_PAGE_NUMBER = re.compile(r"^[-—–\s·]*(第\s*)?\d{1,3}(\s*页)?[-—–\s·]*$|^[-—–]?\s*\d+\s*/\s*\d+\s*[-—–]?$")
_TITLE_END = re.compile(r"表([（(]续表?[）)]|续表)?$")
_FIGURE = re.compile(r"\d[\d,]*\.\d")
_REFERENCE = re.compile(r"^(详见|见|参见|附)|说明$|情况说明")
_LIST_RUN = 3  # this many title lines in a row are a list of tables, not tables


@dataclass
class Band:
    """What is printed between a grid and the text or grid above it."""

    title: str | None = None
    title_top: float | None = None
    label: str | None = None
    unit: str | None = None
    lines: list[str] = field(default_factory=list)  # every line of the band, top first
    titles_seen: list[float] = field(default_factory=list)  # tops of other title lines the band consumed


def squash_line(line: str) -> str:
    return re.sub(r"\s+", "", line)


def page_furniture(pages: list[PageText]) -> set[str]:
    """Running headers and footers: a line printed on at least half the pages (and on three or more),
    digits aside, that is not a table title (a long table repeats its title on every page)."""
    per_text: Counter = Counter()
    for p in pages:
        per_text.update({re.sub(r"\d+", "#", squash_line(line)) for line, _ in p.lines if not title_text(line)})
    limit = max(3, len(pages) // 2)
    return {text for text, n in per_text.items() if n >= limit}


def is_furniture(line: str, furniture: set[str]) -> bool:
    s = squash_line(line)
    return bool(_PAGE_NUMBER.match(s)) or re.sub(r"\d+", "#", s) in furniture


def is_caption(line: str) -> bool:
    return bool(CAPTION.search(squash_line(line))) or bool(find_unit(line))


def title_text(line: str) -> str | None:
    """The line as a table title (without its list label), or None where it does not read as one.
    A qualifier after the title (（按经济分类）, （续）) is part of it."""
    s = squash_line(line)
    end = s if _TITLE_END.search(s) else re.sub(r"[（(][^（()）]{1,16}[）)]$", "", s)
    if len(s) > 60 or PROSE.search(s) or re.search(r"[，,]", s) or _FIGURE.search(s):
        return None
    if _REFERENCE.search(s):
        return None
    body = LEADING_LABEL.sub("", s)
    if len(re.findall(r"[\u4e00-\u9fff]", body)) < 3 or not _TITLE_END.search(LEADING_LABEL.sub("", end)):
        return None
    if code_from_title(body) is None and GENERIC_TITLE.search(core_title(end)):
        return None  # 2026年部门预算表: the part of the document holding the tables
    return body


def _wraps(above: str, line: str) -> bool:
    """A short last line (支出预算表) that the line above begins: the title is the two joined."""
    return len(line) <= 8 and bool(above) and not title_text(above) and not PROSE.search(above) and not is_caption(above) \
        and not LABEL_ONLY.match(above) and title_text(above + line) is not None


def read_band(lines: list[tuple[str, float]], furniture: set[str]) -> Band:
    """Read a band bottom-up (nearest the grid first): captions and labels are noted and passed over;
    the first title line is the grid's title (a short line above it that the title continues is
    joined); prose ends the band. Further title lines above are headings naming the same table."""
    band = Band(lines=[line for line, _ in sorted(lines, key=lambda x: -x[1])])
    ordered = sorted(lines, key=lambda x: x[1])  # bottom (nearest the grid) first
    for i, (line, top) in enumerate(ordered):
        s = squash_line(line)
        if not s:
            continue
        if band.title is None and LABEL_ONLY.match(s):
            band.label = band.label or s
            continue
        if band.title is None and is_caption(line):
            band.unit = band.unit or find_unit(line)
            continue
        if is_furniture(line, furniture):
            continue
        if band.title is not None:
            if LABEL_ONLY.match(s):
                band.label = band.label or s  # 公开表1 printed on the line above the title
                continue
            if title_text(line):
                band.titles_seen.append(top)
                continue
            if PROSE.search(s):
                break
            continue
        found = title_text(line)
        above = squash_line(ordered[i + 1][0]) if i + 1 < len(ordered) else ""
        if _wraps(above, s):
            # a title wrapped over two lines: 一般公共预算“三公”经费、会议费、培训费 / 支出预算表
            band.titles_seen.append(top)
            found, top = title_text(above + s), ordered[i + 1][1]
        if found:
            label = LEADING_LABEL.match(s)
            if label and label.group(0).strip():
                band.label = band.label or label.group(0).strip()
            band.title, band.title_top = found, top
            continue
        if PROSE.search(s) or len(s) > 40:
            break
    return band


def strict_title(line: str) -> str | None:
    """The code of a line that reads as a table title on its own (no grid under it), else None."""
    s = squash_line(line)
    if len(s) > 48 or re.search(r"[。，；,;]", s) or re.match(r"^(详见|见|参见|附)", s):
        return None
    if re.search(r"说明|情况(?!表)", s):
        return None
    body = title_text(line)
    if body is None:
        return None
    return code_from_title(body) or "X"


_TOC = re.compile(r"目\s*录")


def is_toc(page: PageText) -> bool:
    """A table of contents: 目录 heads the page."""
    return any(_TOC.fullmatch(squash_line(line)) or _TOC.match(line) for line, _ in page.lines[:3])


def is_table_list(page: PageText) -> bool:
    """A table of contents or 报表目录: the tables it names are printed elsewhere."""
    return is_toc(page) or any(TABLE_LIST.match(squash_line(line)) for line, _ in page.lines[:4])


def gridless_titles(page: PageText, taken: set[float], furniture: set[str],
                    inside: list[tuple[float, float]] = ()) -> list[tuple[str, str, float]]:
    """(code, title, top) of the titles printed on the page that no grid's band took and no grid holds
    (`inside`: the vertical extents of the page's grids). Three or more title lines in a row are a list
    of tables (a table of contents, a 报表名称 index), not tables."""
    if is_table_list(page):
        return []
    lines = [
        (line, top) for line, top in page.lines
        if 0 <= top <= page.height + 1 and not is_furniture(line, furniture)
        and not any(low <= top <= high for low, high in inside)
    ]
    hits = [(i, strict_title(line), line, top) for i, (line, top) in enumerate(lines)]
    hits = [h for h in hits if h[1]]
    indices = [i for i, *_ in hits]
    listed = set()
    run: list[int] = []
    for i in indices + [None]:
        if i is not None and run and run[-1] == i - 1:
            run.append(i)
            continue
        if len(run) >= _LIST_RUN:
            listed.update(run)
        run = [i] if i is not None else []
    return [
        (code, title_text(line) or squash_line(line), top)
        for i, code, line, top in hits
        if i not in listed and not any(abs(top - t) < 1 for t in taken)
    ]


def _caption_split(text: str) -> tuple[str, str]:
    """A cell's text before a caption that ends it (…绩效目标表金额单位：万元), and that caption."""
    found = re.search(r"(金额)?单位\s*[：:]\s*(万元|千元|亿元|元)\s*$", text)
    return (text[: found.start()], text[found.start():]) if found and found.start() > 0 else (text, "")


def title_inside(grid, band: Band, limit: int = 4) -> Band:
    """A grid whose ruled area begins with its own title and caption rows (a sheet exported with every
    cell ruled): each such row holds one text. They are read as the band and dropped from the grid."""
    if band.title is not None:
        return band
    title, label, unit, drop = None, band.label, band.unit, 0
    for r in range(min(limit, grid.n_rows)):
        texts = {t.strip() for t in grid.texts[r] if t.strip()}
        if not texts:
            drop = r + 1
            continue
        if len(texts) != 1:
            break
        text = next(iter(texts))
        # a title and its caption in one merged cell: 预算11表 项目支出绩效目标表金额单位：万元
        head, caption = _caption_split(text)
        if title is None and title_text(head):
            title, drop = title_text(head), r + 1
            found = LEADING_LABEL.match(squash_line(head))
            label = label or (found.group(0).strip() if found and found.group(0).strip() else None)
            unit = unit or find_unit(caption)
        elif is_caption(text):
            unit, drop = unit or find_unit(text), r + 1
        else:
            break
    if title is None:
        return band
    grid.drop_top_rows(drop)
    return Band(title, grid.bbox[3], label, unit, band.lines, band.titles_seen)
