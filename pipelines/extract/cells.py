"""A located table's grid → header paths, row roles, one record per amount cell, and the sums its layout implies."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .grid import Grid
from .text import (
    decimals_of,
    is_amount,
    is_dash,
    outline_level,
    parse_amount,
    squash,
    to_yuan,
)

_CODE_HEADER = re.compile(r"(科目|功能分类|经济分类)?.*(代码|编码)|^(类|款|项)$")
_UNIT_CODE_HEADER = re.compile(r"单位(代码|编码)")
_LABEL_HEADER = re.compile(r"项目|名称|科目|序号|单位$")
_SUBTOTAL = re.compile(r"^(合计|小计|总计)$|合计$")
_CODE_VALUE = re.compile(r"^\d{2,9}$")
_LEADING_CODE = re.compile(r"^(\d{3,7})\s*(\S.*)$")
_PERCENT = re.compile(r"^-?[\d.,]+%$")


@dataclass
class Column:
    index: int
    path: tuple[str, ...]
    kind: str  # amount | label | code | unit_code | other

    @property
    def path_text(self) -> str:
        return "/".join(self.path)


@dataclass
class ParsedTable:
    header_rows: int
    columns: list[Column]
    cells: list[dict] = field(default_factory=list)
    identities: list[dict] = field(default_factory=list)
    data_rows: int = 0


def _is_data_row(row: list[str]) -> bool:
    """A row with an amount, or a 合计/code row whose other cells hold nothing but codes (an empty table)."""
    if any(is_amount(t) for t in row):
        return True
    texts = [squash(t) for t in row if t.strip() and not is_dash(t)]
    if not texts or not (texts[0] in {"合计", "总计"} or _CODE_VALUE.match(texts[0])):
        return False
    return all(_CODE_VALUE.match(t) for t in texts[1:])


def header_row_count(grid: Grid, limit: int = 6) -> int:
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
    """Each column's header as a path of the distinct merged-cell labels above it, top to bottom."""
    paths = []
    for c in range(grid.n_cols):
        parts: list[str] = []
        last_span = None
        for r in range(header_rows):
            span, label = grid.span[r][c], squash(grid.texts[r][c])
            if span == last_span or not label:
                last_span = span
                continue
            if not parts or parts[-1] != label:
                parts.append(label)
            last_span = span
        paths.append(tuple(parts))
    return paths


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
        leaf = path[-1] if path else ""
        joined = "/".join(path)
        if _UNIT_CODE_HEADER.search(joined):
            kind = "unit_code"
        elif _CODE_HEADER.search(leaf) or (path and _CODE_HEADER.search(joined) and leaf in {"类", "款", "项"}):
            kind = "code"
        elif filled and all(_PERCENT.match(v.replace(" ", "")) for v in filled):
            kind = "other"
        elif any(not is_amount(v) for v in filled):
            kind = "label"
        elif not filled and _LABEL_HEADER.search(leaf) and not _SUBTOTAL.search(leaf):
            kind = "label"
        elif not path and not filled:
            kind = "other"
        else:
            kind = "amount"
        columns.append(Column(c, path, kind))
    return columns


def _nearest_left(columns: list[Column], c: int, kinds: set[str]) -> list[Column]:
    """The contiguous block of `kinds` columns nearest to the left of column c (e.g. split 类/款/项 codes)."""
    block: list[Column] = []
    for col in reversed(columns[:c]):
        if col.kind in kinds:
            block.insert(0, col)
        elif block:
            break
    return block


def _sides(columns: list[Column]) -> list[tuple[Column | None, list[Column], list[Column], Column | None]]:
    """Split a table into sides: (label column, code columns, amount columns, unit-code column).

    Two-sided tables (收入 | 支出, or a list printed in two halves) repeat a label column;
    every amount column belongs to the label column nearest to its left.
    """
    sides: dict[int, tuple[Column | None, list[Column], list[Column], Column | None]] = {}
    for col in columns:
        if col.kind != "amount":
            continue
        labels = _nearest_left(columns, col.index, {"label"})
        label = labels[-1] if labels else next((x for x in columns if x.kind == "label"), None)
        key = label.index if label else -1
        if key not in sides:
            codes = _nearest_left(columns, label.index + 1 if label else col.index, {"code"})
            if not codes:
                codes = _nearest_left(columns, col.index, {"code"})
            units = _nearest_left(columns, col.index, {"unit_code"})
            sides[key] = (label, codes, [], units[-1] if units else None)
        sides[key][2].append(col)
    return list(sides.values())


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


