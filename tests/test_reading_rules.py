"""The general rules of reading a table, each on a case quoted from a real disclosure's layout (titles,
header words, code patterns), so they hold without the corpus."""

import pytest

from pipelines.extract.normalize.cells import parse_grid
from pipelines.extract.tables.classify import classify, code_from_title
from pipelines.extract.normalize.codes import RowCode, SplitCodes, imply_codes, read_code, split_embedded
from pipelines.extract.grids.grid import Grid
from pipelines.extract.normalize.header import is_current_column, numbering_row
from pipelines.extract.tables.titles import read_band, title_inside


def grid(rows: list[list[str]], spans: list[list[int]] | None = None) -> Grid:
    n = len(rows[0])
    span = spans or [[r * n + c for c in range(n)] for r in range(len(rows))]
    return Grid(page=1, texts=rows, span=span, row_pages=[1] * len(rows))


def cells_by(parsed, key=("row_label", "column_path")):
    return {tuple(c[k] for k in key): c for c in parsed.cells}


@pytest.mark.parametrize(
    "title, code",
    [
        ("收支总体情况表", "T01"),  # a 表1–表N series titled …总体情况表
        ("财政拨款收支总体情况表", "T04"),
        ("一般公共预算支出情况表", "T05"),
        ("部门综合预算一般公共预算基本支出明细表（按支出经济分类科目）", "T06"),
        ("部门综合预算一般公共预算基本支出明细表（按支出功能分类科目）", "X"),  # basic expenditure by function
        ("一般公共预算支出表（按经济分类）", "X"),  # by economic class, not only basic
        ("基本支出总表", "X"),  # all funds
        ("政策和项目预算绩效目标表", "P01"),
        ("部门专项业务经费绩效目标表", "P01"),
        ("部门整体支出绩效目标表", "X"),
        ("财政拨款安排的行政经费及“三公”经费预算表", "T09"),
        ("部门综合预算政府性基金收支表", "T07"),
    ],
)
def test_titles_by_their_parts(title, code):
    assert code_from_title(title) == code


def test_a_title_naming_no_table_takes_the_header_and_a_contradicted_title_is_reported():
    assert classify("重点工作表", ["一级指标", "二级指标", "三级指标"]).code == "P01"
    found = classify("一般公共预算支出表", ["科目编码", "人员经费", "公用经费", "30101"])
    assert found.code == "T05" and found.basis == "title" and "economic" in found.note
    assert classify(None, ["甲", "乙"]).code == "X"


def test_the_band_above_a_grid_gives_label_title_and_unit_and_prose_ends_it():
    band = read_band([("三、部门收支情况。本部门收入 5.00 万元。", 900), ("公开表1", 850), ("收支总体情况表", 830),
                      ("部门（单位）：烟台市审计局 单位：万元", 810)], set())
    assert (band.label, band.title, band.unit) == ("公开表1", "收支总体情况表", "万元")
    # the caption line is the unit's, never the unit name of the disclosure or the table's title
    band = read_band([("预算01表 收支总表", 850), ("金额单位：万元", 830)], set())
    assert (band.label, band.title) == ("预算01表", "收支总表")
    wrapped = read_band([("公开 09 表：一般公共预算“三公”经费、会议费、培训费", 850), ("支出预算表", 830)], set())
    assert wrapped.title == "一般公共预算“三公”经费、会议费、培训费支出预算表"


def test_a_title_printed_inside_the_ruled_area_is_read_and_its_rows_dropped():
    g = grid([["", "", ""], ["", "预算10表 政府采购预算明细表", ""], ["", "", "金额单位：万元"],
              ["", "采购类别", "金额"], ["", "A-货物", "238.779600"]])
    band = title_inside(g, read_band([], set()))
    assert (band.title, band.label, band.unit) == ("政府采购预算明细表", "预算10表", "万元")
    assert g.texts[0] == ["", "采购类别", "金额"]


