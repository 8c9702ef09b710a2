"""The cell a claim speaks of within one table, by the kind of figure it states: each way of finding it
is a named strategy (their strengths are in linking.STRENGTH)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from ..shared import LEVEL_LENGTH  # digits of a 功能分类 code at each level
from ..text import strip_outline
from .cells import _for_figure, _named_cell, _three_public_column
from .claims import Claim
from .subjects import _core, _key, _level_name, _parent_names, _variant
from .vocabulary import _THREE_PUBLIC, _TOTAL_SUBJECT, _UNIT_NAME

_SUBJECT_TABLES = ("T05", "T07", "T08", "T03", "T04", "T01", "T01in")
_MEASURE_SUBJECT = re.compile(r"基本支出|项目支出|人员经费|公用经费|机关运行经费")
_GRAND_TOTAL = re.compile(
    r"(本年|部门)?(预算)?(收入|支出)(预算)?(总计|合计)?|总(收入|支出)|(财政拨款)?(收支|收入支出)总?(预算|决算)?(总计|合计)?"
)


class Found(NamedTuple):
    """A cell a strategy found for a claim: how (strategy), what of the claim's words it matched (code: the code
    the claim prints; name_path: its whole name, with the 类/款 above it where several rows share the name; name:
    a part of its name, or one of several rows of that name; position: the table's total, by where it is), and
    the cells the claim's words fit as well (a bare 收入预算: this year's total, or the grand total with 上年结转)."""

    target: dict | None
    strategy: str | None = None
    matched: str | None = None
    alternatives: tuple = ()


NOT_FOUND = Found(None)
# a bare total (支出预算, 收入预算) says neither 本年 nor 总计: this year's total and the grand total both fit it
_BARE_TOTAL = re.compile(r"(收入|支出)(预算|决算)?(数|总额|安排)?")


def summary_stem(label: str) -> str:
    """A 收支总表 row's name without the words every row of its side shares."""
    return re.sub(r"(当年|本年|财政拨款|拨款|收入|资金|预算)", "", strip_outline(label))


def _summary_words(label: str) -> str:
    """A 收支总表 row's name as compared whole: without outline number, 本年/当年, and 财政 (财政拨款 = 拨款)."""
    s = re.sub(r"^(本年|当年)", "", strip_outline(label).replace("（类）", "").replace("(类)", ""))
    return re.sub(r"(收入|支出)?(预算)?$", "", s.replace("财政拨款", "拨款"))


def _side_words(subject: str) -> str:
    """A subject without the unit's name and level marks: 本部门支出预算 → 支出预算."""
    return re.sub(r"[（(](类|款|项)[）)]", "", _UNIT_NAME.sub("", _key(subject)))


def _names_total(claim: Claim) -> bool:
    """The claim's words name a total: 支出总计, 财政拨款支出预算, 支出预算, or words before the figure that say
    总计/合计. A subject of no words of its own (全年预算为 X) names nothing, not the department's total."""
    core = _core(claim.subject_text)
    if core:
        return bool(_TOTAL_SUBJECT.fullmatch(core))
    return bool(re.fullmatch(r"(本年|当年)?(财政拨款)?(收入|支出|收支)(预算|决算)?(数|总计|合计|总额)?", _side_words(claim.subject_text))
                or re.search(r"(总计|合计|总额)(为|是|共)?$", claim.lead or ""))


def _is_bare_total(claim: Claim) -> bool:
    """支出预算, 收入预算: a total that says neither 本年 nor 总计/合计."""
    return bool(_BARE_TOTAL.fullmatch(_side_words(claim.subject_text))) and not re.search(r"本年|当年|合计|总计", claim.lead or "")


def first_column(rows: list[dict], side: int | None = None) -> int | None:
    cols = sorted({c["column_index"] for c in rows if c.get("column_index") is not None and (side is None or c["side"] == side)})
    return cols[0] if cols else None


