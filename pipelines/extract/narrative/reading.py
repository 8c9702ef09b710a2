"""Reading the narrative: its pages joined into one text, with where each section begins and which page
each character is on; tables, tables of contents and page furniture left out."""

from __future__ import annotations

import re

from ..read.pdf import PageText
from ..text import squash
from ..tables.titles import is_toc
from .vocabulary import _LIST_MARK


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
