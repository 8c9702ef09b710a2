"""Quantitative claims of the narrative (情况说明): each figure, its change and percentage, and the
table cell it speaks of.

A claim is one stated amount with what the sentence says about it: "行政运行（项）2026年预算 9407.1
万元，比2025年执行数增加1810.7万元，增长16.14%" is one claim (amount, change, direction, growth,
comparison base). Claims are linked to a table cell by subject code or name, in the table the
section speaks of; the arithmetic is checked in dbt (int_narrative_checks).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal

from .locate import is_toc
from .pdf import PageText
from .text import UNIT_FACTORS, squash, strip_outline

MONEY = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(万元|亿元|元|万(?![\u4e00-\u9fff]*[人次件户个]))")
# counted things the narrative reports beside money: vehicles, equipment, projects
QUANTITY = re.compile(r"(\d+)\s*(辆|台\s*[（(]套[）)]|台|套)|(?<=项目)\s*(\d+)\s*(个)")
QUANTITY_UNITS = ["辆", "台（套）", "台", "套", "个"]
PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%")
CHANGE = re.compile(r"(增加|减少|增长|下降|减|增)\s*(\d[\d,]*(?:\.\d+)?)\s*(万元|亿元|元)")
GROWTH = re.compile(r"(增长|下降|增加|减少|降幅|增幅|降低)\s*(?:为)?\s*(\d+(?:\.\d+)?)\s*%")
SHARE = re.compile(r"占([^，。；%\d]{0,14}?)(?:的|比重为|比例为)?\s*(\d+(?:\.\d+)?)\s*%")
BASE = re.compile(r"(?:比|较|与)\s*(\d{4}\s*年|上年|上一年)\s*(?:度)?\s*([^，,。；0-9]{0,8}?)(?:数)?\s*(?:\d[\d,.]*)?\s*(?:执行数|预算数|决算数|预算|执行|决算)?")
LEVELS = re.compile(r"[（(](类|款|项)[）)]")
_LIST_MARK = re.compile(r"^[（(]\d+[）)]|^\d+[.、．](?!\d)|^[（(][一二三四五六七八九十]+[）)]|^[一二三四五六七八九十]+、")


@dataclass
class Claim:
    claim_no: int
    page_number: int
    section: str
    sentence: str
    subject_text: str
    amount: str | None
    unit: str | None
    change: str | None
    direction: str | None
    percent: str | None
    percent_kind: str | None
    base: str | None
    share_of: str | None = None  # the total a share names (占“三公”经费的 65.6%), when it names one
    budget_figure: bool = False  # "年初预算为 X": a budget stated beside a final account


def _section_heading(line: str) -> bool:
    return bool(re.match(r"^[一二三四五六七八九十]+、", line)) and len(line) <= 60 and "。" not in line


def narrative_text(
    pages: list[PageText], table_regions: dict[int, list[tuple[float, float, float, float]]]
) -> tuple[str, list[int], list[int], list[tuple[int, str]]]:
    """The narrative's text as one string (line breaks inside sentences removed), with the offsets
    where each page starts and the section headings by offset. On a page shared with a table only the
    lines outside the table's grid are narrative."""
    text, starts, numbers, headings = "", [], [], []
    glossary = False  # 名词解释 defines terms; its figures (缴存比例, 补贴标准) are not claims about this budget
    for page in pages:
        if is_toc(page):
            continue  # a table of contents lists headings, it states nothing
        regions = table_regions.get(page.number, [])
        starts.append(len(text))
        numbers.append(page.number)
        for line, top in page.lines:
            if any(y1 - 2 <= top <= y2 + 12 for _, y1, _, y2 in regions):
                continue  # inside a grid, or its title and caption just above it
            line = line.strip()
            part = re.match(r"^第[一二三四五六七八九十]+部分\s*(.*)", line)
            if part:
                glossary = "名词解释" in line or "名称解释" in line
            if glossary:
                continue
            if re.fullmatch(r"[-—\s\d]+", line):
                continue  # a page number
            if _section_heading(line):
                headings.append((len(text), squash(line)))
                text += "\n" + line + "\n"
                continue
            if _LIST_MARK.match(line) and text and not text.endswith("\n"):
                text += "\n"
            text += line
        text += "\n"
    return text, starts, numbers, headings


