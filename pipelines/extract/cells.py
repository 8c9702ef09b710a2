"""A located table's grid → row labels, codes and roles, one record per amount cell, and the sums its
layout implies. A value that is not an amount is kept as printed with no amount (validation holds
back that value alone); a malformed code is kept as printed (codes.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .codes import RowCode, SplitCodes, class_names, classification_of, imply_codes, read_code, split_embedded
from .grid import Grid, box_fields
from .header import Column, classify_columns, column_paths, header_row_count
from .identities import column_identities, group_identities, number_identities, outline_identities
from .text import chinese_number, decimals_of, is_amount, is_dash, outline_level, parse_amount, squash, to_yuan

FUNCTION_TABLES = ("T03", "T05", "T07", "T08")


@dataclass
class ParsedTable:
    header_rows: int
    columns: list[Column]
    cells: list[dict] = field(default_factory=list)
    identities: list[dict] = field(default_factory=list)
    data_rows: int = 0


@dataclass
class Key:
    """One classification printed for each row: its code columns (one, or split 类/款/项) and its name
    column; codes may be printed inside the name cell instead."""

    label: Column | None
    codes: list[Column] = field(default_factory=list)
    kind: str | None = None  # function | economic | None


@dataclass
class Side:
    key: Key
    amounts: list[Column] = field(default_factory=list)
    unit_code: Column | None = None
    detail: Key | None = None  # a second classification printed beside the first (政府/部门 经济分类)


def _nearest_left(columns: list[Column], c: int, kinds: set[str]) -> list[Column]:
    """The contiguous block of `kinds` columns nearest to the left of column c (e.g. split 类/款/项 codes)."""
    block: list[Column] = []
    for col in reversed(columns[:c]):
        if col.kind in kinds:
            block.insert(0, col)
        elif block:
            break
    return block


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
        labels = _nearest_left(columns, col.index, {"label"})
        label = labels[-1] if labels else next((x for x in columns if x.kind == "label"), None)
        key_index = label.index if label else -1
        if key_index not in found:
            block = [c for c in columns[previous_amount + 1 : col.index] if c.kind in ("label", "code")]
            keys = _keys_in(block, grid, h) if block else []
            primary, detail = _choose(keys, table_code) if keys else (Key(label), None)
            if not primary.codes and primary.label is label and not detail:
                codes = _nearest_left(columns, label.index + 1 if label else col.index, {"code"})
                primary = Key(label, codes or _nearest_left(columns, col.index, {"code"}), primary.kind)
            units = _nearest_left(columns, col.index, {"unit_code"})
            found[key_index] = Side(primary, [], units[-1] if units else None, detail)
        found[key_index].amounts.append(col)
        previous_amount = col.index
    return list(found.values())


def _group_column(grid: Grid, columns: list[Column], label_col: Column | None, h: int) -> Column | None:
    """A label column left of the row labels whose cells span several rows: the group each row belongs
    to (一般公共预算资金 over its 小计 and items), as Jiangsu's 收入预算总表 prints them."""
    if not label_col or label_col.index == 0:
        return None
    g = label_col.index - 1
    # a column that only carries the group label merged in from its left neighbour is part of that label
    while g > 0 and all(grid.span[r][g] == grid.span[r][g - 1] for r in range(h, grid.n_rows)):
        g -= 1
    if columns[g].kind != "label":
        return None
    spans = [grid.span[r][g] for r in range(h, grid.n_rows)]
    own = [grid.span[r][g] != grid.span[r][label_col.index] for r in range(h, grid.n_rows)]
    grouped = any(a == b and o for a, b, o in zip(spans, spans[1:], own))
    return columns[g] if grouped else None


def _row_role(label: str, code: str | None) -> str:
    s = squash(label)
    if s.startswith("其中"):
        return "memo"
    if not code and ("合计" in s or "总计" in s or "小计" in s):
        return "total"
    return "item"


def _read_key(key: Key, grid: Grid, r: int, table_code: str, split: SplitCodes) -> tuple[RowCode, str]:
    """(the row's code, its name) under one classification."""
    label = grid.texts[r][key.label.index] if key.label else ""
    if key.codes:
        parts = [re.sub(r"\s", "", grid.texts[r][c.index]) for c in key.codes]
        code = split.read(parts, label) if len(parts) > 1 else read_code(parts[0], table_code)
        if code.printed and not code.printed.replace(" ", "").isdigit():  # 合计 printed across the code column
            return RowCode(None, ""), label.strip() or grid.texts[r][key.codes[0].index]
        return code, label
    embedded, name = split_embedded(label)
    if embedded:
        return read_code(embedded, table_code), name
    return RowCode(None, ""), label


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


