"""The money of a performance form (部门整体支出绩效目标表, 绩效自评表): a block of field labels (总体资金情况（万元）/
预算支出总额, 财政拨款/基本支出 …) over a row of amounts. Only amounts whose labels name money are read; a form's
indicator values (指标值 95, 分值 10) are targets, never amounts, and a form asserts no sums."""

from __future__ import annotations

import re

from ..grids.grid import Grid, box_fields
from ..text import decimals_of, find_unit, is_amount, parse_amount, squash, to_yuan

# the words of a label over money: a target's or a score's label names none of them
MONEY_LABEL = re.compile(r"资金|金额|预算|万元|财政拨款|经费|支出总额|收入总额")
NOT_MONEY_LABEL = re.compile(r"指标|分值|得分|权重|执行率|完成率|比例|%|％")


def _block_label(grid: Grid, r: int, first_amount: int) -> tuple[int, str]:
    """The row's leftmost label cell (its span, its text): the block of the form the row is in."""
    for c in range(first_amount):
        if squash(grid.texts[r][c]):
            return grid.span[r][c], squash(grid.texts[r][c])
    return -1, ""


def _header_rows(grid: Grid, r: int, block: int, first_amount: int) -> list[int]:
    """The rows above row r in its block that print no amount, past the rows of amounts just above it (the
    tasks of a list under one header): the labels of its columns."""
    rows: list[int] = []
    k = r - 1
    while k >= 0 and _block_label(grid, k, first_amount)[0] == block:
        has_amount = any(is_amount(t.strip()) for t in grid.texts[k])
        if has_amount and rows:
            break
        if not has_amount:
            rows.insert(0, k)
        k -= 1
    return rows


def _row_label(grid: Grid, r: int, first_amount: int, block_label: str) -> str:
    """The row's own name: the first label printed left of its amounts after its block's (任务名称 before
    主要内容), else its block's."""
    names = [squash(grid.texts[r][c]) for c in range(first_amount) if squash(grid.texts[r][c])]
    own = [n for n in names if n != block_label]
    return own[0] if own else block_label


def _path(grid: Grid, rows: list[int], c: int) -> str:
    parts: list[str] = []
    for k in rows:
        text = squash(grid.texts[k][c])
        if text and text not in parts:
            parts.append(text)
    return "/".join(parts)


def form_money_cells(grid: Grid, unit: str) -> list[dict]:
    """One cell record per amount printed under money labels, in the shape parse_grid gives."""
    out: list[dict] = []
    for r in range(grid.n_rows):
        columns = [c for c in range(grid.n_cols) if is_amount(grid.texts[r][c].strip())
                   and (c == 0 or grid.span[r][c] != grid.span[r][c - 1])]  # a merged cell is read once
        if not columns:
            continue
        block, label = _block_label(grid, r, columns[0])
        headers = _header_rows(grid, r, block, columns[0])
        for c in columns:
            path = _path(grid, headers, c)
            words = f"{label}/{path}"
            if not MONEY_LABEL.search(words) or NOT_MONEY_LABEL.search(path):
                continue
            printed = grid.texts[r][c].strip()
            value_unit = find_unit(words) or unit
            out.append({
                "row_number": r + 1, "side": 1, "row_label": _row_label(grid, r, columns[0], label), "row_role": "item", "subject_code": None,
                "printed_code": None, "code_basis": None, "implied_code": None, "detail_code": None, "unit_code": None,
                "page_number": grid.row_pages[r], **box_fields(grid.box(r, c)), "column_index": c,
                "column_path": path or label, "printed_value": printed, "printed_unit": value_unit,
                "printed_decimals": decimals_of(printed), "amount_yuan": to_yuan(parse_amount(printed), value_unit),
            })
    return out