def _subject(before: str) -> str:
    """The words naming what a figure is about: the end of the clause before it."""
    clause = re.split(r"[，,；;：:。、\n]|其中", before)[-1]
    clause = re.sub(r"^\s*[（(]?\d+[）)]\s*|^\d+[.、．]\s*", "", clause)
    clause = re.sub(r"\d{4}\s*年(?:度)?", "", clause)
    clause = re.sub(r"(预算数为|预算数|预算为|预算|为|共计|合计|总额|安排|支出预算|收入预算)\s*$", "", clause.strip())
    return squash(clause)[-40:]


def extract_claims(pages: list[PageText], table_regions: dict[int, list[tuple[float, float, float, float]]]) -> list[Claim]:
    text, starts, numbers, headings = narrative_text(pages, table_regions)
    claims: list[Claim] = []
    heading_offsets = [o for o, _ in headings]
    heading_subject = ""  # the last line naming a subject without a figure: （1）…行政运行（项）
    for sentence_match in re.finditer(r"[^。\n]+(?:。|\n|$)", text):
        sentence = sentence_match.group(0)
        if not MONEY.search(sentence) and LEVELS.search(sentence) and len(sentence) <= 80:
            heading_subject = _subject(sentence.rstrip("。\n") + "为")
        base_offset = sentence_match.start()
        consumed: set[int] = set()  # offsets of figures already read as a change
        for money in MONEY.finditer(sentence):
            start = money.start()
            if start in consumed:
                continue
            # a figure right after 增加/减少 is a change, not a claim of its own
            if re.search(r"(增加|减少|增长|下降)[^，,。；\d]{0,6}$|(减|增)\s*$", sentence[max(0, start - 10):start]):
                continue  # a change (减少部门支出 1,653 万元), not a figure of its own
            if re.match(r"\s*(以上|以下|及以上)", sentence[money.end():]):
                continue  # a threshold (单位价值 100 万元以上), not an amount
            subject = _subject(sentence[:start])
            if re.fullmatch(r"(支出|收入|本年)?(年初|决算|预算)*", subject or ""):
                # "…（项）支出年初预算为 X 万元，支出决算为 Y 万元": the subject opens the sentence, or is the
                # heading line just before it
                first = MONEY.search(sentence)
                lead = re.split(r"年初|预算为|决算为|预算数为", sentence[: first.start()] if first else "")[0]
                subject = _subject(lead + "为") or heading_subject or subject
            if not subject or re.fullmatch(r"[\d.,\s]*", subject):
                continue
            # what follows this figure, up to the next figure that starts a claim of its own
            tail_end = len(sentence)
            for nxt in MONEY.finditer(sentence, money.end()):
                if not re.search(r"(增加|减少|增长|下降|减|增)\s*$", sentence[max(0, nxt.start() - 4):nxt.start()]) and not re.search(
                    r"(比|较|与)\s*\d{4}\s*年\s*$", sentence[max(0, nxt.start() - 8):nxt.start()]
                ):
                    tail_end = nxt.start()
                    break
            tail = sentence[money.end():tail_end]
            change = direction = percent = kind = base = share_of = None
            m = CHANGE.search(tail)
            if m:
                direction = {"增长": "增加", "增": "增加", "下降": "减少", "减": "减少"}.get(m.group(1), m.group(1))
                change = m.group(2)
                consumed.add(money.end() + m.start(2))
            elif re.search(r"持平|一致|相同", tail):
                direction = "持平"
            g = GROWTH.search(tail)
            s = SHARE.search(tail)
            if g:
                percent, kind = g.group(2), "growth"
                if direction is None:
                    direction = {"增长": "增加", "增幅": "增加", "下降": "减少", "降幅": "减少", "降低": "减少"}.get(g.group(1), g.group(1))
            elif s:
                percent, kind = s.group(2), "share"
                share_of = squash(re.sub(r"(的|比重|比例|为)$", "", s.group(1)))
            b = re.search(r"(比|较|与)\s*(\d{4}\s*年|上年)[^，,。；]{0,14}?(执行数|预算数|决算数|预算|执行|决算)", tail)
            if b:
                base = squash(b.group(2) + b.group(3))
            offset = base_offset + start
            page = numbers[max(0, bisect_right(starts, offset) - 1)] if starts else 0
            heading_index = bisect_right(heading_offsets, offset) - 1
            section = headings[heading_index][1] if heading_index >= 0 else ""
            claims.append(
                Claim(
                    claim_no=len(claims) + 1,
                    page_number=page,
                    section=section,
                    sentence=squash(sentence)[:400],
                    subject_text=subject,
                    amount=money.group(1),
                    unit="万元" if money.group(2) == "万" else money.group(2),  # 1720.00万 is 万元
                    change=change,
                    direction=direction,
                    percent=percent,
                    percent_kind=kind,
                    base=base,
                    share_of=share_of or None,
                    budget_figure=bool(re.search(r"(年初预算|预算数?)(为|是)?\s*$", sentence[max(0, start - 8):start])),
                )
            )
        for quantity in QUANTITY.finditer(sentence):
            number, unit = (quantity.group(1), quantity.group(2)) if quantity.group(1) else (quantity.group(3), quantity.group(4))
            subject = _subject(sentence[: quantity.start()])
            if not subject:
                continue
            offset = base_offset + quantity.start()
            heading_index = bisect_right(heading_offsets, offset) - 1
            claims.append(
                Claim(
                    claim_no=len(claims) + 1,
                    page_number=numbers[max(0, bisect_right(starts, offset) - 1)] if starts else 0,
                    section=headings[heading_index][1] if heading_index >= 0 else "",
                    sentence=squash(sentence)[:400],
                    subject_text=subject,
                    amount=number,
                    unit=re.sub(r"\s|[()]", lambda m: {"(": "（", ")": "）"}.get(m.group(0), ""), unit),
                    change=None, direction=None, percent=None, percent_kind=None, base=None,
                )
            )
    return claims


