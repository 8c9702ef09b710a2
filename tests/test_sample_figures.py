"""Every figure of the sample's nine tables and its project tables arrives in the marts, on its page.

Expected values come from the generator's data files (sample/data), read here independently of the
extraction code; pages are located in the PDF's own text layer.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import yaml

from conftest import SAMPLE_DATA, SAMPLE_PDF

AMOUNT = re.compile(r"^-?[\d,]+(\.\d+)?$")
TABLE_FILES = sorted((SAMPLE_DATA / "tables").glob("t0*.yaml"))
PROJECT_FILES = sorted((SAMPLE_DATA / "projects").glob("p[0-9]*.yaml"))


def norm(text: str) -> str:
    """The warehouse's label key: whitespace removed, half-width brackets and colons made full-width."""
    s = re.sub(r"\s+", "", text)
    return s.replace("(", "（").replace(")", "）").replace(":", "：")


def expand(spec: dict) -> list[list[tuple[str, int]]]:
    """Rows as positions: (text, id of the merged cell covering it)."""
    ncols = len(spec["col_widths"])
    grid: list[list] = [[None] * ncols for _ in spec["rows"]]
    cell_id = 0
    for r, row in enumerate(spec["rows"]):
        c = 0
        for cell in row:
            while grid[r][c] is not None:
                c += 1
            text, cs, rs = (cell, 1, 1) if isinstance(cell, str) else (cell["text"], cell.get("colspan", 1), cell.get("rowspan", 1))
            for dr in range(rs):
                for dc in range(cs):
                    grid[r + dr][c + dc] = (text, cell_id)
            cell_id += 1
            c += cs
    return grid


def header_paths(grid, header_rows: int) -> list[str]:
    paths = []
    for c in range(len(grid[0])):
        parts, last = [], None
        for r in range(header_rows):
            text, cid = grid[r][c]
            if cid != last and norm(text) and (not parts or parts[-1] != norm(text)):
                parts.append(norm(text))
            last = cid
        paths.append("/".join(parts))
    return paths


@pytest.fixture(scope="module")
def page_texts() -> list[str]:
    doc = pdfium.PdfDocument(str(SAMPLE_PDF))
    return [re.sub(r"\s+", "", doc[i].get_textpage().get_text_range()) for i in range(len(doc))]


def first_page(page_texts, spec) -> int:
    """The page printing the table's title and its first data row."""
    first_row = next(r for r in expand(spec)[spec["header_rows"] :] if any(t.strip() for t, _ in r))
    label = norm(next(t for t, _ in first_row if t.strip()))
    return next(
        i + 1 for i, t in enumerate(page_texts) if norm(spec["title"]) in t and label in t
    )


@pytest.mark.parametrize("path", TABLE_FILES, ids=lambda p: p.stem)
def test_table_figures_arrive_with_their_page(path: Path, query, page_texts):
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    grid = expand(spec)
    h = spec["header_rows"]
    paths = header_paths(grid, h)
    start = first_page(page_texts, spec)
    breaks = spec.get("page_breaks_before") or []
    expected = []
    for r in range(h, len(grid)):
        page = start + sum(1 for b in breaks if r + 1 >= b)
        for c, (text, _) in enumerate(grid[r]):
            if AMOUNT.match(text.strip()) and not re.fullmatch(r"\d{3,9}", text.strip()):
                expected.append((r - h + 1, paths[c], text.strip(), page))
    rows = query(
        """select row_number, column_path, printed_value, page_number, amount_yuan, printed_unit
           from marts.fct_table_cell where table_code = ? and printed_value <> ''""",
        [spec["code"]],
    )
    got = {(r, p, v): (page, amount, unit) for r, p, v, page, amount, unit in rows}
    missing = [e for e in expected if e[:3] not in got]
    assert not missing, f"{path.name}: figures not in fct_table_cell: {missing[:5]}"
    wrong_page = [(e, got[e[:3]][0]) for e in expected if got[e[:3]][0] != e[3]]
    assert not wrong_page, f"{path.name}: figures on the wrong page: {wrong_page[:5]}"
    for row, col, printed, _ in expected:
        _, amount, unit = got[(row, col, printed)]
        assert unit == "万元"
        assert amount == Decimal(printed.replace(",", "")) * 10000
    # nothing extra: every printed figure in the mart is one of the data file's
    assert len(rows) == len(expected), f"{path.name}: {len(rows)} figures in the mart, {len(expected)} printed"