@dataclass
class TableFinder:
    """The cells of one disclosure by table, and the state reading its narrative in order carries: the
    类/款 the last subject row was under, and the table the current claim's heading names by title."""

    by_table: dict[str, list[dict]]  # by code, and each table of no standard code also by X<seq>
    codes: dict[int, str]
    titles: dict[int, str]
    report_kind: str | None = None
    current_prefix: str = ""
    heading_table: str | None = None

    @classmethod
    def of(cls, cells: list[dict], tables: list[dict], report_kind: str | None) -> TableFinder:
        codes = {t["table_seq"]: t["table_code"] for t in tables}
        by_table: dict[str, list[dict]] = {}
        for c in cells:
            code = c.get("table_code") or codes.get(c["table_seq"])
            if code:
                by_table.setdefault(code, []).append(c)
                if code == "X":
                    by_table.setdefault(f"X{c['table_seq']}", []).append(c)
        return cls(by_table, codes, {t["table_seq"]: t.get("table_title") or "" for t in tables}, report_kind)

    def rows(self, code: str) -> list[dict]:
        return self.by_table.get(code, [])

    def cell(self, code: str, pick) -> dict | None:
        return next((c for c in self.rows(code) if pick(c)), None)

    def measure_column(self, code: str, names: tuple[str, ...]) -> int | None:
        for c in self.rows(code):
            path = c.get("column_path") or ""
            leaf, parent = path.split("/")[-1], path.split("/")[-2] if "/" in path else ""
            if leaf in names or (leaf in ("小计", "合计") and parent in names):
                return c["column_index"]
        return None

    def in_table(self, claim: Claim, table: str | None) -> Found:
        """The cell a claim speaks of in the given table, how it was found and what it matched: the first of the
        table's own strategies that applies, else a cell its words name."""
        subject = claim.subject_text
        level, name = _level_name(subject)
        found = NOT_FOUND
        if table == "T09":
            found = self.three_public_item(claim)
        elif level and (table in _SUBJECT_TABLES or (table or "").startswith("X")):
            found = self.subject_row(claim, table, level, name)
        elif table == "T04" and "政府性基金" in subject and subject.endswith("支出"):
            found = Found(self.fund_expenditure_row(), "fund_expenditure_row", "name_path")
        elif table in ("T05", "T03", "T07") and (_names_total(claim) or _MEASURE_SUBJECT.search(subject)):
            found = self.measure_total(claim, table)
        elif table in ("T01in", "T01", "T04"):
            found = self.summary(claim, table)
        home = {"T01in": "T01"}.get(table or "", table or "")
        if found.target is None and home in self.by_table:
            title = (self.titles.get(int(home[1:]), "") if re.fullmatch(r"X\d+", home)
                     else next((t for q, t in self.titles.items() if self.codes[q] == home), ""))
            target, matched = _named_cell(self.by_table[home], claim, title, self.report_kind, titled=home == self.heading_table)
            found = Found(target, "named_cell_titled" if home == self.heading_table else "named_cell", matched)
        return found if found.target is not None else NOT_FOUND

    def three_public_item(self, claim: Claim) -> Found:
        """The 三公 item's own column (or its group's 小计); the table's 合计 only for the 三公 total."""
        item = next((m for key, m in _THREE_PUBLIC if key in claim.subject_text), None)
        columns = {c["column_index"]: c.get("column_path") or "" for c in self.rows("T09") if c.get("column_index") is not None}
        col = _three_public_column(_for_figure(columns, claim.budget_figure, self.report_kind), item)
        target = self.cell("T09", lambda c: c["column_index"] == col) if col is not None else None
        if target is not None and "三公" not in (target.get("column_path") or "") and item == "total":
            return Found(target, "three_public_table_total", "position")  # the table's 合计, which may hold more than the 三公
        return Found(target, "three_public_item", "name_path")

    def subject_row(self, claim: Claim, table: str, level: str, name: str) -> Found:
        """The 类/款/项 row the subject names, at the level it names: matched by the code it prints, by its whole
        name path (the 类/款 it names above it all match, or no other row has its name), or only by name."""
        # 收支总表 figures are all funds: their subjects are the 支出总表's; 财政拨款 ones the 一般公共预算's
        code_table = (
            table if table in ("T05", "T07", "T08", "T03") or table.startswith("X")
            else "T03" if table in ("T01", "T01in") else "T05"
        )
        subject_rows = [c for c in self.rows(code_table) if c.get("row_role") == "subject"]
        column = first_column(subject_rows)
        rows = [c for c in subject_rows if c["column_index"] == column]
        names = {c["subject_code"]: _variant(c["row_label"]) for c in rows if c.get("subject_code")}
        wanted = _variant(name).replace("支出", "")
        candidates = [c for c in rows if len(c.get("subject_code") or "") == LEVEL_LENGTH[level] and wanted in names[c["subject_code"]]]
        # a 项 name many 款 share (一般行政管理事务): the one under the 类/款 the subject also names
        parents = _parent_names(claim.subject_text)
        named = [
            c for c in candidates
            if all(_variant(p).replace("支出", "") in names.get(c["subject_code"][:n], "") for n, p in parents)
        ]
        preferred = [c for c in candidates if self.current_prefix and c["subject_code"].startswith(self.current_prefix)]
        if parents and not named and len(candidates) > 1:
            return NOT_FOUND  # several rows of that name, none under the 类/款 named
        target = (named or preferred or candidates or [None])[0]
        if target is None:
            return NOT_FOUND
        if level in ("类", "款"):
            self.current_prefix = target["subject_code"]
        printed = re.findall(r"(?<!\d)\d{3,7}(?!\d)", claim.subject_text)
        if target["subject_code"] in printed:
            matched = "code"
        elif (named if parents else (candidates if len(candidates) == 1 else preferred)) == [target]:
            matched = "name_path"
        else:
            matched = "name"  # the 类/款 it names do not match, or one of several rows of its name
        return Found(target, "subject_row", matched)

    def fund_expenditure_row(self) -> dict | None:
        """政府性基金 本年支出 in the 财政拨款收支总表."""
        col = self.measure_column("T04", ("政府性基金预算拨款", "政府性基金预算"))
        return self.cell("T04", lambda c: c["side"] == 2 and c["column_index"] == col and strip_outline(c["row_label"]) == "本年支出")

    def measure_total(self, claim: Claim, table: str) -> Found:
        """The total row, in the column the subject's measure names (基本支出, 人员经费 …; else 合计). A bare
        支出预算 fits the 收支总表's grand total (with 结转下年) as well as this year's."""
        target = self._measure_total_cell(claim.subject_text, table)
        if target is None:
            return NOT_FOUND
        return Found(target, "measure_total", "name_path", self.side_totals(claim, "T01") if _is_bare_total(claim) else ())

    def side_totals(self, claim: Claim, code: str) -> tuple:
        """The totals of the 收支总表 side the claim's words name: 本年收入合计 and 收入总计 (or 收入合计 where
        the grand total is so printed)."""
        rows = self.rows(code)
        side = self._summary_side(claim, _UNIT_NAME.sub("", claim.subject_text), rows)
        column = first_column(rows, side)
        return tuple(c for c in rows if c["side"] == side and c["column_index"] == column
                     and re.search(r"(合计|总计)$", strip_outline(c.get("row_label") or "")))

    def _measure_total_cell(self, subject: str, table: str) -> dict | None:
        names = (
            ("人员经费",) if "人员经费" in subject
            else ("公用经费",) if ("公用经费" in subject or "机关运行经费" in subject)
            else ("基本支出",) if "基本支出" in subject
            else ("项目支出",) if "项目支出" in subject
            else ("合计",)
        )
        col = self.measure_column(table, names)
        if col is None and names == ("合计",):  # a table of one amount column (金额): its total is the total
            col = first_column([c for c in self.rows(table) if c.get("row_role") == "total"])
        if col is None:
            return None
        return self.cell(table, lambda c: c.get("row_role") == "total" and c["column_index"] == col)

    def _summary_side(self, claim: Claim, key: str, rows: list[dict]) -> int:
        # the words before the figure say which side where the subject lost them (财政拨款支出预算 → 财政拨款)
        said = key + re.split(r"[，,；;：:]", claim.lead or "")[-1]
        side = 2 if "支出" in said and "收入" not in said else 1
        # the side whose header says 收入 / 支出 (a 收支总表 may print expenditure twice: by function and by use)
        word = "支出" if side == 2 else "收入"
        sides = sorted({c["side"] for c in rows if word in (c.get("column_path") or "")}) or [side]
        return next((sd for sd in sides if any(grand_word in c["row_label"] for c in rows if c["side"] == sd
                                               for grand_word in ("合计", "总计"))), sides[0])

    def summary(self, claim: Claim, table: str) -> Found:
        """A figure of the 收支总表 or 财政拨款收支总表: its 合计/总计 on the side its words name, or the row
        they name (whole: summary_row; as part of the row's name: summary_row_part)."""
        code = "T04" if table == "T04" else "T01"
        rows = self.rows(code)
        key = _UNIT_NAME.sub("", claim.subject_text)
        key = re.sub(r"^.*?(院|局|厅|委员会|办公室|海关|部门|单位)(?=总|本年|收入|支出|收支|财政拨款)", "", key)
        side = self._summary_side(claim, key, rows)
        column = first_column(rows, side)
        # in the 财政拨款收支总表, 财政拨款收入 (支出) is the whole side
        if _GRAND_TOTAL.fullmatch(key) or (table == "T01in" and key in ("", "收入")) or (
                code == "T04" and re.fullmatch(r"(本年|当年)?财政拨款(收入|支出)", key)):
            grand = "总计" if any("总计" in c["row_label"] for c in rows if c["side"] == side) else "合计"
            if re.search(r"本年|合计$", key + (claim.lead or "")[-2:]):
                grand = "合计"
            target = self.cell(code, lambda c: c["side"] == side and c["column_index"] == column and grand in c["row_label"])
            # neither 本年 nor 总计 said: this year's total and the grand total both fit (收入预算 61764.88 = 本年收入
            # 53764.88 + 上年结转 8000)
            return Found(target, "summary_total", "name_path", self.side_totals(claim, code) if _is_bare_total(claim) else ())
        stem = re.sub(r"(当年|本年|财政拨款|拨款|收入|资金|预算|总计|合计)", "", key.replace("（类）", "").replace("(类)", ""))
        target = self.cell(code, lambda c: (
            c["side"] == side and c["column_index"] == column and stem and stem in summary_stem(c["row_label"])
        ))
        if target is None:
            return NOT_FOUND
        # the row its words name whole (一般公共预算拨款收入), or only a part of that row's name: the words the
        # stem leaves out must be the row's too (本年其他资金收入 is not 九、其他收入)
        whole = _summary_words(key) == _summary_words(target["row_label"])
        return Found(target, "summary_row" if whole else "summary_row_part", "name_path" if whole else "name")