# ---- linking a claim to the table cell it speaks of ----------------------------------------------

_THREE_PUBLIC = [
    ("因公出国", "overseas_travel"),
    ("公务用车购置费", "vehicle_purchase"),
    ("公务用车运行", "vehicle_operation"),
    ("公务用车购置及运行", "vehicle_total"),
    ("公务接待", "reception"),
    ("三公", "total"),
]


def _section_table(section: str, subject: str) -> str | None:
    """Which table a narrative section speaks of."""
    if "三公" in section or "三公" in subject or any(key in subject for key, _ in _THREE_PUBLIC[:5]):
        return "T09"
    if "政府性基金" in section:
        return "T07"
    if "国有资本经营" in section:
        return "T08"
    if "基本支出" in section and "一般公共预算" in section:
        return "T05"
    if "一般公共预算" in section:
        return "T05"
    if "财政拨款收支" in section:
        return "T04"
    if "收入" in section:
        return "T01in"
    if "支出" in section:
        return "T03"
    if "收支" in section:
        return "T01"
    if "机关运行经费" in subject:
        return "T05"
    return None


def _level_name(subject: str) -> tuple[str | None, str]:
    """(level, name) of the most specific 类/款/项 the subject names: 行政运行（项） → ('项', '行政运行')."""
    parts = re.findall(r"([^（()）]+?)\s*[（(](类|款|项)[）)]", subject)
    if not parts:
        return None, subject
    name, level = parts[-1]
    if level == "类" and subject.rstrip().endswith("支出"):
        name += "支出"
    return level, re.sub(r"^\d+[.、．]\s*", "", name.strip())