class _SideReader:
    """Reads the rows of one side: labels, codes, roles and the outline levels of list rows."""

    def __init__(self, grid: Grid, columns: list[Column], side: Side, h: int, table_code: str, other_labels: set[int]):
        self.grid, self.columns, self.side, self.h, self.table_code = grid, columns, side, h, table_code
        self.other_labels = other_labels
        self.group_col = _group_column(grid, columns, side.key.label, h)
        self.split, self.detail_split = SplitCodes(table_code), SplitCodes(table_code)
        self.shift, self.previous_unnumbered = 0, False
        # the numbers of the 一、二、… rows at the outer level and in a list restarted under one of them
        self.outer_number: int | None = None
        self.inner_number: int | None = None
        self.memo_level: int | None = None  # the numbering of a list opened by 其中：（1）…
        self.seen_codes: set[str] = set()

    def label_of(self, r: int, label: str) -> str:
        key = self.side.key
        if key.label and not label.strip() and any(self.grid.texts[r][c.index].strip() for c in self.side.amounts):
            # a list whose category rows (合计, 一、货物) print their name in a label column further left
            left = [self.grid.texts[r][c.index] for c in _nearest_left(self.columns, key.label.index, {"label"})
                    if c.index not in self.other_labels]
            label = next((t for t in reversed(left) if t.strip()), label)
        return label

    def row(self, r: int) -> dict | None:
        grid, side = self.grid, self.side
        code, label = _read_key(side.key, grid, r, self.table_code, self.split)
        label = self.label_of(r, label)
        # a second classification is read as a code of any kind: the table's own is the first
        detail = _read_key(side.detail, grid, r, "X", self.detail_split)[0] if side.detail else None
        unit_code = re.sub(r"\s", "", grid.texts[r][side.unit_code.index]) if side.unit_code else ""
        if all(c.index > 0 and grid.span[r][c.index] == grid.span[r][c.index - 1] for c in side.amounts):
            return None  # a row label merged across this side's amount columns belongs to another side
        if not (label.strip() or code.printed or unit_code) and not any(grid.texts[r][c.index].strip() for c in side.amounts):
            return None  # a blank filler row of this side
        role = self.memo_list(_row_role(label, code.code or code.printed), label)
        if role == "item" and (code.code or code.basis == "malformed"):
            role = "unit" if code.code and code.code in self.seen_codes else "subject"
            if code.code:
                self.seen_codes.add(code.code)
        elif role == "item" and unit_code:
            role = "unit"
        group = None
        if self.group_col and grid.span[r][self.group_col.index] != grid.span[r][side.key.label.index]:
            group = grid.span[r][self.group_col.index]
            label = f"{squash(grid.texts[r][self.group_col.index])}/{squash(label)}"
        return {"r": r, "code": code, "detail": detail, "label": label, "unit_code": unit_code, "role": role,
                "group": group, "level": self.level(label, role)}

    def level(self, label: str, role: str) -> int | None:
        level = outline_level(label) if role == "item" else None
        if level is None and role == "item" and re.sub(r"[（(]类[）)]$", "", squash(label)) in class_names():
            level = 1  # a national 类 printed without numbering heads the rows after it
        if role == "item" and level == 1 and squash(label).startswith("一") and self.previous_unnumbered:
            self.shift, self.inner_number = 1, 1  # 一、二、… restarting under an unnumbered heading (年初结转和结余) are its sub-items
        elif role == "item" and level == 1:
            self.follow(chinese_number(label))
        elif role == "total" or (role == "item" and level is None):
            self.shift, self.outer_number, self.inner_number = 0, None, None
        if role != "memo":
            self.previous_unnumbered = role == "item" and level is None
        return level + self.shift if level else level

    def memo_list(self, role: str, label: str) -> str:
        """A numbered list opened by 其中 (其中：（1）公务用车购置费, （2）公务用车运行费) names parts of the row above that
        need not be all of it: each of its rows is a memo, in no sum."""
        level = outline_level(label)
        if role == "memo" and level is not None:
            self.memo_level = level
        elif role == "item" and level is not None and level == self.memo_level:
            return "memo"
        elif role != "memo":
            self.memo_level = None
        return role

    def follow(self, number: int | None) -> None:
        """Follows the numbering of 一、 rows: 一、 right after 一、本年支出 restarts the list under it (一、一般公共服务支出
        … 三十一、往来性支出 are its sub-items); a number lower than the inner list's last (二、年终结转结余 after 三十一)
        closes it."""
        if number is None:
            return
        if self.shift and self.inner_number is not None and number > self.inner_number:
            self.inner_number = number  # on down the inner list (二十四、预备费 and 二十五 merged into one row skip one)
        elif self.outer_number is not None and number == 1 and self.inner_number is None and self.outer_number >= 1:
            self.shift, self.inner_number = 1, 1
        else:
            self.shift, self.inner_number, self.outer_number = 0, None, number


def _side_rows(grid: Grid, columns: list[Column], side: Side, h: int, table_code: str,
               other_labels: set[int]) -> tuple[list[dict], bool]:
    """The side's rows, and whether they are grouped by a label column to their left."""
    reader = _SideReader(grid, columns, side, h, table_code, other_labels)
    rows = [row for r in range(h, grid.n_rows) if (row := reader.row(r)) is not None]
    imply_codes([(row["code"], row["label"]) for row in rows])
    coded = [row["code"].code for row in rows if row["code"].code]
    if side.detail and len(coded) != len(set(coded)):
        # a subject printed once per detail code (功能 × 经济): no row is the subject's own total
        for row in rows:
            if row["role"] in ("subject", "unit") and row["detail"] and row["detail"].code:
                row["role"] = "detail"
    elif _repeats_apart(coded):
        # the subjects listed again block after block (one block per unit, its name not printed):
        # no row is a subject's own total
        for row in rows:
            if row["role"] in ("subject", "unit"):
                row["role"] = "detail"
    return rows, reader.group_col is not None


def _repeats_apart(codes: list[str]) -> bool:
    """A code printed again after other codes: not a subject followed by its unit rows."""
    last_seen: dict[str, int] = {}
    for i, code in enumerate(codes):
        if code in last_seen and last_seen[code] != i - 1:
            return True
        last_seen[code] = i
    return False


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
        rows, grouped = _side_rows(grid, columns, side, h, table_code, labels - own)
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
