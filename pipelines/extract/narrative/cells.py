"""Finding the cell a claim describes within a table: by the column its figure and words name, by the
row its subject names, by economic-class sums that may confirm it, and the confirm-only search."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from ..text import UNIT_FACTORS, strip_outline
from .claims import Claim
from .subjects import _core, _key, _level_name, _title_key
from .vocabulary import _ECONOMIC_SUMS, _GENERIC_HEADERS, _HEADER_MEASURES, _MEASURE_WORDS, _SEARCH_ORDER, _TOTAL_SUBJECT


def _for_figure(columns: dict[int, str], budget: bool, report_kind: str | None) -> dict[int, str]:
    """The columns a figure may be read from: a 决算 figure from 决算数 columns and a budget from 预算
    ones where a table prints both; a budget beside a final account only from a 预算 column."""
    actual = {i: p for i, p in columns.items() if "决算" in p}
    planned = {i: p for i, p in columns.items() if "预算" in p and "决算" not in p}
    if budget:
        return planned if (actual or report_kind == "final_accounts") else columns
    return actual or columns


def _three_public_column(columns: dict[int, str], item: str | None) -> int | None:
    """The column of a 三公 item: its own column, or its group's 小计 (公务用车购置及运行费)."""
    found = []
    for i, path in sorted(columns.items()):
        named = [k for k in (_key(s) for s in path.split("/")) if k and k not in _HEADER_MEASURES]
        last = named[-1] if named else ""
        if item == "total":
            hit = len(named) == 1 and "三公经费" in last
        elif item in ("vehicle_purchase", "vehicle_operation"):
            word = "购置费" if item == "vehicle_purchase" else "运行费"
            hit = last.endswith(word) and "及" not in last
        else:
            word = {"overseas_travel": "因公出国", "vehicle_total": "公务用车购置及运行", "reception": "公务接待"}.get(item or "")
            hit = bool(word) and word in last
        if hit:
            found.append(i)
    if not found and item == "total":  # a table of the 三公 alone: its 合计 is theirs
        found = [i for i, p in sorted(columns.items()) if _key(p.split("/")[-1]) == "合计"]
    return found[0] if found else None


def _named_cell(rows: list[dict], claim: Claim, title: str, report_kind: str | None,
                titled: bool = False) -> tuple[dict | None, str | None]:
    """The cell of one table that a claim's words name, and what they matched: a column (基本支出, 培训费) in the
    table's total row, a row (一、货物, 人员经费合计) in its amount column (its whole name: name_path; a part of
    it: name), or the total itself where the claim states a total or names the table (政府性基金支出预算 →
    政府性基金支出预算表)."""
    core = _core(claim.subject_text)
    columns = _for_figure({c["column_index"]: c.get("column_path") or "" for c in rows if c.get("column_index") is not None},
                          claim.budget_figure, report_kind)
    if not columns:
        return None, None
    rows = [c for c in rows if c.get("column_index") in columns]

    def primary(side: int) -> int | None:
        own = sorted({c["column_index"] for c in rows if c["side"] == side})
        named = [i for i in own if _key(columns[i].split("/")[-1]) in _HEADER_MEASURES]
        return (named or own or [None])[0]

    first = {side: primary(side) for side in {c["side"] for c in rows}}
    single_row = len({c["row_number"] for c in rows}) == 1
    grand = [c for c in rows if single_row or (c.get("row_role") == "total" and _key(c.get("row_label")) in ("合计", "总计", ""))]
    candidates: list[tuple[int, int, int, dict]] = []
    for c in grand:  # a column the subject names, in the total row
        for seg in (_key(s) for s in columns[c["column_index"]].split("/")):
            seg = re.sub(r"(预算数|决算数|金额)$", "", seg)
            if len(seg) >= 3 and seg not in _GENERIC_HEADERS and seg in core:
                candidates.append((len(seg), c["row_number"], c["column_index"], c, "name_path" if seg == core else "name"))
    for c in rows:  # a row the subject names, in its side's amount column
        if c["column_index"] != first.get(c["side"]) or not c.get("row_label"):
            continue
        # without its total word, and the letter of a 政府采购 category (A-货物, B-工程, C-服务)
        label = re.sub(r"(合计|小计|总计)$|^[A-Z]\s*[-－.、]", "", _key(c["row_label"]))
        # the row the subject ends with (拟购买货物 → 一、货物), or one whose name holds the whole subject
        if label and (label == core or (len(label) >= 2 and core.endswith(label)) or (len(core) >= 4 and core in label)):
            candidates.append((min(len(label), len(core)), c["row_number"], c["column_index"], c,
                               "name_path" if label == core else "name"))
    if candidates:
        return max(candidates, key=lambda t: (t[0], -t[1], -t[2]))[3:]
    # a stated total is this table's only where the heading names the table or the subject is a bare total
    states_total = re.search(r"(总计|合计|总额|总金额|总预算)(为|是|共)?$", claim.lead or "") and (
        titled or _TOTAL_SUBJECT.fullmatch(core)
    )
    # 财政拨款 is what every table of a budget is: 一般公共预算财政拨款基本支出 names 一般公共预算基本支出预算表
    names_table = len(core) >= 4 and core.replace("财政拨款", "") in _title_key(title).replace("财政拨款", "")
    if (states_total or names_table) and grand:
        total = min((c for c in grand if c["column_index"] == first.get(c["side"])), key=lambda c: (c["row_number"], c["side"]), default=None)
        return total, "name_path" if total is not None else None
    return None, None


