"""The rules a year's crawl needs, each on a case quoted from a real file of it (named) or built to its shape:
tables continued by their structure over many pages, what a file is, its unit and year from its own words,
and keys that hold any file name. They run without the crawl."""

from decimal import Decimal

import pytest

from pipelines.extract.normalize.cells import parse_grid
from pipelines.extract.tables.classify import classify
from pipelines.extract.normalize.codes import split_embedded
from pipelines.extract.read.document import _tables_year, unit_name
from pipelines.extract.grids.grid import Grid
from pipelines.extract.read.kinds import document_kind, title_of
from pipelines.extract.tables.locate import _continue, _lines_up, LocatedTable
from pipelines.extract.read.pdf import DisclosureError, PageText, html_page, read_pages
from pipelines.extract.normalize.projects import parse_project_list
from pipelines.extract.tables.titles import read_band, title_inside
from pipelines.extract.vocabulary import LEADING_LABEL
from pipelines.orchestration.keys import partition_key, source_path


def _grid(rows: list[list[str]], cols: list[tuple[float, float]], page: int = 1) -> Grid:
    n = len(rows[0])
    box = (cols[0][0], 70, cols[-1][1], 520)
    return Grid(page=page, texts=rows, span=[[r * n + c + page * 10_000 for c in range(n)] for r in range(len(rows))],
                bbox=box, row_pages=[page] * len(rows), regions={page: box}, cols=cols)


# 北京市人力资源和社会保障局 2026 附件2 p.4 and p.5: the sheet that carries the title is ruled one empty column wider
FIRST_COLS = [(40, 61), (61, 200), (200, 330), (330, 460), (460, 540), (540, 620), (620, 700), (700, 787)]
NEXT_COLS = FIRST_COLS[1:]
HEADER = ["支出功能分类科目", "政府支出经济分类科目", "部门支出经济分类科目", "合计", "基本支出", "项目支出", "其中"]


def test_a_page_ruled_one_empty_column_wider_is_continued_by_its_column_rules():
    first = _grid([["", *HEADER], ["", "2050305-高等职业教育", "50502-商品和服务支出", "30228-工会经费", "143.62", "143.62", "", ""]],
                  FIRST_COLS, page=4)
    following = _grid([HEADER, ["2080101-行政运行", "50103-住房公积金", "30113-住房公积金", "1,721.46", "1,721.46", "", ""]],
                      NEXT_COLS, page=5)
    assert first.n_cols != following.n_cols and not first.same_frame(following) and _lines_up(first, following)
    table = LocatedTable(1, "T03", "支出总表", first, "万元")
    _continue(table, following)
    # the repeated header is seen as the header and dropped; the amounts land in their own columns
    assert table.grid.n_rows == 3 and table.grid.row_pages == [4, 4, 5]
    assert table.grid.texts[2][4] == "1,721.46" and table.grid.texts[2][6] == ""
    other = _grid([["甲", "乙", "丙"]], [(100, 300), (300, 500), (500, 700)], page=5)
    assert not _lines_up(first, other)


def test_a_title_and_its_caption_in_one_merged_cell():
    # 北京市公安局 2026 附件2 p.17
    g = Grid(page=17, texts=[["", "预算11表 项目支出绩效目标表金额单位：万元", "预算11表 项目支出绩效目标表金额单位：万元"],
                             ["", "项目名称", "项目总额"]], span=[[0, 1, 1], [3, 4, 5]], row_pages=[17, 17])
    band = title_inside(g, read_band([], set()))
    assert (band.label, band.title, band.unit) == ("预算11表", "项目支出绩效目标表", "万元")


@pytest.mark.parametrize("line, label", [("表7一般公共预算支出表（按功能分类）", "表7"), ("表六一般公共预算支出表", "表六"),
                                         ("表十二政府采购预算表", "表十二"), ("表二三公经费支出表", "表二")])
def test_a_labels_number_never_takes_the_first_character_of_the_title(line, label):
    # 深圳市人民政府口岸办公室 2026 p.26 prints "表 7 一般公共预算支出表（按功能分类）"
    assert LEADING_LABEL.match(line).group(0) == label


def test_a_code_after_the_wrapped_tail_of_the_name_above():
    # 北京市统计局 2026 附件2 p.7: "…2080505-机关事业单位基本养老保险" wraps its "缴费支出" into the next row's cell
    assert split_embedded("缴费支出2080506-机关事业单位职业年金") == ("2080506", "机关事业单位职业年金")
    assert split_embedded("第2080506号文件") == (None, "第2080506号文件")


