"""A located table's grid → row labels, codes and roles, one record per amount cell, and the sums its
layout implies. A value that is not an amount is kept as printed with no amount (validation holds
back that value alone); a malformed code is kept as printed (codes.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .codes import RowCode, classification_of, split_embedded
from ..grids.grid import Grid, box_fields
from .header import Column, classify_columns, column_paths, header_row_count
from .identities import column_identities, group_identities, number_identities, outline_identities
from .rows import Key, Side, nearest_left, side_rows
from ..text import decimals_of, is_amount, is_dash, parse_amount, squash, to_yuan
from ..vocabulary import FUNCTION_TABLES


@dataclass
class ParsedTable:
    header_rows: int
    columns: list[Column]
    cells: list[dict] = field(default_factory=list)
    identities: list[dict] = field(default_factory=list)
    data_rows: int = 0


def _data_values(grid: Grid, h: int, col: Column) -> list[str]:
    return [re.sub(r"\s", "", grid.texts[r][col.index]) for r in range(h, grid.n_rows)]


def _keys_in(block: list[Column], grid: Grid, h: int) -> list[Key]:
    """The classifications in a block of code and name columns: each code group with the name column
    after it; a name column with no codes beside it may carry its codes inside its cells."""
    keys, codes = [], []
    for col in block:
        if col.kind == "code":
            split = col.path and col.path[-1] in {"款", "项"} or all(len(v) <= 2 for v in _data_values(grid, h, col) if v)
            if codes and not split:
                keys.append(Key(None, codes))
                codes = []
            codes.append(col)
        elif col.kind == "label":
            keys.append(Key(col, codes))
            codes = []
    if codes:
        keys.append(Key(None, codes))
    for key in keys:
        if key.codes:
            values = _data_values(grid, h, key.codes[0])
            key.kind = classification_of([v for v in values if len(v) >= 3 and v.isdigit()])
        elif key.label is not None:
            key.kind = classification_of([c for c, _ in map(split_embedded, _data_values(grid, h, key.label)) if c])
    return keys


def _choose(keys: list[Key], table_code: str) -> tuple[Key, Key | None]:
    """The table's own classification first (功能分类 for the tables by function, 部门经济分类 30x for
    T06), the other printed beside it as a detail."""
    classified = [k for k in keys if k.kind]
    if len(classified) < 2:
        return keys[-1], None
    if table_code in FUNCTION_TABLES:
        wanted = [k for k in classified if k.kind == "function"]
    elif table_code == "T06":
        wanted = [k for k in classified if k.kind == "economic"]
    else:
        wanted = classified
    primary = wanted[0] if wanted else classified[0]
    others = [k for k in classified if k is not primary]
    return primary, (others[-1] if others else None)


def sides(columns: list[Column], grid: Grid, h: int, table_code: str) -> list[Side]:
    """Split a table into sides: two-sided tables (收入 | 支出, or a list printed in two halves) repeat
    their name column; every amount column belongs to the name column nearest to its left."""
    found: dict[int, Side] = {}
    previous_amount = -1
    for col in columns:
        if col.kind != "amount":
            continue
        labels = nearest_left(columns, col.index, {"label"})
        label = labels[-1] if labels else next((x for x in columns if x.kind == "label"), None)
        key_index = label.index if label else -1
        if key_index not in found:
            block = [c for c in columns[previous_amount + 1 : col.index] if c.kind in ("label", "code")]
            keys = _keys_in(block, grid, h) if block else []
            primary, detail = _choose(keys, table_code) if keys else (Key(label), None)
            if not primary.codes and primary.label is label and not detail:
                codes = nearest_left(columns, label.index + 1 if label else col.index, {"code"})
                primary = Key(label, codes or nearest_left(columns, col.index, {"code"}), primary.kind)
            units = nearest_left(columns, col.index, {"unit_code"})
            found[key_index] = Side(primary, [], units[-1] if units else None, detail)
        found[key_index].amounts.append(col)
        previous_amount = col.index
    return list(found.values())


def _amount_cell(grid: Grid, r: int, col: Column, unit: str) -> dict:
    printed = grid.texts[r][col.index].strip()
    readable = not printed or is_amount(printed) or is_dash(printed)
    value = parse_amount(printed) if readable else None
    return {
        "page_number": grid.row_pages[r],
        **box_fields(grid.box(r, col.index)),  # the cell's box from the page's top left, in points
        "column_index": col.index,
        "column_path": col.path_text,
        "printed_value": printed,
        "printed_unit": unit,
        "printed_decimals": decimals_of(printed) if readable else 0,
        "amount_yuan": to_yuan(value, unit),  # a value that is not an amount has none: validation holds it back
    }


def _cell_records(grid: Grid, side: Side, side_no: int, rows: list[dict], h: int, unit: str) -> list[dict]:
    out = []
    for row in rows:
        code: RowCode = row["code"]
        detail: RowCode | None = row["detail"]
        for col in side.amounts:
            out.append({
                "row_number": row["r"] - h + 1,
                "side": side_no + 1,
                "row_label": squash(row["label"]) if row["label"] else "",
                "row_role": row["role"],
                "subject_code": code.code,
                "printed_code": code.printed or None,
                "code_basis": code.basis,
                "implied_code": code.implied,
                "detail_code": detail.code if detail else None,
                "unit_code": row["unit_code"] or None,
                **_amount_cell(grid, row["r"], col, unit),
            })
    return out


def parse_grid(grid: Grid, unit: str, header_rows: int | None = None, table_code: str = "X") -> ParsedTable:
    """Turn a table's grid into amount-cell records and the identities its layout asserts."""
    h = header_row_count(grid) if header_rows is None else header_rows
    columns = classify_columns(grid, h, column_paths(grid, h))
    parsed = ParsedTable(header_rows=h, columns=columns, data_rows=grid.n_rows - h)
    grand_totals: list[tuple[int, int]] = []
    table_sides = sides(columns, grid, h, table_code)
    labels = {s.key.label.index for s in table_sides if s.key.label}  # another side's labels are not this side's
    for side_no, side in enumerate(table_sides):
        own = {side.key.label.index} if side.key.label else set()
        rows, grouped = side_rows(grid, columns, side, h, table_code, labels - own)
        parsed.cells.extend(_cell_records(grid, side, side_no, rows, h, unit))
        numbered = [(row["r"] - h + 1, row["role"], row["level"]) for row in rows]
        if grouped:
            parsed.identities.extend(group_identities([(n, row["role"], row["group"]) for (n, _, _), row in zip(numbered, rows)], side.amounts))
        else:
            parsed.identities.extend(outline_identities(numbered, side.amounts))
        grand = [n for (n, role, _), row in zip(numbered, rows) if role == "total" and "总计" in squash(row["label"])]
        if grand and side.amounts:
            grand_totals.append((grand[-1], side.amounts[0].index))
    if len(grand_totals) == 2:  # 收入总计 = 支出总计
        parsed.identities.append({"kind": "balance", "lhs": [grand_totals[0]], "rhs": [grand_totals[1]]})
    parsed.identities.extend(column_identities(columns, parsed.cells))
    number_identities(parsed.identities)
    return parsed