def test_line_number_columns_and_column_number_rows_are_never_amounts():
    # a central final accounts layout: 项目 | 行次 | 决算数 on each side, a 栏次 row under the header
    g = grid([["项目", "行次", "决算数", "项目", "行次", "决算数"],
              ["栏次", "", "1", "栏次", "", "2"],
              ["一、一般公共预算财政拨款收入", "1", "1,668.14", "一、一般公共服务支出", "32", ""],
              ["二、政府性基金预算财政拨款收入", "2", "", "二、外交支出", "33", ""],
              ["本年收入合计", "3", "1,668.14", "本年支出合计", "34", "1,668.14"]])
    parsed = parse_grid(g, "万元", table_code="T01")
    assert parsed.header_rows == 2
    assert {c["column_path"] for c in parsed.cells} == {"决算数"}
    assert not any(c["printed_value"] in {"1", "2", "3", "32", "33", "34"} for c in parsed.cells)
    assert numbering_row(["**", "**", "1", "2", "3"])


@pytest.mark.parametrize(
    "label, code, name",
    [("[2120106]工程建设管理", "2120106", "工程建设管理"), ("2120106-工程建设管理", "2120106", "工程建设管理"),
     ("30101 基本工资", "30101", "基本工资"), ("2026年预算数", None, "2026年预算数"), ("100万元以上", None, "100万元以上")],
)
def test_codes_printed_inside_the_name_cell(label, code, name):
    assert split_embedded(label) == (code, name)


def test_split_codes_printing_only_the_sub_code_are_composed_from_the_rows_above():
    split = SplitCodes("T03")
    assert split.read(["201", "", ""], "一般公共服务支出").code == "201"
    assert (split.read(["", "08", ""], "审计事务").code, split.read(["", "", "01"], "行政运行").code) == ("20108", "2010801")
    assert split.read(["", "08", ""], "审计事务").basis == "composed"
    assert split.read(["201", "8", "1"], "行政运行").code == "2010801"  # 2-digit 款/项 printed without the 0


def test_a_malformed_code_is_kept_as_printed_with_the_code_the_rows_around_it_imply():
    # a "7" printed in the 类 column where 210 belongs: the name is the national 类 卫生健康支出
    split = SplitCodes("T05")
    bad = split.read(["7", "", ""], "卫生健康支出")
    assert (bad.code, bad.printed, bad.basis, bad.implied) == (None, "7", "malformed", "210")
    child = split.read(["", "11", ""], "行政事业单位医疗")
    assert (child.code, child.basis) == ("21011", "implied")
    # codes in one column: the parent the next row needs, which no row above printed
    rows = [(read_code("208", "T05"), "社会保障和就业支出"), (read_code("7", "T05"), "某某支出"),
            (read_code("21011", "T05"), "行政事业单位医疗")]
    imply_codes(rows)
    assert rows[1][0].implied == "210" and rows[1][0].code is None
    unsure = [(read_code("7", "T05"), "某某支出"), (read_code("2101101", "T05"), "行政单位医疗")]
    imply_codes(unsure)
    assert unsure[0][0].implied is None  # 210 or 21011: nothing decides, so nothing is implied
    assert isinstance(unsure[0][0], RowCode)


def test_one_malformed_code_loses_no_amount_of_its_table():
    g = grid([["科目编码", "科目名称", "合计"], ["208", "社会保障和就业支出", "5.00"], ["7", "卫生健康支出", "3.00"],
              ["21011", "行政事业单位医疗", "3.00"], ["", "合计", "8.00"]])
    parsed = parse_grid(g, "万元", table_code="T05")
    by_label = cells_by(parsed, ("row_label",))
    assert len(parsed.cells) == 4 and all(c["amount_yuan"] is not None for c in parsed.cells)
    assert (by_label[("卫生健康支出",)]["code_basis"], by_label[("卫生健康支出",)]["implied_code"]) == ("malformed", "210")