def test_a_list_restarted_under_its_first_item_is_that_items_sub_list():
    # 中共北京市委军民融合发展委员会办公室 2026 附件2 p.6-7: 一、本年支出, then 一、一般公共服务支出 … 三十一、往来性支出 (the 类),
    # then 二、年终结转结余 and 支出总计
    rows = [["项目", "预算数"], ["一、本年支出", "9,151.31"], ["一、一般公共服务支出", "6,770.50"], ["二、外交支出", ""],
            ["二十四、预备费二十五、其他支出", ""], ["二十六、转移性支出", "2,380.81"], ["二、年终结转结余", ""], ["支出总计", "9,151.31"]]
    g = Grid(page=6, texts=rows, span=[[r * 2 + c for c in range(2)] for r in range(len(rows))], row_pages=[6] * len(rows))
    parsed = parse_grid(g, "万元", table_code="T04")
    sums = {(i["kind"], tuple(r for r, _ in i["lhs"])): tuple(r for r, _ in i["rhs"]) for i in parsed.identities}
    total_row = 7  # 支出总计, as the identity counts rows (from the header)
    running = [rhs for (kind, lhs), rhs in sums.items() if kind == "running_total" and lhs == (total_row,)]
    assert running == [(1, 6)]  # 本年支出 + 年终结转结余, never the 类 beside them
    outline = [rhs for (kind, lhs), rhs in sums.items() if kind == "outline" and lhs == (1,)]
    assert outline == [(2, 3, 4, 5)]


def _page(*lines: str, number: int = 1) -> PageText:
    return PageText(number, "\n".join(lines), [(line, 800.0 - 20 * i) for i, line in enumerate(lines)], 595.0, 842.0)


@pytest.mark.parametrize(
    "lines, codes, kind",
    [
        # titles as the crawl's files print them on their first page
        (["— 1 —", "ZJAC01-2025-0010", "杭州市人民政府办公厅文件", "杭政办函〔2025〕30 号"], set(), "notice"),
        (["1", "政府网站工作年度报表", "（2025年度）", "填报单位:长春市统计局办公室"], set(), "report"),
        (["部门整体预算绩效目标申报表", "部门名称 广州市政务服务和数据管理局"], set(), "performance_target"),
        (["部门整体绩效自评表", "（2024年度）"], set(), "performance_self_evaluation"),
        (["— 1 —", "长沙市财政项目支出绩效评价报告"], set(), "performance_evaluation_report"),
        (["济南市审计局政府信息公开申请表"], set(), "form"),
        (["工业企业行政合规指导清单"], set(), "list"),
        (["- 1 -", "北京市医疗保障局部门 2026 年度部门预算", "信息公开", "目 录"], set(), "disclosure"),
        (["预算01表 收支总表", "金额单位：万元"], {"T01", "T02", "T03", "T04"}, "disclosure"),
        (["Quarterly meeting notes"], set(), "other"),
    ],
)
def test_what_a_file_is_from_its_own_words(lines, codes, kind):
    assert document_kind([_page(*lines)], codes)[0] == kind


def test_a_title_is_never_a_page_number():
    assert title_of([_page("- 1 -", "北京市医疗保障局部门 2026 年度部门预算", "信息公开", "目 录", "第一部分")]) == \
        "北京市医疗保障局部门2026年度部门预算信息公开"
    assert title_of([_page("- 1 -", "— 2 —")]) is None


def test_unit_and_year_from_the_documents_own_words():
    # the cover's 部门 before the year is no part of the unit's name
    assert unit_name([_page("- 1 -", "北京市医疗保障局部门 2026 年度部门预算", "信息公开")]) == "北京市医疗保障局"
    # 宁德市人民政府办公室 2024 部门整体绩效自评表: the form's field
    assert unit_name([_page("部门整体绩效自评表", "部门（单位）名称 宁德市人民政府办公室 部门预算编码 127")]) == "宁德市人民政府办公室"
    # a file of tables only: the year its tables' titles state (预算13表部门整体支出绩效目标表（2026年度）)
    assert _tables_year([_page("预算01表 收支总表"), _page("预算13表部门整体支出绩效目标表（2026年度）", number=39)]) == 2026
    assert _tables_year([_page("预算01表 收支总表", "2025年执行数")]) is None


def test_a_web_page_saved_as_pdf_says_what_it_is(tmp_path):
    saved = tmp_path / "重庆市气象局2026年部门预算情况.pdf"
    saved.write_text("<!DOCTYPE html>\n<html><head><title>重庆市气象局2026年部门预算</title></head><body></body></html>", encoding="utf-8")
    assert html_page(saved) == "titled '重庆市气象局2026年部门预算'"
    with pytest.raises(DisclosureError) as raised:
        read_pages(saved)
    assert raised.value.kind == "html_page" and "web page" in raised.value.reason