def test_blank_cell_stays_distinct_from_zero(query):
    (row,) = query(
        """select printed_value, amount_yuan from marts.fct_table_cell
           where table_code = 'T09' and column_path = '公务用车购置及运行费/小计'"""
    )
    assert row == ("", None)


def test_subject_codes_are_strings_with_their_levels(query):
    rows = dict(query("select subject_code, subject_level from marts.dim_function_subject"))
    assert rows["201"] == "类" and rows["20109"] == "款" and rows["2010901"] == "项"
    names = dict(query("select subject_code, subject_name from marts.dim_function_subject"))
    assert names["2080505"] == "机关事业单位基本养老保险缴费支出"  # wrapped in its cell, joined without spaces


def test_t05_measures(query):
    rows = dict(
        ((m), a)
        for m, a in query(
            """select measure, amount_yuan from marts.fct_expenditure_by_function
               where table_code = 'T05' and subject_code = '2010901'"""
        )
    )
    assert rows == {
        "total": Decimal("94071000.00"),
        "basic": Decimal("94071000.00"),
        "personnel": Decimal("69574000.00"),
        "public_use": Decimal("24497000.00"),
    }


def test_disclosure_metadata_read_from_the_document(query):
    (row,) = query("select fiscal_year, report_kind, scope, unit_name, metadata_source, standard_tables_missing from marts.dim_disclosure")
    assert row == (2026, "budget", "department", "昆明海关本级", "document", "")


@pytest.mark.parametrize("path", PROJECT_FILES, ids=lambda p: p.stem)
def test_project_tables_arrive(path: Path, query, page_texts):
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    grid = expand(spec)
    labels = {norm(t): r for r, row in enumerate(grid) for t, _ in row[:1]}
    name = norm(grid[labels["项目名称"]][1][0])
    projects = query(
        """select project_name, project_seq, implementing_unit, total_funds_yuan, fiscal_funds_yuan,
                  carryover_funds_yuan, other_funds_yuan, page_number
           from marts.dim_project"""
    )
    (project,) = [p[1:] for p in projects if norm(p[0]) == name]
    seq, unit, total, fiscal, carry, other, page = project
    assert norm(grid[1][4][0]) == norm(unit)
    assert name in page_texts[page - 1]
    fund_rows = {norm(row[1][0]).rstrip("：:"): row[3][0] for row in grid if norm(row[1][0]).rstrip("：:") in ("年度资金总额", "其中：财政拨款", "其中：财政拨款", "上年结转", "其他资金")}
    by_label = {"年度资金总额": total, "其中：财政拨款": fiscal, "上年结转": carry, "其他资金": other}
    for label, printed in fund_rows.items():
        expected = None if printed.strip() == "-" else Decimal(printed.replace(",", "")) * 10000
        assert by_label[label] == expected, (path.name, label, printed)
    header = next(r for r, row in enumerate(grid) if any(norm(t) == "一级指标" for t, _ in row))
    expected = [
        (norm(row[3][0]), row[4][0].strip(), row[5][0].strip())
        for row in grid[header + 1 :]
        if norm(row[3][0])
    ]
    got = query(
        """select level3_name, target_text, score_text from marts.fct_performance_indicator
           where project_seq = ? order by row_number""",
        [seq],
    )
    assert [(a, norm(b), c) for a, b, c in got] == [(a, norm(b), c) for a, b, c in expected]


def test_project_hand_counts(query):
    """The independent hand count of the project tables (projects/_expected.yaml)."""
    hand = yaml.safe_load((SAMPLE_DATA / "projects" / "_expected.yaml").read_text(encoding="utf-8"))
    projects = hand["projects"] if isinstance(hand, dict) and "projects" in hand else hand
    rows = query(
        """select p.project_name, p.total_funds_yuan, count(i.row_number), sum(i.score)
           from marts.dim_project p join marts.fct_performance_indicator i using (disclosure_id, project_seq)
           group by all"""
    )
    got = {norm(name): (total, n, score) for name, total, n, score in rows}
    assert len(got) == len(projects) == 21
    for p in projects:
        total, n, score = got[norm(p["name"])]
        assert total == Decimal(str(p["total"]).replace(",", "")) * 10000
        assert n == p["indicators"]
        assert score == Decimal(p["score_sum"])
