"""Tables found from geometry: ruled grids from the page's paths, each titled by the text just above it.

Every case is a PDF drawn here (tests/synthetic_pdfs.py), so these run without the corpus."""

import pytest

from pipelines.extract.measure.coverage import coverage_rows
from pipelines.extract.grids.camelot_read import read_grids
from pipelines.extract.tables.locate import locate
from pipelines.extract.read.pdf import read_pages
from synthetic_pdfs import GridSpec, PageSpec, draw

HEADER = ["项目", "合计", "基本支出", "项目支出"]


def _located(path):
    pages = read_pages(path)
    return pages, locate(pages, read_grids(path, [p.number for p in pages if p.ruled]))


def test_rules_drawn_as_thin_polygons_are_rules(tmp_path):
    rows = [HEADER, ["行政运行", "1,234.56", "1,000.00", "234.56"], ["合计", "1,234.56", "1,000.00", "234.56"]]
    path = draw(tmp_path / "polygons.pdf", [PageSpec(
        lines=[(780, "表3 支出总体情况表"), (760, "单位：万元")],
        grids=[GridSpec(top=740, rows=rows, widths=[160, 90, 90, 90], polygon_rules=True)],
    )])
    pages, location = _located(path)
    assert pages[0].ruled
    (table,) = location.tables
    assert (table.code, table.title, table.unit, table.label) == ("T03", "支出总体情况表", "万元", "表3")
    assert table.grid.texts[1][1] == "1,234.56"


def test_two_grids_on_a_page_are_two_tables_the_second_a_single_total_row(tmp_path):
    path = draw(tmp_path / "two.pdf", [PageSpec(
        lines=[(790, "一般公共预算支出表"), (770, "单位：万元"), (560, "政府性基金预算支出表"), (540, "单位：万元")],
        grids=[
            GridSpec(top=750, rows=[HEADER, ["行政运行", "10.00", "10.00", ""], ["合计", "10.00", "10.00", ""]],
                     widths=[160, 90, 90, 90]),
            GridSpec(top=520, rows=[HEADER, ["合计", "0.00", "", ""]], widths=[160, 90, 90, 90]),
        ],
    )])
    _, location = _located(path)
    assert [(t.code, t.title, t.pages) for t in location.tables] == [
        ("T05", "一般公共预算支出表", [1]), ("T07", "政府性基金预算支出表", [1])]
    assert location.orphans == []


def test_an_untitled_grid_continues_the_table_of_the_page_before_only_when_its_columns_line_up(tmp_path):
    body = [["201", "一般公共服务支出", "5.00"], ["20101", "人大事务", "5.00"]]
    path = draw(tmp_path / "continued.pdf", [
        PageSpec(lines=[(790, "支出总表"), (770, "单位：万元")],
                 grids=[GridSpec(top=750, rows=[["科目编码", "科目名称", "合计"], *body], widths=[80, 200, 100])]),
        PageSpec(grids=[GridSpec(top=800, rows=[["2010101", "行政运行", "5.00"]], widths=[80, 200, 100])]),
        PageSpec(lines=[(790, "二、情况说明。本部门收入 5.00 万元。")],
                 grids=[GridSpec(top=700, rows=[["序号", "单位名称"], ["1", "本级"]], widths=[120, 300], left=100)]),
    ])
    _, location = _located(path)
    (table,) = location.tables
    assert (table.code, table.pages) == ("T03", [1, 2])
    assert [o.page for o in location.orphans] == [3]  # no title, nothing before it to continue


def test_a_title_printed_at_the_foot_of_a_page_titles_the_grid_opening_the_next(tmp_path):
    path = draw(tmp_path / "foot.pdf", [
        PageSpec(lines=[(700, "一、部门概况。本部门共有 3 个单位。"), (90, "“三公”经费支出表"), (70, "单位：万元")]),
        PageSpec(grids=[GridSpec(top=800, rows=[["合计", "因公出国（境）费", "公务接待费"], ["3.00", "1.00", "2.00"]],
                                 widths=[100, 150, 100])]),
    ])
    _, location = _located(path)
    (table,) = location.tables
    assert (table.code, table.title_page, table.pages, table.unit) == ("T09", 1, [1, 2], "万元")