def _group_identities(rows: list[tuple[int, str, int | None]], amount_cols: list[Column]) -> list[dict]:
    """Grouped lists: a group's 小计 equals its other rows; a 合计/总计 spanning the groups equals the groups."""
    groups: dict[int, list[tuple[int, str]]] = {}
    totals = []
    for n, role, group in rows:
        if group is None:
            if role == "total":
                totals.append(n)
        else:
            groups.setdefault(group, []).append((n, role))
    out, group_values = [], []
    for members in groups.values():
        subtotal = [n for n, role in members if role == "total"]
        parts = [n for n, role in members if role == "item"]
        if len(subtotal) == 1 and parts:
            out.append(("group_subtotal", subtotal[0], parts))
        group_values += subtotal[:1] or parts
    out += [("group_total", n, group_values) for n in totals if group_values]
    return [
        {"kind": "outline", "lhs": [(lhs, col.index)], "rhs": [(m, col.index) for m in rhs]}
        for _, lhs, rhs in out
        for col in amount_cols
    ]


def _row_role(label: str, code: str) -> str:
    s = squash(label)
    if s.startswith("其中"):
        return "memo"
    if not code and ("合计" in s or "总计" in s or "小计" in s):
        return "total"
    return "item"


def parse_grid(grid: Grid, unit: str, header_rows: int | None = None) -> ParsedTable:
    """Turn a table's grid into amount-cell records and the identities its layout asserts."""
    h = header_row_count(grid) if header_rows is None else header_rows
    columns = classify_columns(grid, h, column_paths(grid, h))
    parsed = ParsedTable(header_rows=h, columns=columns, data_rows=grid.n_rows - h)
    grand_totals: list[tuple[int, int]] = []
    sides = _sides(columns)
    side_labels = {label.index for label, _, _, _ in sides if label}  # another side's labels are not this side's
    for side_no, (label_col, code_cols, amount_cols, unit_col) in enumerate(sides):
        rows = []
        _labels: dict[int, str] = {}
        shift, previous_unnumbered = 0, False
        seen_codes: set[str] = set()
        group_col = _group_column(grid, columns, label_col, h)
        grouped_rows: list[tuple[int, str, int | None]] = []
        for r in range(h, grid.n_rows):
            label = grid.texts[r][label_col.index] if label_col else ""
            if label_col and not label.strip() and any(grid.texts[r][c.index].strip() for c in amount_cols):
                # a list whose category rows (合计, 一、货物) print their name in a label column further left
                left = [grid.texts[r][c.index] for c in _nearest_left(columns, label_col.index, {"label"})
                        if c.index not in side_labels]
                label = next((t for t in reversed(left) if t.strip()), label)
            group = None
            if group_col and grid.span[r][group_col.index] != grid.span[r][label_col.index]:
                group = grid.span[r][group_col.index]
            parts = [re.sub(r"\s", "", grid.texts[r][c.index]) for c in code_cols]
            # split 类/款/项 columns: 款 and 项 are two digits each ("2" printed for "02")
            code = "".join(p if i == 0 or not p.isdigit() else p.zfill(2) for i, p in enumerate(parts))
            if code and not code.isdigit():  # 合计 printed across the code column
                label, code = label.strip() or grid.texts[r][code_cols[0].index], ""
            if not code_cols:
                m = _LEADING_CODE.match(label.strip())
                if m:
                    code, label = m.group(1), m.group(2)
            unit_code = re.sub(r"\s", "", grid.texts[r][unit_col.index]) if unit_col else ""
            if all(c.index > 0 and grid.span[r][c.index] == grid.span[r][c.index - 1] for c in amount_cols):
                continue  # a row label merged across this side's amount columns belongs to another side
            if not (label.strip() or code or unit_code) and not any(
                grid.texts[r][c.index].strip() for c in amount_cols
            ):
                continue  # a blank filler row of this side
            role = _row_role(label, code)
            if role == "item" and code:
                role = "unit" if code in seen_codes else "subject"
                seen_codes.add(code)
            elif role == "item" and unit_code:
                role = "unit"
            row_number = r - h + 1
            _labels[row_number] = squash(label)
            grouped_rows.append((row_number, role, group))
            if group is not None:
                label = f"{squash(grid.texts[r][group_col.index])}/{squash(label)}"
            level = outline_level(label) if role == "item" else None
            if role == "item" and level == 1 and squash(label).startswith("一") and previous_unnumbered:
                shift = 1  # 一、二、… restarting under an unnumbered heading (年初结转和结余) are its sub-items
            elif role == "total" or (role == "item" and level is None):
                shift = 0
            if role != "memo":
                previous_unnumbered = role == "item" and level is None
            rows.append((row_number, role, level + shift if level else level))
            for col in amount_cols:
                printed = grid.texts[r][col.index].strip()
                value = parse_amount(printed) if (is_amount(printed) or is_dash(printed) or not printed) else None
                if printed and not (is_amount(printed) or is_dash(printed)):
                    raise ValueError(f"row {row_number} column {col.path_text!r}: not an amount: {printed!r}")
                parsed.cells.append(
                    {
                        "page_number": grid.row_pages[r],
                        "row_number": row_number,
                        "side": side_no + 1,
                        "row_label": squash(label) if label else "",
                        "row_role": role,
                        "subject_code": code or None,
                        "unit_code": unit_code or None,
                        "column_index": col.index,
                        "column_path": col.path_text,
                        "printed_value": printed,
                        "printed_unit": unit,
                        "printed_decimals": decimals_of(printed),
                        "amount_yuan": to_yuan(value, unit),
                    }
                )
        if group_col:
            parsed.identities.extend(_group_identities(grouped_rows, amount_cols))
        else:
            parsed.identities.extend(_outline_identities(rows, amount_cols))
        grand = [n for n, role, _ in rows if role == "total" and "总计" in _labels.get(n, "")]
        if grand and amount_cols:
            grand_totals.append((grand[-1], amount_cols[0].index))
    if len(grand_totals) == 2:  # 收入总计 = 支出总计
        parsed.identities.append({"kind": "balance", "lhs": [grand_totals[0]], "rhs": [grand_totals[1]]})
    parsed.identities.extend(_column_identities(columns, parsed.cells))
    _number_identities(parsed.identities)
    return parsed