@pytest.mark.parametrize("path", ["crawl/004_重庆_166e17_科技创新局_重庆市科学技术局（本级）2026年单位预算....pdf",
                                  "a%2E.pdf", "tab\there.pdf", "2026/昆明海关本级/昆明海关本级2026年部门预算.pdf"])
def test_any_file_name_is_a_key_and_maps_back(path):
    key = partition_key(path)
    assert "..." not in key and "\t" not in key and source_path(key) == path
    assert partition_key("2026/a.pdf") == "2026/a.pdf"  # an ordinary path is its own key


def test_a_project_list_with_one_name_over_several_funded_blocks_and_its_header_again():
    # 北京市人力资源和社会保障局 2026 附件2 pp.30-31: one 项目名称 cell spans three blocks, each with its own 项目总额;
    # the header is printed again at the top of the next page
    header = ["项目名称", "项目总额", "财政资金", "其他资金", "绩效目标", "一级指标", "二级指标", "三级指标", "本年绩效指标值"]
    rows = [header]
    spans = [[c for c in range(9)]]
    for block, amount in enumerate(["33.545250", "600.719600"]):
        for line in range(2):
            r = len(rows)
            rows.append(["就业管理工作经费项目", amount, amount, "", "目标", "产出指标", "数量指标", f"指标{block}{line}", "100"])
            spans.append([1000, 2000 + block, 3000 + block, r * 100 + 3, 4000 + block, r * 100 + 5, r * 100 + 6, r * 100 + 7, r * 100 + 8])
    rows.append(header)
    spans.append([9000 + c for c in range(9)])
    g = Grid(page=30, texts=rows, span=spans, row_pages=[30] * len(rows))
    projects, funds, indicators = parse_project_list(g, "万元")
    assert [p["project_name"] for p in projects] == ["就业管理工作经费项目"] * 2
    assert [f["printed_value"] for f in funds if f["fund"] == "total"] == ["33.545250", "600.719600"]
    assert len(indicators) == 4


def test_a_general_budget_table_by_economic_class_of_basic_columns_only_is_the_basic_table():
    found = classify("一般公共预算支出明细表（按支出经济分类科目）", ["科目编码", "科目名称", "合计", "人员经费", "公用经费", "30101"])
    assert found.code == "T06"
    assert classify("一般公共预算支出表（按经济分类）", ["科目编码", "合计", "基本支出", "项目支出"]).code == "X"
    assert classify("部门整体支出绩效自评表", ["项目", "合计", "支出"]).code == "X"  # never a 支出总表


def test_a_list_opened_by_qizhong_names_parts_and_is_in_no_sum():
    # 福州市公安局巡特警支队 2026 p.19: "3、公务用车购置及运行费 426.75", "其中：（1）公务用车购置费 200.00", "（2）公务用车运行费 226.75"
    rows = [["项目", "预算数"], ["合计", "430.87"], ["1、因公出国（境）费用", "0.00"], ["2、公务接待费", "4.12"],
            ["3、公务用车购置及运行费", "426.75"], ["其中：（1）公务用车购置费", "200.00"], ["（2）公务用车运行费", "226.75"]]
    g = Grid(page=19, texts=rows, span=[[r * 2 + c for c in range(2)] for r in range(len(rows))], row_pages=[19] * len(rows))
    parsed = parse_grid(g, "万元", table_code="T09")
    assert not any(i["kind"] == "outline" and (5, 1) in i["rhs"] for i in parsed.identities)
    assert {c["row_role"] for c in parsed.cells if c["row_number"] in (5, 6)} == {"memo"}


def _merged(rows: list[list[str]], page: int = 1) -> Grid:
    """A grid whose equal neighbouring texts in a column are one merged cell (as a form's block labels are)."""
    span = [[0] * len(rows[0]) for _ in rows]
    k = 0
    for c in range(len(rows[0])):
        for r, row in enumerate(rows):
            if r and rows[r - 1][c] == row[c] and row[c]:
                span[r][c] = span[r - 1][c]
            else:
                k += 1
                span[r][c] = k
    return Grid(page=page, texts=rows, span=span, bbox=(40, 70, 800, 520), row_pages=[page] * len(rows),
                regions={page: (40, 70, 800, 520)})


