"""项目绩效目标表: one project's form (its fields, funds and indicator rows), or a list of projects, one
block of rows per project under a header naming 项目名称, its funds and the indicators."""

from __future__ import annotations

import re

from ..grids.grid import Grid, box_fields
from ..text import decimals_of, is_amount, is_dash, join_wrapped, parse_amount, squash, to_yuan

FUND_LABELS = [
    ("total", re.compile(r"(年度)?资金总额|^年度金额")),
    ("fiscal", re.compile(r"财政拨款")),
    ("carryover", re.compile(r"上年结转")),
    ("other", re.compile(r"其他资金")),
    # a transfer payment's form splits its 年度金额 by the level of government paying it
    ("central", re.compile(r"中央(财政)?资金")),
    ("local", re.compile(r"(省|市|区|县|本)级(财政)?资金|地方(财政)?资金")),
]
_OPERATOR = re.compile(r"^\s*(≥|≤|>=|<=|=|＝|<|>|＜|＞)?\s*([-+]?\d+(?:[.,]\d+)*)?\s*(.*?)\s*$")
_POINTS = re.compile(r"[（(]\s*(\d+)\s*[)）]")
_OP_NORMAL = {">=": "≥", "<=": "≤", "＝": "=", "＜": "<", "＞": ">"}


def _first_value_after(row: list[str], c: int) -> tuple[str, int | None]:
    """The first printed text right of column c (a form's value beside its label), and its column."""
    for j in range(c + 1, len(row)):
        t = row[j]
        if t.strip() and t.strip() != row[c].strip():
            return t.strip(), j
    return "", None


def parse_target(text: str) -> tuple[str | None, str | None, str | None]:
    """'≥20 批次' → ('≥', '20', '批次'); '优' → (None, None, '优'); '100%' → ('=', '100', '%')."""
    s = squash(text)
    m = _OPERATOR.match(s)
    if not m or not m.group(2):
        return None, None, s or None
    op = _OP_NORMAL.get(m.group(1) or "=", m.group(1) or "=")
    return op, m.group(2).replace(",", ""), (m.group(3) or None)


_LIST_FUNDS = [
    ("total", re.compile(r"^(项目总额|金额|年度资金总额|资金总额|预算数|合计)")),
    ("fiscal", re.compile(r"财政(资金|拨款)")),
    ("carryover", re.compile(r"上年结转")),
    ("other", re.compile(r"其他资金")),
]


# the header of a list's project-name column: 项目名称, or 一级项目名称 beside the budget unit's name
_NAME_HEADER = re.compile(r"^(一级|二级)?项目名称$")


def _fund_cell(grid: Grid, r: int, c: int | None, key: str, label: str, printed: str, unit: str, project_no: int) -> dict:
    value = parse_amount(printed) if printed else None
    return {"page_number": grid.row_pages[r], "row_number": r + 1, "project_no": project_no, "fund": key,
            **box_fields(grid.box(r, c) if c is not None else None),
            "row_label": label, "printed_value": printed, "printed_unit": unit,
            "printed_decimals": decimals_of(printed), "amount_yuan": to_yuan(value, unit)}


def list_header(grid: Grid) -> tuple[int, dict[str, int]] | None:
    """The last header row of a project list and its columns, or None where the grid is a form."""
    for r in range(min(4, grid.n_rows)):
        labels = [squash(t) for t in grid.texts[r]]
        names = [c for c, t in enumerate(labels) if _NAME_HEADER.match(t)]
        if not names:
            continue
        name_col = names[-1]  # 一级项目名称 beside 二级预算单位名称, or the one 项目名称
        following = [t for t in labels[name_col + 1 :] if t and not _NAME_HEADER.match(t)]
        funded = any(p.search(t) for t in following for _, p in _LIST_FUNDS)
        if not (funded and any(t in ("绩效目标", "一级指标") for t in following)):
            return None  # 项目名称 beside its value: a form
        last = r
        while last + 1 < grid.n_rows and not any(is_amount(t) for t in grid.texts[last + 1]) and any(
                _NAME_HEADER.match(squash(t)) for t in grid.texts[last + 1]):
            last += 1
        columns = {"name": name_col}
        for c in range(grid.n_cols):
            label = squash(grid.texts[last][c])
            for key, pattern in _LIST_FUNDS:
                if c != name_col and pattern.search(label) and key not in columns:
                    columns[key] = c
            for key, word in (("level1", "一级指标"), ("level2", "二级指标"), ("level3", "三级指标")):
                if label == word:
                    columns[key] = c
            if label.endswith("指标值") and "value" not in columns:
                columns["value"] = c
            if label in ("绩效度量单位", "计量单位", "度量单位"):
                columns["unit"] = c
        return last, columns
    return None


def _block(grid: Grid, r: int, c: int | None) -> int | None:
    """The merged cell at row r, column c where it covers more than one row: a block of rows."""
    if c is None:
        return None
    s = grid.span[r][c]
    merged = (r > 0 and grid.span[r - 1][c] == s) or (r + 1 < grid.n_rows and grid.span[r + 1][c] == s)
    return s if merged else None