def _column_identities(columns: list[Column], cells: list[dict]) -> list[dict]:
    """Within each header group, a 合计/小计 column equals the sum of its sibling columns (其中 excluded)."""
    amount_paths = [c.path for c in columns if c.kind == "amount" and c.path]
    index_of = {c.path: c.index for c in columns if c.kind == "amount" and c.path}
    leaves = set(amount_paths)

    def value_paths(node: tuple[str, ...]) -> list[tuple[str, ...]]:
        """The detail columns that add up to a node: its leaves, not its own 小计 (checked separately),
        so that a blank or wrong subtotal is reported once, where it is printed."""
        if node in leaves:
            return [node]
        kids = sorted({p[: len(node) + 1] for p in amount_paths if p[: len(node)] == node and len(p) > len(node)})
        details = [k for k in kids if not (k in leaves and _SUBTOTAL.search(k[-1])) and not k[-1].startswith("其中")]
        return [v for k in details for v in value_paths(k)]

    out = []
    prefixes = {p[:i] for p in amount_paths for i in range(len(p))}
    present = {(c["row_number"], c["column_index"]) for c in cells}
    rows = sorted({r for r, _ in present})
    for prefix in sorted(prefixes):
        kids = sorted({p[: len(prefix) + 1] for p in amount_paths if p[: len(prefix)] == prefix and len(p) > len(prefix)})
        totals = [k for k in kids if k in leaves and _SUBTOTAL.search(k[-1])]
        others = [k for k in kids if k not in totals and not k[-1].startswith("其中")]
        if len(totals) != 1 or not others:
            continue
        rhs = [v for k in others for v in value_paths(k)]
        for row in rows:
            if (row, index_of[totals[0]]) not in present:
                continue  # a filler row of the other side of a two-sided table
            out.append(
                {
                    "kind": "columns",
                    "lhs": [(row, index_of[totals[0]])],
                    "rhs": [(row, index_of[p]) for p in rhs if (row, index_of[p]) in present],
                }
            )
    return out


def _outline_identities(rows: list[tuple[int, str, int | None]], amount_cols: list[Column]) -> list[dict]:
    """List tables (收支总表 style): a numbered item equals its sub-items; 合计 and 总计 rows equal what precedes them."""
    if not rows or all(role != "total" and level is None for _, role, level in rows):
        return []
    groups: list[tuple[str, int, list[int]]] = []
    items = [(n, role, level or 1) for n, role, level in rows if role in {"item", "total"}]
    for i, (n, role, level) in enumerate(items):
        if role != "item":
            continue
        kids = []
        for m, role2, level2 in items[i + 1 :]:
            if role2 == "total" or level2 <= level:
                break
            if level2 == level + 1:
                kids.append(m)
        if kids:
            groups.append(("outline", n, kids))
    pending: list[int] = []
    for n, role, level in items:
        if role == "total":
            groups.append(("running_total", n, list(pending)))
            pending = [n]
        elif level == 1:
            pending.append(n)
    out = []
    for kind, lhs, rhs in groups:
        if not rhs:
            continue
        for col in amount_cols:
            out.append({"kind": kind, "lhs": [(lhs, col.index)], "rhs": [(m, col.index) for m in rhs]})
    return out


def _number_identities(identities: list[dict]) -> None:
    for i, ident in enumerate(identities, start=1):
        ident["identity_no"] = i