def test_a_performance_forms_money_fields_are_read_and_its_targets_are_not():
    # 北京市公安局交通管理局 2026 附件2 p.60 部门整体支出绩效目标表
    from pipelines.extract.normalize.forms import form_money_cells

    block, goal = "总体资金情况（万元）", "整体绩效目标"
    form = _merged([
        ["部门名称", "北京市公安局交通管理局", "北京市公安局交通管理局", "北京市公安局交通管理局"],
        [block, "预算支出总额", "财政拨款", "财政拨款"],
        [block, "预算支出总额", "合计", "基本支出"],
        [block, "514,823.342892", "462,597.576532", "376,567.921271"],
        [goal, "绩效指标", "指标性质", "指标值"],
        [goal, "产出指标数量指标标志标线", "≥", "95"],
    ])
    cells = form_money_cells(form, "万元")
    assert [(c["column_path"], c["printed_value"]) for c in cells] == [
        ("预算支出总额", "514,823.342892"), ("财政拨款/合计", "462,597.576532"), ("财政拨款/基本支出", "376,567.921271")]
    assert cells[0]["amount_yuan"] == Decimal("5148233428.92") and cells[0]["printed_unit"] == "万元"


def test_an_untitled_list_of_projects_is_known_by_its_header():
    # 深圳市发展和改革委员会 2026 pp.9-10: "本单位重点项目绩效目标情况如下：" then a grid with no title of its own
    from pipelines.extract.tables.locate import _headed_project_list
    from pipelines.extract.normalize.projects import parse_projects

    rows = [["二级预算单位名称", "一级项目名称", "预算数（万元）", "绩效目标"],
            ["深圳市发展和改革委员会（本级）", "党建活动", "6.50", "落实“基层党建和干部队伍建设”相关要求。"],
            ["深圳市发展和改革委员会（本级）", "论坛经费", "100.00", "举办光明科学城论坛。"]]
    table = _headed_project_list(_grid(rows, [(40, 200), (200, 330), (330, 460), (460, 787)], page=10), 10)
    assert (table.code, table.unit, table.classified_by) == ("P01", "万元", "header")
    projects, funds, _ = parse_projects(table.grid, table.unit)
    assert [(p["project_name"], f["printed_value"]) for p, f in zip(projects, funds)] == [("党建活动", "6.50"), ("论坛经费", "100.00")]
    # a grid of another kind with no title stays an orphan
    other = [["序号", "项目名称", "结构内容", "收费标准"], ["4", "水泥混凝土路面", "30cm 无机结", "255 元/㎡"]]
    assert _headed_project_list(_grid(other, [(40, 200), (200, 330), (330, 460), (460, 787)]), 9) is None


def test_a_project_whose_name_cell_is_cut_at_a_page_break_keeps_its_funds():
    # 北京市公安局交通管理局 2026 附件2 pp.22-23: the name and 项目总额 cells of a project run over the page break;
    # their centred text falls where the page clips it, so p.22 prints the block blank and p.23 its funds only
    header = ["项目名称", "项目总额", "财政资金", "绩效目标", "一级指标", "二级指标", "三级指标", "本年绩效指标值"]
    rows = [header,
            ["11000022T000000432798-司法救助经费", "45.000000", "45.000000", "根据…", "产出指标", "时效指标", "办理时间", "1"],
            ["11000022T000000432798-司法救助经费", "45.000000", "45.000000", "根据…", "效益指标", "社会效益指标", "保障", "100"],
            ["", "", "", "按照…", "满意度指标", "服务对象满意度指标", "基层办案满意度", "95"],
            ["", "", "", "按照…", "产出指标", "数量指标", "支队所属事故处理单位数", "6"],
            ["预算表12 项目支出绩效目标表"] * 8,
            header,
            ["", "32.000000", "32.000000", "…", "成本指标", "经济成本指标", "检测鉴定", "17.2"],
            ["", "93.300000", "93.300000", "从装备…", "成本指标", "经济成本指标", "办案耗材", "63.5"],
            ["", "15.000000", "15.000000", "…", "产出指标", "数量指标", "线路带宽", "600"]]
    pages = [22, 22, 22, 22, 22, 23, 23, 23, 23, 24]
    span = [[r * 8 + c for c in range(8)] for r in range(len(rows))]
    for c in (0, 1, 2, 3):
        span[2][c] = span[1][c]  # the first project's merged name, funds and goal cells
        span[4][c] = span[3][c]  # the next project's, printed blank at the foot of p.22
    grid = Grid(page=22, texts=rows, span=span, bbox=(40, 70, 800, 520), row_pages=pages,
                regions={22: (40, 70, 800, 520), 23: (40, 70, 800, 520)})
    projects, funds, indicators = parse_project_list(grid, "万元")
    assert [p["project_name"] for p in projects] == ["11000022T000000432798-司法救助经费", None, None, None]
    totals = [(f["project_no"], f["printed_value"]) for f in funds if f["fund"] == "total"]
    # p.23's first funds are the cut project's; p.24's opening block prints funds of its own after a funded one
    assert totals == [(1, "45.000000"), (2, "32.000000"), (3, "93.300000"), (4, "15.000000")]
    assert [i["project_no"] for i in indicators] == [1, 1, 2, 2, 2, 3, 4]
