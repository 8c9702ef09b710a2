"""A grid's header: how many rows it takes, each column's path of labels, and what each column holds.

A column's meaning comes from its header words; 行次, 栏次 and 序号 columns number the rows and are
never amounts, and a row of 1, 2, 3 … under the header (a 栏次 row) numbers the columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..grids.grid import Grid
from ..shared import OTHER_PERIOD_COLUMN
from ..text import is_amount, is_dash, squash
from ..vocabulary import LINE_NUMBER_HEADER

_CODE_HEADER = re.compile(r"(科目|功能分类|经济分类)?.*(代码|编码)|^(类|款|项)$")
_UNIT_CODE_HEADER = re.compile(r"单位(代码|编码)")
_LABEL_HEADER = re.compile(r"项目|名称|科目|单位$")
_COUNT_HEADER = re.compile(r"人数|数量|个数|次数|辆数|台数|（人）|（个）|（辆）|（台）|（次）$")  # counts, never money
_SUBJECT_CODE = re.compile(r"^[235]\d{2}(\d{2}){0,2}$")
_AMOUNT_HEADER = re.compile(r"合计|小计|总计|预算数|决算数|执行数|金额|支出|收入|经费|费$|资金|结转|结余")
SUBTOTAL = re.compile(r"^(合计|小计|总计)$|合计$|总数$")
BARE_TOTAL = re.compile(r"^(合计|小计|总计)$")  # a total of every column beside it; “三公”经费合计 totals only its own
# columns that are not parts of their parent's sum: 其中 (a part already counted), 扣除…后 (the same total net of something)
NOT_A_PART = re.compile(r"^其中|扣除")
_CODE_VALUE = re.compile(r"^\d{2,9}$")
_PERCENT = re.compile(r"^-?[\d.,]+%$")
_INTEGER = re.compile(r"^\d{1,3}$")
_NUMERIC = re.compile(r"^[-−]?[\d,.]*\d[\d,.]*$")
_MARKERS = {"*", "**", "***", "—", "-", "栏次"}  # printed over the label columns of a 栏次 row


@dataclass
class Column:
    index: int
    path: tuple[str, ...]
    kind: str  # amount | label | code | unit_code | line_number | other

    @property
    def path_text(self) -> str:
        return "/".join(self.path)


_OTHER_PERIOD = OTHER_PERIOD_COLUMN  # one source with the dbt macro is_current_column


def is_current_column(path: str, fiscal_year: int | None) -> bool:
    """A column of this year's figures: not another year's (2025年执行数 in a 2026 budget), not 上年's,
    and not a change (增减额, 比上年) — the dbt macro is_current_column reads paths the same way."""
    years = re.findall(r"((?:19|20)\d{2})年", path or "")
    if years and fiscal_year and str(fiscal_year) not in years:
        return False
    return not _OTHER_PERIOD.search(path or "")


def numbering_row(row: list[str]) -> bool:
    """A 栏次 row: its label says so, or its cells are the column numbers 1, 2, 3 … in order."""
    texts = [squash(t) for t in row if t.strip()]
    if not texts:
        return False
    if LINE_NUMBER_HEADER.match(texts[0]) or texts[0] in _MARKERS:
        rest = [t for t in texts[1:] if not LINE_NUMBER_HEADER.match(t) and t not in _MARKERS]
        return all(_INTEGER.match(t) for t in rest)
    numbers = [int(t) for t in texts if _INTEGER.match(t)]
    return len(numbers) == len(texts) >= 3 and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _is_data_row(row: list[str]) -> bool:
    """A row with an amount, or a 合计/code row whose other cells hold nothing but codes (an empty table)."""
    if numbering_row(row):
        return False
    if any(is_amount(t) or _NUMERIC.match(t.strip()) for t in row):
        return True  # a figure, even one misprinted (12,34.56): header rows print words
    texts = [squash(t) for t in row if t.strip() and not is_dash(t)]
    if not texts or not (texts[0] in {"合计", "总计"} or _CODE_VALUE.match(texts[0])):
        return False
    return all(_CODE_VALUE.match(t) or t in {"合计", "总计"} for t in texts[1:])  # 合计 merged over the label columns


def header_row_count(grid: Grid, limit: int = 7) -> int:
    for r in range(min(grid.n_rows, limit)):
        if _is_data_row(grid.row(r)):
            return r
    return min(grid.n_rows, 1)


def same_header(a: Grid, b: Grid, rows: int) -> bool:
    """b begins with the same header rows as a: a continuation page repeating the column header."""
    if b.n_rows < rows or a.n_cols != b.n_cols:
        return False
    return all(squash(x) == squash(y) for r in range(rows) for x, y in zip(a.texts[r], b.texts[r]))


def column_paths(grid: Grid, header_rows: int) -> list[tuple[str, ...]]:
    """Each column's header as a path of the distinct merged-cell labels above it, top to bottom.
    A 栏次 row numbers the columns: it is no part of their names."""
    paths = []
    rows = [r for r in range(header_rows) if not numbering_row(grid.texts[r])]
    for c in range(grid.n_cols):
        parts: list[str] = []
        last_span = None
        for r in rows:
            span, label = grid.span[r][c], squash(grid.texts[r][c])
            if span == last_span or not label:
                last_span = span
                continue
            if not parts or parts[-1] != label:
                parts.append(label)
            last_span = span
        paths.append(tuple(parts))
    return paths


def _counts_rows(values: list[str]) -> bool:
    """A column of 1, 2, 3 … down the rows: it numbers them (行次) whatever its header says."""
    numbers = [int(v) for v in values if _INTEGER.match(v)]
    if len(numbers) < 3 or len(numbers) != len(values) or numbers != sorted(numbers):
        return False
    if len(set(numbers)) < 0.8 * len(numbers):
        return False  # a column of 0s is amounts
    return numbers[-1] - numbers[0] + 1 <= len(numbers) + 2  # consecutive, give or take a misprint


def _kind(path: tuple[str, ...], filled: list[str]) -> str:
    leaf = path[-1] if path else ""
    joined = "/".join(path)
    if LINE_NUMBER_HEADER.match(leaf):
        return "line_number"
    if _UNIT_CODE_HEADER.search(joined):
        return "unit_code"
    if _CODE_HEADER.search(leaf) or (path and _CODE_HEADER.search(joined) and leaf in {"类", "款", "项"}):
        return "code"
    codes = [v.replace(" ", "") for v in filled if re.search(r"\d", v) or not BARE_TOTAL.match(v.replace(" ", ""))]
    codes = [v for v in codes if re.search(r"\w", v)]  # placeholders (…) are nothing
    if codes and re.search(r"编码|代码", joined) and all(_SUBJECT_CODE.match(v) for v in codes):
        return "code"  # codes under a header whose last word is another's (功能分类科目编码 over 合计)
    if _COUNT_HEADER.search(leaf):
        return "other"
    if filled and all(_PERCENT.match(v.replace(" ", "")) for v in filled):
        return "other"
    odd = sum(not is_amount(v) for v in filled)
    if odd and not (3 * odd <= len(filled) and _AMOUNT_HEADER.search(leaf) and not _LABEL_HEADER.search(leaf)):
        return "label"  # a column of words; an amount column keeps its few unreadable values as such
    if not filled and _LABEL_HEADER.search(leaf) and not SUBTOTAL.search(leaf):
        return "label"
    if not path and not filled:
        return "other"
    if not SUBTOTAL.search(leaf) and _counts_rows(filled) and not any("." in v for v in filled):
        return "line_number"
    return "amount"


def classify_columns(grid: Grid, header_rows: int, paths: list[tuple[str, ...]]) -> list[Column]:
    columns = []
    for c, path in enumerate(paths):
        # a cell merged from the column on its left (a label spanning into it) says nothing of this column
        values = [
            grid.texts[r][c].strip()
            for r in range(header_rows, grid.n_rows)
            if c == 0 or grid.span[r][c] != grid.span[r][c - 1]
        ]
        filled = [v for v in values if v and not is_dash(v)]
        columns.append(Column(c, path, _kind(path, filled)))
    return columns
