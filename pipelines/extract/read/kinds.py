"""What a file is, decided from its own words before its figures are trusted: a budget or final-accounts
disclosure (whole, its narrative, or its tables), a performance document, or something else a crawler
saved beside them (a notice, a report, a form, a list). The vocabulary is data; the decision is its order.
"""

from __future__ import annotations

import re

from .pdf import PageText
from ..text import squash

# Documents that are disclosures by their title: 部门预算, 单位决算, 预算公开, 预算情况说明, 预算报表 …
DISCLOSURE_TITLE = re.compile(
    r"(部门|单位|机关)(综合)?(预算|决算)|(预算|决算)(信息)?公开|(预算|决算)(编制)?(情况)?说明|(预算|决算)报表|预决算公开"
)
# Performance documents: loaded as what they are, never read as the nine tables.
PERFORMANCE_KINDS: tuple[tuple[str, str, re.Pattern], ...] = (
    ("performance_evaluation_report", "a performance evaluation report (绩效评价报告)", re.compile(r"绩效评价(报告|结果)")),
    ("performance_self_evaluation", "a performance self-evaluation (绩效自评)", re.compile(r"绩效自评|自评(表|报告)")),
    ("performance_target", "a performance-target declaration (绩效目标申报表)", re.compile(r"绩效目标(申报)?表")),
)
# What else a crawl holds, by the words of its title; checked in order, after the two above.
OTHER_KINDS: tuple[tuple[str, str, re.Pattern], ...] = (
    ("notice", "a notice or official document (通知, 通告, 通报, 公告, 办法, 函, 文件)",
     re.compile(r"通知|通告|通报|公告|决定|意见|办法|批复|〔\s*20\d{2}\s*〕|\[\s*20\d{2}\s*\]\s*\d+\s*号|函$"
                r"|(委员会|办公室|办公厅|政府|厅|局)文件")),
    ("report", "a report, bulletin or statistics (报告, 年度报表, 公报, 主要指标)",
     re.compile(r"报告|年度报表|公报|主要指标|统计")),
    ("form", "a form (申请表, 登记表)", re.compile(r"申请表|登记表|报名表")),
    ("list", "a list or catalogue (清单, 名录, 目录)", re.compile(r"清单|名录|目录$")),
    ("agreement", "an agreement (协议, 合同)", re.compile(r"协议|合同")),
)
DISCLOSURE_KINDS = ("disclosure",) + tuple(k for k, _, _ in PERFORMANCE_KINDS)
REJECTED_KINDS = tuple(k for k, _, _ in OTHER_KINDS) + (
    "other", "html_page", "scan", "blank", "broken", "encrypted", "empty_file",
)
DOCUMENT_KINDS = DISCLOSURE_KINDS + REJECTED_KINDS

# lines of a cover that are no part of a title: page numbers, document numbers, the contents heading
_NOT_TITLE = re.compile(
    r"^[-—–\s·]*\d{1,3}[-—–\s·]*$|^[A-Z]{2,}[\dA-Z]*-\d{4}-\d+$|^目\s*录$|^第\s*\d+\s*页|^\d+\s*/\s*\d+$"
)
_TITLE_LINES = 4


def title_of(pages: list[PageText]) -> str | None:
    """The document's title: the first lines of its first page that are words, not a page or document
    number, joined (a title wrapped over lines is one), up to the contents or the first sentence."""
    if not pages:
        return None
    parts: list[str] = []
    for line, _ in pages[0].lines:
        s = squash(line)
        if not s or _NOT_TITLE.match(s):
            if parts and re.match(r"^目\s*录$", s):
                break
            continue
        if re.search(r"[。；;]", s) or (parts and len("".join(parts)) + len(s) > 80):
            break
        parts.append(s)
        if len(parts) == _TITLE_LINES:
            break
    return "".join(parts) or None


def document_kind(pages: list[PageText], standard_codes: set[str]) -> tuple[str, str]:
    """(kind, the words that decided it). Standard tables make a disclosure whatever its title; else the
    title decides: a disclosure's, a performance document's, or another kind's; else 'other'."""
    title = title_of(pages) or ""
    head = "".join(squash(line) for page in pages[:1] for line, _ in page.lines[:12])
    if len(standard_codes) >= 3:
        return "disclosure", f"standard tables {', '.join(sorted(standard_codes))}"
    for kind, what, pattern in PERFORMANCE_KINDS:
        if pattern.search(title) and not standard_codes:
            return kind, f"{what}: '{title[:60]}'"
    if DISCLOSURE_TITLE.search(title):
        return "disclosure", f"its title: '{title[:60]}'"
    for kind, what, pattern in OTHER_KINDS:
        if pattern.search(title):
            return kind, f"{what}: '{title[:60]}'"
    if DISCLOSURE_TITLE.search(head[:120]):
        return "disclosure", f"its first lines: '{head[:60]}'"
    if standard_codes:
        return "disclosure", f"standard tables {', '.join(sorted(standard_codes))}"
    return "other", f"no 预算/决算 title and no standard table (its title: '{title[:60]}')" if title else \
        "no 预算/决算 title and no standard table, and no title on its first page"