def _agrees(claim: Claim, amount: Decimal | None) -> bool:
    """The stated amount equals a table amount to the precision stated (a blank cell is a stated 0)."""
    if claim.amount is None or claim.unit not in UNIT_FACTORS:
        return False
    stated = Decimal(claim.amount.replace(",", "")) * UNIT_FACTORS[claim.unit]
    decimals = len(claim.amount.split(".", 1)[1]) if "." in claim.amount else 0
    step = Decimal(10) ** -decimals * UNIT_FACTORS[claim.unit]
    return (amount is None and stated == 0) or (amount is not None and abs(amount - stated) < step)


def _economic_sum(claim: Claim, rows: list[dict]) -> list[dict] | None:
    measure = next((m for m in _ECONOMIC_SUMS if m in claim.subject_text or (m == "公用经费" and "机关运行经费" in claim.subject_text)), None)
    if measure is None or claim.amount is None or claim.unit not in UNIT_FACTORS:
        return None
    first = {}  # each side's first amount column: 人员经费 and 公用经费 may be printed side by side
    for c in rows:
        if c.get("column_index") is not None:
            first[c["side"]] = min(first.get(c["side"], c["column_index"]), c["column_index"])
    own = [c for c in rows if c.get("column_index") == first.get(c["side"])]
    by_code = {c["subject_code"]: c for c in own if c.get("subject_code")}
    sums = [[c] for c in own if _key(c.get("row_label")) in (measure, measure + "合计")]
    sums += [[by_code.get(code) for code in codes] for codes in _ECONOMIC_SUMS[measure]]
    for parts in sums:
        if all(p is not None for p in parts) and _agrees(claim, sum(p.get("amount_yuan") or 0 for p in parts)):
            return parts
    return None


def _subject_name(subject: str) -> str:
    """The name to look for in row labels: the most specific 类/款/项, without the unit and filler words."""
    level, name = _level_name(subject)
    name = re.sub(r"[“”\"]", "", name)
    name = re.sub(r"^(本部门|我部门|本单位|部门|单位|省[^，]{1,6}?院|上海市[^，]{2,14}?(委员会|局|办公室|处)|昆明海关(本级|机关)?)", "", name)
    name = re.sub(r"(预算支出|支出预算|预算数|预算|支出|收入|资金|经费)$", "", name) or name
    return name


@lru_cache(maxsize=1 << 14)
def _label_names(row_label: str) -> tuple[str, str]:
    """A row label without its outline number, and without a trailing 支出/收入/资金/经费 (every claim
    is compared with every row: the same labels, many times)."""
    label = strip_outline(row_label)
    return label, re.sub(r"(支出|收入|资金|经费)$", "", label)


def _search_all(claim: Claim, by_table: dict[str, list[dict]], codes: dict[int, str]) -> dict | None:
    """Any table's row named like the claim's subject that prints the stated amount (to the precision
    stated). Used where the section's own table has no such row; it confirms, it never accuses."""
    name = _subject_name(claim.subject_text)
    if len(name) < 2 or claim.amount is None or claim.unit not in ("万元", "元", "亿元"):
        return None
    wanted = next((word for word in _MEASURE_WORDS if word in claim.subject_text and word not in name), None)
    candidates = []
    for rank, code in enumerate(_SEARCH_ORDER):
        rows = by_table.get(code, [])
        first = min((c["column_index"] for c in rows if c.get("column_index") is not None), default=None)
        for c in rows:
            label, label_name = _label_names(c.get("row_label") or "")
            if not label_name or not (name == label_name or (len(name) >= 3 and (name in label or label_name in name))):
                continue
            path = c.get("column_path") or ""
            if wanted and wanted not in path:
                continue
            if not wanted and c.get("column_index") != first and not re.search(r"合计|金额|预算数|决算数$", path):
                continue
            # a name match alone can pick a like-named row of another table: link only where the figure agrees
            if _agrees(claim, c.get("amount_yuan")):
                candidates.append((rank, c["table_seq"], c["row_number"], c))
    return min(candidates, key=lambda t: t[:3])[3] if candidates else None
