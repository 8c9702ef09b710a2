"""The rows of one side of a table: each row's label, its code under the table's classification (and a second
classification printed beside it), its role (subject, unit, total, memo, detail, item) and its outline level."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .codes import RowCode, SplitCodes, class_names, imply_codes, read_code, split_embedded
from ..grids.grid import Grid
from .header import Column
from ..text import chinese_number, outline_level, squash


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


def nearest_left(columns: list[Column], c: int, kinds: set[str]) -> list[Column]:
    """The contiguous block of `kinds` columns nearest to the left of column c (e.g. split 类/款/项 codes)."""
    block: list[Column] = []
    for col in reversed(columns[:c]):
        if col.kind in kinds:
            block.insert(0, col)
        elif block:
            break
    return block


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
            left = [self.grid.texts[r][c.index] for c in nearest_left(self.columns, key.label.index, {"label"})
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


def side_rows(grid: Grid, columns: list[Column], side: Side, h: int, table_code: str,
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
