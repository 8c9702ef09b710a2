"""The sums a table's own layout asserts: a 合计/小计 column over its siblings, a numbered item over its
sub-items, a 合计/总计 row over the rows before it, a group's 小计 over its members."""

from __future__ import annotations

from .header import BARE_TOTAL, NOT_A_PART, SUBTOTAL, Column


def group_identities(rows: list[tuple[int, str, int | None]], amount_cols: list[Column]) -> list[dict]:
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


def column_identities(columns: list[Column], cells: list[dict]) -> list[dict]:
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
        subtotals = [k for k in kids if k in leaves and SUBTOTAL.search(k[-1])]
        details = [k for k in kids if k not in subtotals and not NOT_A_PART.search(k[-1])]
        if not details:
            return subtotals[:1]  # 项目支出 printed only as its 项目支出总数
        return [v for k in details for v in value_paths(k)]

    out = []
    prefixes = {p[:i] for p in amount_paths for i in range(len(p))}
    present = {(c["row_number"], c["column_index"]) for c in cells}
    rows = sorted({r for r, _ in present})
    for prefix in sorted(prefixes):
        kids = sorted({p[: len(prefix) + 1] for p in amount_paths if p[: len(prefix)] == prefix and len(p) > len(prefix)})
        totals = [k for k in kids if k in leaves and SUBTOTAL.search(k[-1])]
        others = [k for k in kids if k not in totals and not NOT_A_PART.search(k[-1])]
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
                    # a named total (“三公”经费合计) may total only some of the columns beside it
                    "strength": "strong" if BARE_TOTAL.match(totals[0][-1]) else "weak",
                }
            )
    return out


def outline_identities(rows: list[tuple[int, str, int | None]], amount_cols: list[Column]) -> list[dict]:
    """List tables (收支总表 style): a numbered item equals its sub-items; 合计 and 总计 rows equal what precedes them."""
    if not rows or all(role != "total" and level is None for _, role, level in rows):
        return []
    groups: list[tuple[str, int, list[int]]] = []
    nested = _nested_unnumbered(rows)
    items = [(n, role, level or 1) for n, role, level in rows if role in {"item", "total"} and n not in nested]
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
    # where the list leaves some rows' depth unprinted, its sums are read, not printed: they may confirm
    strength = "weak" if nested else "strong"
    out = []
    for kind, lhs, rhs in groups:
        if not rhs:
            continue
        for col in amount_cols:
            out.append({"kind": kind, "lhs": [(lhs, col.index)], "rhs": [(m, col.index) for m in rhs], "strength": strength})
    return out


def _nested_unnumbered(rows: list[tuple[int, str, int | None]]) -> set[int]:
    """Unnumbered rows between two top-level rows (一、一般公共服务支出, 信访事务, 行政运行, 二、…) are the first
    row's details, of a depth the list does not print: they are in no sum. Where a list is so printed,
    the unnumbered rows after its last top-level row are details too."""
    nested: set[int] = set()
    runs: list[list[int]] = []
    run: list[int] = []
    opened = False
    for n, role, level in rows:
        if role == "total" or (role == "item" and level == 1):
            if opened and role != "total":
                nested.update(run)
            elif opened:
                runs.append(run)
            run, opened = [], role != "total"
        elif role == "item" and level is None and opened:
            run.append(n)
    if opened:
        runs.append(run)
    if nested:
        for trailing in runs:
            nested.update(trailing)
    return nested


def number_identities(identities: list[dict]) -> None:
    for i, ident in enumerate(identities, start=1):
        ident["identity_no"] = i
