"""Linking each claim to the table cell it describes, or saying why none is."""

from __future__ import annotations

import re
from dataclasses import replace

from ..text import strip_outline
from .cells import _agrees, _economic_sum, _for_figure, _named_cell, _search_all, _three_public_column
from .claims import Claim
from .subjects import _core, _key, _level_name, _parent_names, _section_table, _titled_table, _variant
from .vocabulary import _THREE_PUBLIC, _TOTAL_SUBJECT, _UNIT_NAME, QUANTITY_UNITS


def link_claims(claims: list[Claim], cells: list[dict], tables: list[dict], report_kind: str | None = None) -> list[dict]:
    """Each claim with the table cell it describes (table_seq, row_number, column_index), or a note why not."""
    codes = {t["table_seq"]: t["table_code"] for t in tables}
    titles = {t["table_seq"]: t.get("table_title") or "" for t in tables}
    by_table: dict[str, list[dict]] = {}  # by code, and each table of no standard code also by X<seq>
    for c in cells:
        code = c.get("table_code") or codes.get(c["table_seq"])
        if code:
            by_table.setdefault(code, []).append(c)
            if code == "X":
                by_table.setdefault(f"X{c['table_seq']}", []).append(c)

    def first_column(rows: list[dict], side: int | None = None) -> int | None:
        cols = sorted({c["column_index"] for c in rows if c.get("column_index") is not None and (side is None or c["side"] == side)})
        return cols[0] if cols else None

    def cell(code: str, pick) -> dict | None:
        found = [c for c in by_table.get(code, []) if pick(c)]
        return found[0] if found else None

    def measure_column(code: str, names: tuple[str, ...]) -> int | None:
        for c in by_table.get(code, []):
            leaf = (c.get("column_path") or "").split("/")[-1]
            parent = (c.get("column_path") or "").split("/")[-2] if "/" in (c.get("column_path") or "") else ""
            if leaf in names or (leaf in ("小计", "合计") and parent in names):
                return c["column_index"]
        return None

    current_prefix = ""
    heading_table: str | None = None  # the table the current claim's heading names by title

    def in_table(claim: Claim, table: str | None) -> dict | None:
        """The cell a claim speaks of in the table its section names, by the kind of figure it states."""
        nonlocal current_prefix
        subject, target = claim.subject_text, None
        level, name = _level_name(subject)
        if table == "T09":
            item = next((m for key, m in _THREE_PUBLIC if key in subject), None)
            columns = {c["column_index"]: c.get("column_path") or "" for c in by_table.get("T09", []) if c.get("column_index") is not None}
            col = _three_public_column(_for_figure(columns, claim.budget_figure, report_kind), item)
            target = cell("T09", lambda c: c["column_index"] == col) if col is not None else None
        elif level and (table in ("T05", "T07", "T08", "T03", "T04", "T01", "T01in") or (table or "").startswith("X")):
            length = {"类": 3, "款": 5, "项": 7}[level]
            # 收支总表 figures are all funds: their subjects are the 支出总表's; 财政拨款 ones the 一般公共预算's
            code_table = (
                table if table in ("T05", "T07", "T08", "T03") or table.startswith("X")
                else "T03" if table in ("T01", "T01in") else "T05"
            )
            column = first_column([c for c in by_table.get(code_table, []) if c.get("row_role") == "subject"])
            rows = [c for c in by_table.get(code_table, []) if c.get("row_role") == "subject" and c["column_index"] == column]
            names = {c["subject_code"]: _variant(c["row_label"]) for c in rows if c.get("subject_code")}
            candidates = [
                c for c in rows
                if len(c.get("subject_code") or "") == length and _variant(name).replace("支出", "") in names[c["subject_code"]]
            ]
            # a 项 name many 款 share (一般行政管理事务): the one under the 类/款 the subject also names
            parents = _parent_names(subject)
            named = [
                c for c in candidates
                if all(_variant(p).replace("支出", "") in names.get(c["subject_code"][:n], "") for n, p in parents)
            ]
            preferred = [c for c in candidates if current_prefix and c["subject_code"].startswith(current_prefix)]
            if parents and not named and len(candidates) > 1:
                target = None  # several rows of that name, none under the 类/款 named
            else:
                target = (named or preferred or candidates or [None])[0]
            if target and level in ("类", "款"):
                current_prefix = target["subject_code"]
        elif table == "T04" and "政府性基金" in subject and subject.endswith("支出"):
            col = measure_column("T04", ("政府性基金预算拨款", "政府性基金预算"))
            target = cell("T04", lambda c: c["side"] == 2 and c["column_index"] == col and strip_outline(c["row_label"]) == "本年支出")
        elif table in ("T05", "T03", "T07") and (
            _TOTAL_SUBJECT.fullmatch(_core(subject)) or re.search(r"基本支出|项目支出|人员经费|公用经费|机关运行经费", subject)
        ):
            names = (
                ("人员经费",) if "人员经费" in subject
                else ("公用经费",) if ("公用经费" in subject or "机关运行经费" in subject)
                else ("基本支出",) if "基本支出" in subject
                else ("项目支出",) if "项目支出" in subject
                else ("合计",)
            )
            col = measure_column(table, names)
            if col is None and names == ("合计",):  # a table of one amount column (金额): its total is the total
                col = first_column([c for c in by_table.get(table, []) if c.get("row_role") == "total"])
            target = cell(table, lambda c: c.get("row_role") == "total" and c["column_index"] == col) if col is not None else None
        elif table in ("T01in", "T01", "T04"):
            code = "T04" if table == "T04" else "T01"
            rows = by_table.get(code, [])
            key = _UNIT_NAME.sub("", subject)
            key = re.sub(r"^.*?(院|局|厅|委员会|办公室|海关|部门|单位)(?=本年|收入|支出|收支|财政拨款)", "", key)
            # the words before the figure say which side where the subject lost them (财政拨款支出预算 → 财政拨款)
            said = key + re.split(r"[，,；;：:]", claim.lead or "")[-1]
            side = 2 if "支出" in said and "收入" not in said else 1
            # the side whose header says 收入 / 支出 (a 收支总表 may print expenditure twice: by function and by use)
            word = "支出" if side == 2 else "收入"
            sides = sorted({c["side"] for c in rows if word in (c.get("column_path") or "")}) or [side]
            side = next((sd for sd in sides if any(grand_word in c["row_label"] for c in rows if c["side"] == sd
                                                  for grand_word in ("合计", "总计"))), sides[0])
            column = first_column(rows, side)
            grand_total = re.fullmatch(r"(本年)?(收入|支出)(预算)?(总计|合计)?|(财政拨款)?(收支|收入支出)总?(预算|决算)?(总计|合计)?", key)
            if grand_total or (table == "T01in" and key in ("", "收入")):
                grand = "总计" if any("总计" in c["row_label"] for c in rows if c["side"] == side) else "合计"
                if re.search(r"本年|合计$", key + (claim.lead or "")[-2:]):
                    grand = "合计"
                pick = lambda c, grand=grand: c["side"] == side and c["column_index"] == column and grand in c["row_label"]
            else:
                stem = re.sub(r"(当年|本年|财政拨款|拨款|收入|资金|预算|总计|合计)", "", key.replace("（类）", "").replace("(类)", ""))
                pick = lambda c, stem=stem: (
                    c["side"] == side and c["column_index"] == column and stem
                    and stem in re.sub(r"(当年|本年|财政拨款|拨款|收入|资金|预算)", "", strip_outline(c["row_label"]))
                )
            target = cell(code, pick)
        home = {"T01in": "T01"}.get(table or "", table or "")
        if target is None and home in by_table:
            title = titles.get(int(home[1:]), "") if re.fullmatch(r"X\d+", home) else next((t for q, t in titles.items() if codes[q] == home), "")
            target = _named_cell(by_table[home], claim, title, report_kind, titled=home == heading_table)
        return target

    out = []
    section_total: dict[str, int] = {}  # a section's first stated figure: the total its shares are of
    for claim in claims:
        if claim.percent is None and claim.section not in section_total:
            section_total[claim.section] = claim.claim_no
        record = {"link_table_code": None, "link_table_seq": None, "link_row_number": None, "link_column_index": None,
                  "link_rows": None, "link_subject_code": None, "link_note": None, "share_base_claim_no": None,
                  "share_base_table_seq": None, "share_base_row_number": None, "share_base_column_index": None,
                  # "预算 X" is this budget's own figure in a budget; beside a final account it is the 年初预算
                  "budget_figure": claim.budget_figure and report_kind == "final_accounts"}
        subject = claim.subject_text
        titled = _titled_table(claim.section, tables)
        # the table the section's words point to and the one its heading names by title; a table of no
        # standard code only its title can name, and it goes first
        ruled = _section_table(claim.section, subject, claim.lead)
        by_heading = [] if titled is None else [codes[titled] if codes[titled] != "X" else f"X{titled}"]
        heading_table = by_heading[0] if by_heading else None
        choices = list(dict.fromkeys(by_heading + [ruled] if by_heading and by_heading[0].startswith("X") or ruled is None else [ruled] + by_heading))
        table = choices[0]
        if claim.percent_kind == "share":
            if claim.share_of:
                # the total it names: the latest earlier claim about that subject, or none at all
                stating = [c for c in claims[: claim.claim_no - 1] if claim.share_of in c.subject_text and c.percent is None]
                record["share_base_claim_no"] = stating[-1].claim_no if stating else None
            else:
                record["share_base_claim_no"] = section_total.get(claim.section)
        elif claim.percent_kind == "completion":
            # 完成年初预算的 X%: this figure over the budget the same sentence states
            budget = [c for c in claims[: claim.claim_no - 1] if c.budget_figure and c.sentence == claim.sentence]
            record["share_base_claim_no"] = budget[-1].claim_no if budget else None
        if claim.share_of and record["share_base_claim_no"] is None:
            # a total no earlier sentence states (占“三公”经费的 18.85%, 占本年支出合计的 99.92%): the cell
            # of the table that prints it
            total = replace(claim, subject_text=claim.share_of, lead=claim.share_of, amount=None, percent=None, percent_kind=None)
            where = ["T01"] if re.fullmatch(r"(本年)?(收入|支出)(预算)?(总计|合计)", _key(claim.share_of)) else (
                ["T09"] if "三公" in claim.share_of else [])
            base = next((t for t in (in_table(total, choice) for choice in where) if t is not None), None)
            if base is not None:
                record.update(share_base_table_seq=base["table_seq"], share_base_row_number=base["row_number"],
                              share_base_column_index=base.get("column_index"))
        target, parts = None, None
        if claim.unit in QUANTITY_UNITS:
            record["link_note"] = "a count, not printed in the tables"
            out.append(record)
            continue
        # where the heading's table and the one its words point to both print the figure's cell, the
        # one that agrees is linked, the heading's first: a disagreement between the two tables is a
        # cross-table finding. Where neither agrees, the claim is held against the first choice.
        found = {choice: in_table(claim, choice) for choice in choices}
        agreeing = [found[c] for c in list(dict.fromkeys(by_heading + choices)) if found[c] is not None and _agrees(claim, found[c].get("amount_yuan"))]
        target = agreeing[0] if agreeing else next((t for t in found.values() if t is not None), None)
        if target is None:
            homes = [{"T01in": "T01"}.get(c or "", c or "") for c in choices]
            for rows in [by_table[h] for h in homes if h in by_table] + [by_table.get("T06", [])]:
                parts = _economic_sum(claim, rows)
                if parts:
                    target = parts[0]
                    break
        if target is None and table is None and _level_name(subject)[0]:
            # a 类/款/项 in a part that names no table (编制说明: 财政拨款支出主要内容如下): the subject's row
            # where exactly one of the 财政拨款 tables prints it
            rows = [t for t in (in_table(claim, code) for code in ("T05", "T07", "T08")) if t is not None]
            target = rows[0] if len(rows) == 1 else None
        if target is not None and codes.get(target["table_seq"]) == "X" and target.get("subject_code"):
            # the same subject printing the same figure in a standard table (the 一般公共预算支出表 beside a
            # 财政拨款支出预算表): link that one, whose fund and measure the marts know
            same = [
                c for code, column in ((code, first_column(by_table.get(code, []))) for code in ("T05", "T03"))
                for c in by_table.get(code, [])
                if c.get("subject_code") == target["subject_code"] and c.get("column_index") == column
                and c.get("amount_yuan") == target.get("amount_yuan")
            ]
            target = same[0] if same else target
        if target is None:
            target = _search_all(claim, by_table, codes)
        if target is not None and claim.budget_figure and (
            report_kind == "final_accounts" or "决算" in (target.get("column_path") or "")
        ) and "预算" not in (target.get("column_path") or "").replace("决算", ""):
            target = None  # the 年初预算 beside a final account, and the table prints only the 决算数
            record["link_note"] = "a budget figure; the linked table prints 决算数"
        if target is not None:
            record.update(
                link_table_code=target.get("table_code") or codes.get(target["table_seq"]),
                link_table_seq=target["table_seq"],
                link_row_number=target["row_number"],
                link_column_index=target.get("column_index"),
                link_rows="+".join(str(p["row_number"]) for p in parts) if parts else str(target["row_number"]),
                link_subject_code=target.get("subject_code"),
            )
            if parts:
                record["link_note"] = "the sum of " + " + ".join(f"{p['subject_code']} {p['row_label']}" for p in parts)
        elif record["link_note"] is None:
            record["link_note"] = "no table prints this figure" if table is None else f"no matching row in {table[:3]}"
        out.append(record)
    return out
