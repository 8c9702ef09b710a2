"""Linking each claim to the table cell it describes, or saying why none is.

The strategies are tried in order: the tables the claim's section and words name (strategies.py), a
sum of economic classes, the one 财政拨款 table printing a 类/款/项 where no table is named, and last a
search of every table that only confirms. Each link records its strategy and how strong it is: only a
strong link may fail a claim.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..text import squash
from .cells import _agrees, _economic_sum, _search_all
from .claims import Claim
from .strategies import LEVEL_LENGTH, NOT_FOUND, Found, TableFinder, first_column
from .subjects import _core, _key, _level_name, _section_table, _table_named_by, _titled_table
from .vocabulary import QUANTITY_UNITS

# How each way of linking a claim reads: strong where the table is the one its section or words name, the
# row the one its code or full name names, and the column the one its measure names; weak otherwise. A
# weak link may confirm a claim, never accuse it.
STRENGTH = {
    "three_public_item": "strong",  # the 三公 item's own column in the 三公 table
    "three_public_table_total": "weak",  # the 三公 table's 合计 column (会议费 and 培训费 may be in it)
    "subject_row": "strong",  # the 类/款/项 row its name names, in the table the section names
    "fund_expenditure_row": "strong",  # 政府性基金 本年支出 in the 财政拨款收支总表
    "measure_total": "strong",  # the total row, in the column its measure names (基本支出, 人员经费 …)
    "summary_total": "strong",  # the 收支总表's 合计/总计 on the side its words name
    "summary_row": "strong",  # the 收支总表 row its words name whole
    "summary_row_part": "weak",  # a 收支总表 row whose name holds the words
    "named_cell_titled": "strong",  # a cell its words name, in the table the heading names by title
    "named_cell": "weak",  # a cell its words name, in a table the section only points to
    "economic_sum": "weak",  # a sum of economic classes that agrees
    "expenditure_table": "weak",  # an expenditure the 收支总表 does not print, in the 支出总表 (基本支出 …)
    "fund_summary_total": "weak",  # a 财政拨款 total the 收支总表 does not print, in the 财政拨款收支总表
    "sole_fund_table_row": "weak",  # a 类/款/项 row that only one 财政拨款 table prints, no table named
    "search_all": "weak",  # any table's like-named row printing the figure
}
# measures a claim may name that a cell must name too for a strong link: 机关运行经费 is the 公用经费 of the
# administrative units only, so a 公用经费 total that also holds a public institution's may differ from it
_MEASURES_NAMED = ("基本支出", "项目支出", "人员经费", "公用经费", "机关运行经费")
_FUNDS = ("一般公共预算", "政府性基金", "国有资本经营")
# what of the claim's words a link matched; only the first two make a link that may fail a claim
MATCHED = ("code", "name_path", "name", "position")
_EMPTY = ("link_table_code", "link_table_seq", "link_row_number", "link_column_index", "link_rows", "link_subject_code",
          "link_note", "link_strategy", "link_matched", "link_strength", "share_base_claim_no", "share_base_table_seq",
          "share_base_row_number", "share_base_column_index", "share_base_strength")


def _names_other_fund(claim: Claim, code: str | None, where: str) -> bool:
    """The claim's words (its subject, the words before it, its section) name a fund the cell does not:
    a 一般公共预算, 政府性基金 or 国有资本经营 figure against a cell whose table, row and column do not
    name it; a 财政拨款 figure against a table of all funds (收支总表, 收入总表, 支出总表); or a cell of
    the 政府性基金 or 国有资本经营 tables for a figure that names neither."""
    words = claim.subject_text + (claim.lead or "") + claim.section + (claim.named_fund or "")
    if any(f in words and f not in where for f in _FUNDS):
        return True
    if "财政拨款" in words and code in ("T01", "T02", "T03") and "财政拨款" not in where:
        return True
    return any(f in where and f not in words for f in _FUNDS[1:])


def _strength(claim: Claim, target: dict, strategy: str, choices: list, codes: dict[int, str], title: str,
              matched: str | None = "name_path") -> str:
    """The strategy's strength, made weak where the cell is not certainly what the claim's words name: matched
    by less than its code or whole name path (a part of its name, one of several rows of that name, the
    table's total by position); not at the level it names (a 项 sentence is about its 项 row, never a total);
    not of the measure it names (基本支出 against a 支出总计); not of the fund they name; outside the item the
    figure is a part of (人员经费 of one economic class against the department's 人员经费); the
    basic-expenditure table where no part of the section names it (培训费 of all funds against that table's
    培训费). Title, row and column are what a cell names."""
    subject = claim.subject_text
    where = "/".join((title, target.get("row_label") or "", target.get("column_path") or ""))
    if matched not in ("code", "name_path"):
        return "weak"
    if claim.scope and _core(claim.scope) not in where:
        return "weak"
    level = _level_name(subject)[0]
    code = codes.get(target["table_seq"])
    if level and len(target.get("subject_code") or "") != LEVEL_LENGTH[level]:
        return "weak"
    if any(m in subject and m not in where for m in _MEASURES_NAMED) or _names_other_fund(claim, code, where):
        return "weak"
    if code == "T06" and "T06" not in choices:
        return "weak"
    return STRENGTH[strategy]


def _choices(claim: Claim, tables: list[dict], codes: dict[int, str]) -> tuple[list, list]:
    """The tables to look in, first first, and the one the heading names by title (as a list of it).
    The table the section's words point to goes first; a table of no standard code only its title can
    name, and it goes first."""
    titled = _titled_table(claim.section, tables)
    if titled is None:
        titled = _table_named_by(claim.subject_text, tables)
    ruled = _section_table(claim.section, claim.subject_text, claim.lead)
    by_heading = [] if titled is None else [codes[titled] if codes[titled] != "X" else f"X{titled}"]
    heading_first = by_heading and by_heading[0].startswith("X") or ruled is None
    return list(dict.fromkeys(by_heading + [ruled] if heading_first else [ruled] + by_heading)), by_heading


def _share_base(record: dict, claim: Claim, claims: list[Claim], section_first: int | None, finder: TableFinder) -> None:
    """What a share or completion rate is of: an earlier claim, or the cell printing the total it names."""
    if claim.percent_kind == "share" and claim.share_of:
        # the total it names: the latest earlier claim about that subject, or none at all
        stating = [c for c in claims[: claim.claim_no - 1] if claim.share_of in c.subject_text and c.percent is None]
        if stating:
            record.update(share_base_claim_no=stating[-1].claim_no, share_base_strength="strong")
    elif claim.percent_kind == "share" and section_first:
        # a share naming no total is of the section's first figure: read so where the same sentence opens
        # with it (支出 2940.05 万元，主要用于：一般公共服务支出（类）2106.66 万元，占 71.73%), a guess where
        # the figure is another sentence's, which accuses only where no printed total makes the share hold
        same = claims[section_first - 1].sentence == claim.sentence
        record.update(share_base_claim_no=section_first, share_base_strength="strong" if same else "weak")
    elif claim.percent_kind == "completion":
        # 完成年初预算的 X%: this figure over the budget the same sentence states
        # stated inside the rate after it (决算为 0.16 万元，完成预算 0 万元的 0%), or before it in the sentence
        inside = [c for c in claims[claim.claim_no: claim.claim_no + 1]
                  if c.budget_figure and c.sentence == claim.sentence and c.subject_text == claim.subject_text]
        budget = inside or [c for c in claims[: claim.claim_no - 1] if c.budget_figure and c.sentence == claim.sentence]
        if budget:
            record.update(share_base_claim_no=budget[-1].claim_no, share_base_strength="strong")
    if claim.share_of and record["share_base_claim_no"] is None:
        # a total no earlier sentence states (占“三公”经费的 18.85%, 占本年支出合计的 99.92%): the cell of the
        # table that prints it
        total = replace(claim, subject_text=claim.share_of, lead=claim.share_of, amount=None, percent=None, percent_kind=None)
        where = ["T01"] if re.fullmatch(r"(本年)?(收入|支出)(预算)?(总计|合计)", _key(claim.share_of)) else (
            ["T09"] if "三公" in claim.share_of else [])
        base = next((f for f in (finder.in_table(total, choice) for choice in where) if f.target is not None), NOT_FOUND)
        if base.target is not None:
            strength = STRENGTH[base.strategy] if base.matched in ("code", "name_path") else "weak"
            record.update(share_base_table_seq=base.target["table_seq"], share_base_row_number=base.target["row_number"],
                          share_base_column_index=base.target.get("column_index"), share_base_strength=strength)


def _agreeing(claim: Claim, found: Found) -> Found | None:
    """The found cell, or one its words fit as well, where it prints the stated figure."""
    for cell in (found.target, *found.alternatives):
        if cell is not None and _agrees(claim, cell.get("amount_yuan")):
            return found._replace(target=cell)
    return None


def _in_named_tables(claim: Claim, choices: list, by_heading: list, finder: TableFinder) -> Found:
    """Where the heading's table and the one its words point to both print the figure's cell, the one
    that agrees is linked, the heading's first: a disagreement between the two tables is a cross-table
    finding. So is a 基本支出 or 项目支出 that a table of its own and the 支出总表 print differently: the one
    that agrees is linked. Where none agrees, the claim is held against the first choice."""
    found = {choice: finder.in_table(claim, choice) for choice in choices}
    if re.search(r"基本支出|项目支出", claim.subject_text) and "T03" not in found:
        also = finder.in_table(claim, "T03")  # only ever to confirm: it is not the table the words name
        found["T03"] = also._replace(strategy="expenditure_table") if also.target is not None else also
    for choice in dict.fromkeys(by_heading + list(found)):
        agreeing = _agreeing(claim, found[choice])
        if agreeing is not None:
            return agreeing
    return next((found[c] for c in choices if found[c].target is not None), NOT_FOUND)


def _in_another_table(claim: Claim, choices: list, finder: TableFinder) -> Found:
    """A total the tables the section names do not print, in the table that does (both weak links): a 收支
    section's 基本支出, 上缴上级支出 … in the 支出总表; its 本年财政拨款收入 in the 财政拨款收支总表."""
    if {"T01", "T01in"} & set(choices) and "T03" not in choices and claim.subject_text.endswith("支出"):
        found = finder.in_table(claim, "T03")
        if found.target is not None:
            return found._replace(strategy="expenditure_table")
    if "T04" not in choices and re.fullmatch(r"(本年|当年)?财政拨款(收入|支出)(合计|总计)?", _key(claim.subject_text)):
        found = finder.in_table(claim, "T04")
        if found.strategy == "summary_total":
            return found._replace(strategy="fund_summary_total")
    return NOT_FOUND


def _find(claim: Claim, choices: list, by_heading: list, finder: TableFinder) -> tuple[Found, list | None]:
    """The claim's cell as found, and the cells whose sum it states (for an economic-class sum)."""
    found = _in_named_tables(claim, choices, by_heading, finder)
    if found.target is not None and (STRENGTH[found.strategy] == "strong" or _agrees(claim, found.target.get("amount_yuan"))):
        return found, None
    elsewhere = _in_another_table(claim, choices, finder)
    if elsewhere.target is not None:
        return elsewhere, None
    if found.target is not None:
        return found, None
    homes = [{"T01in": "T01"}.get(c or "", c or "") for c in choices]
    for rows in [finder.by_table[h] for h in homes if h in finder.by_table] + [finder.rows("T06")]:
        parts = _economic_sum(claim, rows)
        if parts:
            return Found(parts[0], "economic_sum", "name"), parts
    if choices[0] is None and _level_name(claim.subject_text)[0]:
        # a 类/款/项 in a part that names no table (编制说明: 财政拨款支出主要内容如下): the subject's row
        # where exactly one of the 财政拨款 tables prints it
        rows = [f for f in (finder.in_table(claim, code) for code in ("T05", "T07", "T08")) if f.target is not None]
        if len(rows) == 1:
            return rows[0]._replace(strategy="sole_fund_table_row"), None
    target = _search_all(claim, finder.by_table, finder.codes)
    return Found(target, "search_all" if target is not None else None, "name"), None


def _standard_twin(target: dict, finder: TableFinder) -> dict:
    """For a cell of a table of no standard code, the same subject printing the same figure in a standard
    table (the 一般公共预算支出表 beside a 财政拨款支出预算表): the one whose fund and measure the marts know."""
    if finder.codes.get(target["table_seq"]) != "X" or not target.get("subject_code"):
        return target
    same = [
        c for code in ("T05", "T03") for column in [first_column(finder.rows(code))] for c in finder.rows(code)
        if c.get("subject_code") == target["subject_code"] and c.get("column_index") == column
        and c.get("amount_yuan") == target.get("amount_yuan")
    ]
    return same[0] if same else target


def _link(record: dict, claim: Claim, choices: list, by_heading: list, finder: TableFinder) -> None:
    found, parts = _find(claim, choices, by_heading, finder)
    target, strategy = found.target, found.strategy
    if target is not None and strategy != "search_all":
        target = _standard_twin(target, finder)
    path = (target or {}).get("column_path") or ""
    if target is not None and claim.budget_figure and (
        finder.report_kind == "final_accounts" or "决算" in path
    ) and "预算" not in path.replace("决算", ""):
        target = None  # the 年初预算 beside a final account, and the table prints only the 决算数
        record["link_note"] = "a budget figure; the linked table prints 决算数"
    if target is None:
        if record["link_note"] is None:
            record["link_note"] = "no table prints this figure" if choices[0] is None else f"no matching row in {choices[0][:3]}"
        return
    record.update(
        link_table_code=target.get("table_code") or finder.codes.get(target["table_seq"]),
        link_table_seq=target["table_seq"],
        link_row_number=target["row_number"],
        link_column_index=target.get("column_index"),
        link_rows="+".join(str(p["row_number"]) for p in parts) if parts else str(target["row_number"]),
        link_subject_code=target.get("subject_code"),
        link_strategy=strategy,
        link_matched=found.matched,
        link_strength=_strength(claim, target, strategy, choices, finder.codes, finder.titles.get(target["table_seq"], ""),
                                found.matched),
    )
    if parts:
        record["link_note"] = "the sum of " + " + ".join(f"{p['subject_code']} {p['row_label']}" for p in parts)
    elif target.get("amount_yuan") is None and not _agrees(claim, None):
        # a blank cell where the claim states a figure: unprinted, or a total the table left blank (公务用车购置
        # 及运行维护费 小计 blank beside its parts 18.69 and 4.83), never certainly a 0 that accuses the text
        record.update(link_strength="weak", link_note="the cell is blank")


def _as_linked(claim: Claim, unit_name: str | None) -> Claim:
    """The claim as the linker reads it: the publisher's own name before its subject says nothing of the cell
    (国家信访局支出预算总计 is the 支出预算总计)."""
    subject = claim.subject_text
    if unit_name and len(unit_name) >= 3 and subject.startswith(unit_name) and len(subject) > len(unit_name):
        return replace(claim, subject_text=subject[len(unit_name):])
    return claim


def link_claims(claims: list[Claim], cells: list[dict], tables: list[dict], report_kind: str | None = None,
                unit_name: str | None = None) -> list[dict]:
    """Each claim with the table cell it describes (table_seq, row_number, column_index), how it was found
    and how strongly, or a note why no cell is. unit_name: the publisher's name as its document prints it."""
    claims = [_as_linked(c, squash(unit_name) if unit_name else None) for c in claims]
    finder = TableFinder.of(cells, tables, report_kind)
    out = []
    section_first: dict[str, int] = {}  # a section's first stated figure: the total its shares are of
    for claim in claims:
        if claim.percent is None and claim.section not in section_first:
            section_first[claim.section] = claim.claim_no
        # "预算 X" is this budget's own figure in a budget; beside a final account it is the 年初预算
        record = dict.fromkeys(_EMPTY) | {"budget_figure": claim.budget_figure and report_kind == "final_accounts"}
        choices, by_heading = _choices(claim, tables, finder.codes)
        finder.heading_table = by_heading[0] if by_heading else None
        _share_base(record, claim, claims, section_first.get(claim.section), finder)
        if claim.unit in QUANTITY_UNITS:
            record["link_note"] = "a count, not printed in the tables"
        else:
            _link(record, claim, choices, by_heading, finder)
        out.append(record)
    return out