def test_an_unseen_title_is_classified_by_its_header_and_a_contradicted_title_says_so(tmp_path):
    indicators = [["一级指标", "二级指标", "三级指标", "指标值"], ["产出指标", "数量指标", "检查次数", "≥10次"]]
    economic = [["经济分类科目编码", "科目名称", "人员经费", "公用经费"], ["30101", "基本工资", "5.00", ""]]
    path = draw(tmp_path / "unseen.pdf", [PageSpec(
        lines=[(790, "重点工作任务表"), (560, "一般公共预算支出表")],
        grids=[GridSpec(top=770, rows=indicators, widths=[90, 90, 150, 90]),
               GridSpec(top=540, rows=economic, widths=[120, 150, 90, 90])],
    )])
    _, location = _located(path)
    first, second = location.tables
    assert (first.code, first.classified_by) == ("P01", "header")  # the title names no table; 一级指标 does
    assert second.code == "T05" and "economic" in second.classification_note


@pytest.mark.parametrize("printed, counted", [("12.50%", 0), ("≥1,234.56", 0), ("1,234.56", 1)])
def test_coverage_counts_money_not_percentages_or_targets(tmp_path, printed, counted):
    path = draw(tmp_path / "coverage.pdf", [PageSpec(
        lines=[(790, "支出总表")],
        grids=[GridSpec(top=770, rows=[["项目", "合计"], ["行政运行", printed]], widths=[200, 120])],
    )])
    pages, location = _located(path)
    (table,) = location.tables
    tables = [{"table_seq": 1, "regions": ";".join(f"{p}:" + ",".join(map(str, b)) for p, b in table.grid.regions.items())}]
    (row,) = coverage_rows(path, "0" * 16, tables, [], location.orphans, set())
    assert (row["amounts_printed"], row["amounts_read"]) == (counted, 0)


def test_an_orphan_grid_and_amounts_outside_every_grid_count_as_unread(tmp_path):
    path = draw(tmp_path / "orphan.pdf", [PageSpec(
        lines=[(790, "第一部分 说明。"), (400, "合计 3,000.00 2,000.00")],
        grids=[GridSpec(top=700, rows=[["项目", "金额"], ["办公费", "1,000.00"]], widths=[200, 120])],
    )])
    pages, location = _located(path)
    assert location.tables == [] and len(location.orphans) == 1
    rows = coverage_rows(path, "0" * 16, [], [], location.orphans, set())
    by_kind = {r["region_kind"]: r for r in rows}
    assert by_kind["orphan_grid"]["amounts_missing"] == 1
    assert by_kind["off_grid"]["amounts_missing"] == 2  # an unruled line of figures; prose is not counted


def test_a_figure_clipped_away_is_not_printed(tmp_path):
    # a sheet export's merged cell cut at a page break keeps its centred figure in the text layer, where the page
    # clips it (北京市公安局交通管理局 2026 附件2 p.50: 317.810000 twice, no ink on the page)
    from reportlab.pdfgen import canvas

    path = tmp_path / "clipped.pdf"
    c = canvas.Canvas(str(path))
    c.setFont("Helvetica", 10)
    c.drawString(100, 400, "2,194.01")
    c.saveState()
    clip = c.beginPath()
    clip.rect(0, 600, 50, 50)  # a clip that holds none of the figure below
    c.clipPath(clip, stroke=0, fill=0)
    c.drawString(300, 200, "317.81")
    c.restoreState()
    c.save()
    pages, location = _located(path)
    (row,) = coverage_rows(path, "0" * 16, [], [], location.orphans, {1})
    assert (row["region_kind"], row["amounts_printed"], row["missing_examples"]) == ("off_grid", 1, "2,194.01")