def test_a_second_classification_beside_the_first_is_a_detail():
    # 支出功能分类科目 | 政府支出经济分类科目 | 部门支出经济分类科目 | 合计: the subject repeats per 经济 code
    g = grid([["", "支出功能分类科目", "政府支出经济分类科目", "部门支出经济分类科目", "合计"],
              ["", "2010801-行政运行", "50101-工资奖金津补贴", "30101-基本工资", "3,138.093600"],
              ["", "2010801-行政运行", "50101-工资奖金津补贴", "30102-津贴补贴", "6,513.561676"]])
    parsed = parse_grid(g, "万元", table_code="T03")
    assert {(c["subject_code"], c["detail_code"], c["row_role"]) for c in parsed.cells} == {
        ("2010801", "30101", "detail"), ("2010801", "30102", "detail")}


def test_subjects_listed_again_block_after_block_are_no_subject_totals():
    g = grid([["科目编码", "科目名称", "合计"], ["2010801", "行政运行", "10.00"], ["2080505", "养老保险", "2.00"],
              ["2010801", "行政运行", "20.00"], ["", "合计", "32.00"]])
    parsed = parse_grid(g, "万元", table_code="T05")
    assert {c["row_role"] for c in parsed.cells if c["subject_code"]} == {"detail"}


def test_a_named_total_and_rows_of_unprinted_depth_give_weak_sums_only():
    # “三公”经费合计 totals only the 三公 items, not the 会议费 and 培训费 printed beside them
    g = grid([["“三公”经费合计", "因公出国（境）费", "公务接待费", "会议费", "培训费"],
              ["43.80", "0.00", "36.00", "26.60", "56.05"]])
    strengths = {i["kind"]: i["strength"] for i in parse_grid(g, "万元", table_code="T09").identities}
    assert strengths["columns"] == "weak"
    # 一、一般公共服务支出 / 信访事务 / 行政运行 / 二、…: the unnumbered rows are details, in no sum
    g = grid([["项目", "预算数"], ["一、一般公共服务支出", "30.00"], ["信访事务", "30.00"], ["行政运行", "30.00"],
              ["二、教育支出", "5.00"], ["本年支出合计", "35.00"]])
    (total,) = [i for i in parse_grid(g, "万元", table_code="T01").identities if i["kind"] == "running_total"]
    assert [r for r, _ in total["rhs"]] == [1, 4] and total["strength"] == "weak"


def test_a_column_net_of_something_is_not_a_part_of_its_parents_sum():
    g = grid([["合计", "基本支出", "项目支出", "项目支出"], ["合计", "基本支出", "项目支出总数", "扣除基建项目后预算数"],
              ["10.00", "4.00", "6.00", "6.00"]],
             spans=[[0, 1, 2, 2], [0, 1, 4, 5], [6, 7, 8, 9]])
    (ident,) = [i for i in parse_grid(g, "万元", table_code="T05").identities if i["kind"] == "columns" and i["lhs"][0][1] == 0]
    assert sorted(c for _, c in ident["rhs"]) == [1, 2]


@pytest.mark.parametrize(
    "path, current",
    [("2026年预算数/合计", True), ("2025年执行数/执行数", False), ("上年/公务接待费", False),
     ("增减变化情况/合计", False), ("上年结转", True), ("2026年预算数比2025年执行数/增减额", False)],
)
def test_this_years_columns(path, current):
    assert is_current_column(path, 2026) is current


def test_a_value_that_is_not_an_amount_is_kept_as_printed_with_no_amount():
    g = grid([["项目", "合计"], ["行政运行", "12,34.56"], ["一般行政管理事务", "100.00"], ["合计", "1,334.56"]])
    parsed = parse_grid(g, "万元", table_code="T05")
    assert {c["column_path"] for c in parsed.cells} == {"合计"}  # one bad value does not make the column a label
    bad = next(c for c in parsed.cells if c["row_label"] == "行政运行")
    assert (bad["printed_value"], bad["amount_yuan"]) == ("12,34.56", None)  # validation holds back this value alone