def link_claims(claims: list[Claim], cells: list[dict], tables: list[dict], report_kind: str | None = None) -> list[dict]:
    """Each claim with the table cell it describes (table_seq, row_number, column_index), or a note why not."""
    codes = {t["table_seq"]: t["table_code"] for t in tables}
    by_table: dict[str, list[dict]] = {}
    for c in cells:
        code = c.get("table_code") or codes.get(c["table_seq"])
        if code:
            by_table.setdefault(code, []).append(c)

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

    out, current_prefix = [], ""
    section_total: dict[str, int] = {}  # a section's first stated figure: the total its shares are of
    for claim in claims:
        if claim.percent is None and claim.section not in section_total:
            section_total[claim.section] = claim.claim_no
        record = {"link_table_code": None, "link_table_seq": None, "link_row_number": None, "link_column_index": None,
                  "link_subject_code": None, "link_note": None, "share_base_claim_no": None}
        subject = claim.subject_text
        table = _section_table(claim.section, subject)
        if claim.percent_kind == "share":
            if claim.share_of:
                # the total it names: the latest earlier claim about that subject, or none at all
                named = [c for c in claims[: claim.claim_no - 1] if claim.share_of in c.subject_text and c.percent is None]
                record["share_base_claim_no"] = named[-1].claim_no if named else None
            else:
                record["share_base_claim_no"] = section_total.get(claim.section)
        target = None
        if claim.unit in QUANTITY_UNITS:
            record["link_note"] = "a count, not printed in the tables"
            out.append(record)
            continue
        level, name = _level_name(subject)
        if table == "T09":
            item = next((m for key, m in _THREE_PUBLIC if key in subject), None)
            col = measure_column("T09", {
                "total": ("“三公”经费合计", "合计"), "overseas_travel": ("因公出国（境）费",),
                "vehicle_purchase": ("公务用车购置费", "购置费"), "vehicle_operation": ("公务用车运行费", "运行费"),
                "vehicle_total": ("公务用车购置及运行费",), "reception": ("公务接待费",),
            }.get(item, ()))
            target = cell("T09", lambda c: c["column_index"] == col) if col is not None else None
        elif level and table in ("T05", "T07", "T03", "T04", "T01", "T01in"):
            length = {"类": 3, "款": 5, "项": 7}[level]
            # 收支总表 figures are all funds: their subjects are the 支出总表's; 财政拨款 ones the 一般公共预算's
            code_table = table if table in ("T05", "T07", "T03") else "T03" if table in ("T01", "T01in") else "T05"
            column = first_column([c for c in by_table.get(code_table, []) if c.get("row_role") == "subject"])
            candidates = [
                c for c in by_table.get(code_table, [])
                if c.get("row_role") == "subject" and c["column_index"] == column
                and len(c.get("subject_code") or "") == length and name.replace("支出", "") in c["row_label"]
            ]
            preferred = [c for c in candidates if current_prefix and c["subject_code"].startswith(current_prefix)]
            target = (preferred or candidates or [None])[0]
            if target and level in ("类", "款"):
                current_prefix = target["subject_code"]
        elif table == "T04" and "政府性基金" in subject and subject.endswith("支出"):
            col = measure_column("T04", ("政府性基金预算拨款", "政府性基金预算"))
            target = cell("T04", lambda c: c["side"] == 2 and c["column_index"] == col and strip_outline(c["row_label"]) == "本年支出")
        elif table in ("T05", "T03", "T07") and (
            not re.sub(r"^(昆明海关|本部门|部门|本单位|单位)", "", subject)
            or re.search(r"基本支出|项目支出|人员经费|公用经费|机关运行经费|财政拨款$|当年财政拨款|预算$|基金$|支出预算", subject)
        ):
            names = (
                ("人员经费",) if "人员经费" in subject
                else ("公用经费",) if ("公用经费" in subject or "机关运行经费" in subject)
                else ("基本支出",) if "基本支出" in subject
                else ("项目支出",) if "项目支出" in subject
                else ("合计",)
            )
            col = measure_column(table, names)
            target = cell(table, lambda c: c.get("row_role") == "total" and c["column_index"] == col) if col is not None else None
        elif table in ("T01in", "T01", "T04"):
            code = "T04" if table == "T04" else "T01"
            rows = by_table.get(code, [])
            key = re.sub(r"^(昆明海关|本部门|部门)", "", subject)
            key = re.sub(r"^.*?(院|局|厅|委员会|办公室|海关|部门|单位)(?=本年|收入|支出|收支|财政拨款)", "", key)
            side = 2 if "支出" in key and "收入" not in key else 1
            # the side whose header says 收入 / 支出 (a 收支总表 may print expenditure twice: by function and by use)
            word = "支出" if side == 2 else "收入"
            sides = sorted({c["side"] for c in rows if word in (c.get("column_path") or "")}) or [side]
            side = next((sd for sd in sides if any(grand_word in c["row_label"] for c in rows if c["side"] == sd
                                                  for grand_word in ("合计", "总计"))), sides[0])
            column = first_column(rows, side)
            grand_total = re.fullmatch(r"(本年)?(收入|支出)(预算)?(总计|合计)?|(财政拨款)?(收支|收、支|收入支出)总?(预算|决算)?(总计|合计)?", key)
            if grand_total or (table == "T01in" and key in ("", "收入")):
                grand = "总计" if any("总计" in c["row_label"] for c in rows if c["side"] == side) else "合计"
                if re.search(r"本年|合计$", key):
                    grand = "合计"
                pick = lambda c, grand=grand: c["side"] == side and c["column_index"] == column and grand in c["row_label"]
            else:
                stem = re.sub(r"(当年|本年|财政拨款|拨款|收入|资金|预算|总计|合计)", "", key.replace("（类）", "").replace("(类)", ""))
                pick = lambda c, stem=stem: (
                    c["side"] == side and c["column_index"] == column and stem
                    and stem in re.sub(r"(当年|本年|财政拨款|拨款|收入|资金|预算)", "", strip_outline(c["row_label"]))
                )
            target = cell(code, pick)
        if target is None:
            target = _search_all(claim, by_table, codes)
        if target is not None and claim.budget_figure and (report_kind == "final_accounts" or "决算" in (target.get("column_path") or "")):
            target = None  # the 年初预算 beside a final account: the table prints only the 决算数
            record["link_note"] = "a budget figure; the linked table prints 决算数"
        if target is not None:
            record.update(
                link_table_code=target.get("table_code") or codes.get(target["table_seq"]),
                link_table_seq=target["table_seq"],
                link_row_number=target["row_number"],
                link_column_index=target.get("column_index"),
                link_subject_code=target.get("subject_code"),
            )
        else:
            record["link_note"] = "no table prints this figure" if table is None else f"no matching row in {table[:3]}"
        out.append(record)
    return out


