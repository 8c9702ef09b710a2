"""What a disclosure says it is: year, report kind, scope, title and the unit's name, read from the document
(its cover, its captions, its forms) and never from its file name: where the document does not say, the
field is null and metadata_source names it."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from .kinds import title_of
from .pdf import PageText
from ..text import squash

_FIELD = re.compile(r"(预算主管部门|预算单位|主管部门|单位名称|部门名称|编制单位|填报单位|编制部门|部门（单位）|部门)[：:](.+)")
# a form's field and its value (部门整体支出绩效目标表, 部门（单位）名称 宁德市人民政府办公室)
_FORM_FIELD = re.compile(r"(?:部门名称|单位名称|部门[（(]单位[）)]名称)\s+(\S{3,40})")
# a table's year in its title or caption: 部门整体支出绩效目标表（2026年度）, a caption line （2026年度）
_TABLE_YEAR = re.compile(r"表\s*[（(]\s*(20\d{2})\s*年度?\s*[）)]\s*$|^\s*[（(]\s*(20\d{2})\s*年度?\s*[）)]\s*$")
_ANNEX = re.compile(r"附件\s*\d*\s*[：:]\s*(\S+?)\s*20\d{2}\s*年")
_NOT_A_UNIT = re.compile(r"表|金额|单位[：:]|万元|部分|说明|收入|支出|预算|决算|^\d|^[（(一二三四五六七八九十]")
_SCOPE_MARK = re.compile(r"[（(]汇总[）)]$")  # 西安市信访局（汇总）: the consolidated budget of the department


def disclosure_id_for(sha256: str) -> str:
    return sha256[:16]


def _plausible(name: str | None) -> str | None:
    """A unit's name, or None where the text is a caption, a title or a heading."""
    if not name:
        return None
    name = _SCOPE_MARK.sub("", re.split(r"单位[：:]|金额单位", name)[0])
    return name if 3 <= len(name) <= 40 and not _NOT_A_UNIT.search(name) else None


def _cover_unit(pages: list[PageText]) -> str | None:
    """The cover's title: [year] unit [部门] [year] [区级][部门|单位] 预算|决算 [公开] (北京市医疗保障局部门 2026 年度
    部门预算: the unit without its 部门)."""
    cover = "".join(squash(line) for line, _ in pages[0].lines[:4] if not re.fullmatch(r"[-—–\s\d]+", line))
    m = re.match(r"^(?:20\d{2}年度?)?(.+?)(?:部门|单位)?(?:20\d{2}\s*年?度?)?(?:区级|省级|市级)?(?:部门|单位)?(?:预算|决算)", cover)
    if m and len(m.group(1)) >= 3 and not re.fullmatch(r".*[市省区县]", m.group(1)):
        return _plausible(m.group(1))
    return None


def unit_name(pages: list[PageText]) -> str | None:
    for line, _ in pages[0].lines:
        m = _FIELD.search(squash(line))
        if m and _plausible(m.group(2)):
            return _plausible(m.group(2))
    found = _cover_unit(pages)
    if found:
        return found
    for p in pages:
        text = p.text
        for m in [_FIELD.search(squash(line)) for line in text.splitlines()]:
            if m and _plausible(re.split(r"\s", m.group(2))[0]):
                return _plausible(re.split(r"\s", m.group(2))[0])
        for pattern in (_FORM_FIELD, _ANNEX):
            m = pattern.search(text)
            if m and _plausible(m.group(1)):
                return _plausible(m.group(1))
    return None


def _tables_year(pages: list[PageText]) -> int | None:
    """Where the first pages state no year (a file of tables only): the year its tables' titles or captions
    state, where they state one."""
    years = Counter(
        int(m.group(1) or m.group(2)) for p in pages for line, _ in p.lines if (m := _TABLE_YEAR.search(squash(line)))
    )
    return years.most_common(1)[0][0] if years else None


def describe_document(path: Path, pages: list[PageText], sha256: str, source_name: str | None = None) -> dict:
    """Year, report kind, scope and unit name as the document states them on its first pages."""
    head = "\n".join(p.text for p in pages[:2])
    first = pages[0].text
    # 2026 年, and a year printed before 部门预算 without 年 (…委员会 2026 部门预算情况的说明)
    year_match = (re.search(r"(20\d{2})\s*年", first) or re.search(r"(20\d{2})\s*(?=(年度)?(部门|单位)?(预算|决算))", first)
                  or re.search(r"(20\d{2})\s*年", head))
    fiscal_year = int(year_match.group(1)) if year_match else _tables_year(pages)
    if "决算" in first or ("决算" in head and "预算" not in first):
        kind = "final_accounts"
    elif "预算" in head:
        kind = "budget"
    else:
        kind = None
    scope = "unit" if re.search(r"单位(预算|决算)", first) else "department"
    unit = unit_name(pages)
    title = title_of(pages)
    # never read from the file name: a crawler names files after its own folders (3_包头_ba_政府办公厅_)
    unstated = [name for name, value in (("fiscal_year", fiscal_year), ("unit_name", unit), ("title", title)) if value is None]
    found_in = f"document (not stated: {', '.join(unstated)})" if unstated else "document"
    return {
        "disclosure_id": disclosure_id_for(sha256),
        "source_file": source_name or str(path),
        "source_sha256": sha256,
        "page_count": max((p.number for p in pages), default=0),  # a damaged page in between still counts
        "title": title,
        "fiscal_year": fiscal_year,
        "report_kind": kind,
        "scope": scope,
        "unit_name": unit,
        "metadata_source": found_in,
        "extractor_version": None,  # set by the cache, which knows the code's fingerprint
    }