class _ListReader:
    """Reads a list of projects row by row. A project begins where its name cell or its merged funds cell does
    (one name cell may span the blocks of several projects, each with its own 项目总额). A block whose name cell
    prints nothing (a merged cell cut at a page break: its text clipped away) is a project whose name is not
    printed, or, opening a page, the rest of the project before it (unless that one has its funds and the block
    prints funds of its own)."""

    def __init__(self, grid: Grid, unit: str, header: int, cols: dict[str, int]):
        self.grid, self.unit, self.header, self.cols = grid, unit, header, cols
        self.projects: list[dict] = []
        self.funds: list[dict] = []
        self.indicators: list[dict] = []
        self.last_key: tuple | None = None
        self.last_page: int | None = None  # the page of the last project row read

    def _not_a_project_row(self, r: int, name: str) -> bool:
        """A header or title printed again on a continuation page: 项目名称, or words where the funds go."""
        if _NAME_HEADER.match(squash(name)):
            return True
        printed = [self.grid.texts[r][self.cols[f]].strip() for f in ("total", "fiscal") if f in self.cols]
        return any(t and not (is_amount(t) or is_dash(t)) for t in printed)

    def _funded(self, project_no: int) -> bool:
        """The project has its funds already: a block after it with funds of its own is another project."""
        return any(f["project_no"] == project_no and f["amount_yuan"] is not None for f in self.funds)

    def _prints_funds(self, r: int) -> bool:
        return "total" in self.cols and is_amount(self.grid.texts[r][self.cols["total"]].strip())

    def _opens_page(self, r: int) -> bool:
        """The first project row of a page after the first (a repeated header or title skipped)."""
        return self.last_page is not None and self.grid.row_pages[r] != self.last_page

    def row(self, r: int) -> None:
        grid, cols = self.grid, self.cols
        name = join_wrapped(grid.texts[r][cols["name"]])
        if self._not_a_project_row(r, name):
            return
        key = self._key(r, name)
        if key != self.last_key:
            self.last_key = key
            if name or not self.projects or not self._opens_page(r) or (
                    self._funded(len(self.projects)) and self._prints_funds(r)):
                self.projects.append({"page_number": grid.row_pages[r], "project_no": len(self.projects) + 1,
                                      "project_name": name or None})
            self._read_funds(r)
        self.last_page = grid.row_pages[r]
        if "level3" in cols and squash(grid.texts[r][cols["level3"]]):
            self.indicators.append(self._indicator(r))

    def _key(self, r: int, name: str) -> tuple | None:
        """What a project's rows share: its name cell and its merged funds cell. A row printing no name is known
        by its funds alone (a continuation's name cells may be cut row by row): a new merged funds cell, or an
        amount, begins a block; a row with neither goes on with the project being read."""
        block = _block(self.grid, r, self.cols.get("total"))
        if name:
            return (self.grid.span[r][self.cols["name"]], name, block)
        total = self.grid.texts[r][self.cols["total"]].strip() if "total" in self.cols else ""
        if block is None and not is_amount(total):
            return self.last_key
        return ("", block if block is not None else r)

    def _read_funds(self, r: int) -> None:
        """The funds printed on row r, for the project being read: once (a project split over pages prints its
        funds on one of them; rows printed blank give way to printed ones)."""
        no = len(self.projects)
        read = []
        for fund in ("total", "fiscal", "carryover", "other"):
            if fund in self.cols:
                printed = self.grid.texts[r][self.cols[fund]].strip()
                if printed and not (is_amount(printed) or is_dash(printed)):
                    continue
                label = squash(self.grid.texts[self.header][self.cols[fund]])
                read.append(_fund_cell(self.grid, r, self.cols[fund], fund, label, printed, self.unit, no))
        own = [f for f in self.funds if f["project_no"] == no]
        if not own:
            self.funds.extend(read)
        elif all(f["amount_yuan"] is None for f in own) and any(f["amount_yuan"] is not None for f in read):
            self.funds = [f for f in self.funds if f["project_no"] != no] + read

    def _indicator(self, r: int) -> dict:
        grid, cols = self.grid, self.cols
        target = grid.texts[r][cols["value"]].strip() if "value" in cols else ""
        op, value, target_unit = parse_target(target)
        if "unit" in cols and not target_unit:
            target_unit = squash(grid.texts[r][cols["unit"]]) or None
        return {
            "page_number": grid.row_pages[r], "row_number": r + 1, "project_no": len(self.projects),
            "level1": squash(grid.texts[r][cols.get("level1", cols["level3"])]),
            "level2": squash(grid.texts[r][cols.get("level2", cols["level3"])]),
            "level3": squash(grid.texts[r][cols["level3"]]), "target_text": target, "operator": op,
            "target_value": value, "target_unit": target_unit, "score_text": "", "score": None,
            **box_fields(None),
        }