_SEARCH_ORDER = ["T05", "T03", "T04", "T01", "T02", "T06", "T07", "T08", "T09", "X"]
_MEASURE_WORDS = [("人员经费", "人员经费"), ("公用经费", "公用经费"), ("基本支出", "基本支出"), ("项目支出", "项目支出")]


def _subject_name(subject: str) -> str:
    """The name to look for in row labels: the most specific 类/款/项, without the unit and filler words."""
    level, name = _level_name(subject)
    name = re.sub(r"[“”\"]", "", name)
    name = re.sub(r"^(本部门|我部门|本单位|部门|单位|省[^，]{1,6}?院|上海市[^，]{2,14}?(委员会|局|办公室|处)|昆明海关(本级|机关)?)", "", name)
    name = re.sub(r"(预算支出|支出预算|预算数|预算|支出|收入|资金|经费)$", "", name) or name
    return name


def _search_all(claim: Claim, by_table: dict[str, list[dict]], codes: dict[int, str]) -> dict | None:
    """Any table's row named like the claim's subject that prints the stated amount (to the precision
    stated). Used where the section's own table has no such row; it confirms, it never accuses."""
    name = _subject_name(claim.subject_text)
    if len(name) < 2 or claim.amount is None or claim.unit not in ("万元", "元", "亿元"):
        return None
    stated = Decimal(claim.amount.replace(",", "")) * UNIT_FACTORS[claim.unit]
    decimals = len(claim.amount.split(".", 1)[1]) if "." in claim.amount else 0
    step = Decimal(10) ** -decimals * UNIT_FACTORS[claim.unit]
    wanted = next((m for word, m in _MEASURE_WORDS if word in claim.subject_text and word not in name), None)
    candidates = []
    for rank, code in enumerate(_SEARCH_ORDER):
        rows = by_table.get(code, [])
        first = min((c["column_index"] for c in rows if c.get("column_index") is not None), default=None)
        for c in rows:
            label = strip_outline(c.get("row_label") or "")
            label_name = re.sub(r"(支出|收入|资金|经费)$", "", label)
            if not label_name or not (name == label_name or (len(name) >= 3 and (name in label or label_name in name))):
                continue
            path = c.get("column_path") or ""
            if wanted and wanted not in path:
                continue
            if not wanted and c.get("column_index") != first and not re.search(r"合计|金额|预算数|决算数$", path):
                continue
            amount = c.get("amount_yuan")
            equal = (amount is None and stated == 0) or (amount is not None and abs(amount - stated) < step)
            candidates.append((not equal, rank, c["table_seq"], c["row_number"], c))
    # a name match alone can pick a like-named row of another table: link only where the figure agrees
    equal = [c for c in candidates if not c[0]]
    return min(equal, key=lambda t: t[:4])[4] if equal else None