def parse_project_list(grid: Grid, unit: str) -> tuple[list[dict], list[dict], list[dict]]:
    """(projects, fund cells, indicator rows) of a list of projects: a project's rows share its name cell."""
    found = list_header(grid)
    if found is None:
        raise ValueError("项目绩效目标表 without a 项目名称 row")
    reader = _ListReader(grid, unit, *found)
    for r in range(found[0] + 1, grid.n_rows):
        reader.row(r)
    if not reader.projects:
        raise ValueError("项目绩效目标表 listing no project")
    return reader.projects, reader.funds, reader.indicators


def parse_projects(grid: Grid, unit: str = "万元") -> tuple[list[dict], list[dict], list[dict]]:
    """A project form, or a list of projects."""
    if list_header(grid) is not None:
        return parse_project_list(grid, unit)
    project, funds, indicators = parse_project(grid, unit)
    return [{**project, "project_no": 1}], funds, [{**i, "project_no": 1} for i in indicators]


def _indicator(grid: Grid, r: int, names: list[str], value_col: int, score_col: int | None) -> dict:
    row = grid.texts[r]
    target = row[value_col].strip()
    op, value, target_unit = parse_target(target)
    score_text = row[score_col].strip() if score_col is not None else ""
    return {
        "page_number": grid.row_pages[r],
        "row_number": r + 1,
        "level1": names[0],
        "level2": names[1],
        "level3": names[2],
        "target_text": target,
        "operator": op,
        "target_value": value,
        "target_unit": target_unit,
        "score_text": score_text,
        "score": parse_amount(score_text) if is_amount(score_text) else None,
        **box_fields(grid.box(r, score_col) if score_col is not None else None),
    }


def _form_field(project: dict, funds: list[dict], grid: Grid, r: int, c: int, label: str, unit: str) -> None:
    """A labelled cell of the form above its indicators: the value printed after it."""
    row = grid.texts[r]
    # the name of what the form is of: a project, a transfer payment, a special fund, a policy
    fields = {"项目名称": "project_name", "转移支付名称": "project_name", "专项名称": "project_name",
              "专项资金名称": "project_name", "政策名称": "project_name", "项目（政策）名称": "project_name",
              "实施单位": "implementing_unit"}
    if label in fields or label.startswith("主管部门"):
        project[fields.get(label, "department")] = join_wrapped(_first_value_after(row, c)[0])
    elif label == "年度总体目标":
        project["objectives"] = _first_value_after(row, c)[0]
    elif label.startswith("执行率"):
        m = _POINTS.search(label)
        project["execution_points_stated"] = int(m.group(1)) if m else None
    else:
        for key, pattern in FUND_LABELS:
            if pattern.search(label) and not label.startswith("项目资金"):
                printed, value_col = _first_value_after(row, c)
                if value_col is None or (printed and not (is_amount(printed) or is_dash(printed))):
                    continue  # a label with no cell after it prints no part, nor does text
                funds.append(_fund_cell(grid, r, value_col, key, label, printed, unit, 1))
                break


def parse_project(grid: Grid, unit: str = "万元") -> tuple[dict, list[dict], list[dict]]:
    """Return (project fields, fund cells, indicator rows) of one 项目绩效目标表."""
    project: dict = {"page_number": grid.row_pages[0] if grid.row_pages else grid.page}
    funds: list[dict] = []
    indicators: list[dict] = []
    header_row = None
    for r, row in enumerate(grid.texts):
        labels = [squash(t) for t in row]
        if header_row is None and "一级指标" in labels:
            header_row = r
            score_label = next((x for x in labels if x.startswith("分值")), "")
            m = _POINTS.search(score_label)
            project["indicator_points_stated"] = int(m.group(1)) if m else None
            project.update(box_fields(grid.box(r, labels.index(score_label)) if m else None, "points_"))
            # a form of another kind (a 自评表 with 年度指标值 and 实际完成值, two levels only) keeps what it prints
            level_cols = [labels.index(x) if x in labels else None for x in ("一级指标", "二级指标", "三级指标")]
            value_col = next((i for i, x in enumerate(labels) if x.startswith("指标值") or x.endswith("指标值")), None)
            if value_col is None:
                raise ValueError("项目绩效目标表 whose indicators print no 指标值 column (a form of another kind)")
            score_col = labels.index(score_label) if score_label else None
        elif header_row is not None:
            names = [squash(row[c]) if c is not None else "" for c in level_cols]
            if any(names):
                indicators.append(_indicator(grid, r, names, value_col, score_col))
        else:
            for c, label in enumerate(labels):
                if label and not (c > 0 and grid.span[r][c] == grid.span[r][c - 1]):
                    _form_field(project, funds, grid, r, c, label, unit)
    if "project_name" not in project:
        raise ValueError("项目绩效目标表 without a 项目名称 row (nor a 转移支付, 专项 or 政策 name)")
    return project, funds, indicators
