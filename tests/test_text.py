"""Printed text and amounts: exact parsing, wrapped cells, outline numbering, title classification."""

from decimal import Decimal

import pytest

from pipelines.extract.tables.titles import strict_title as classify_title
from pipelines.extract.text import (
    find_unit,
    is_amount,
    join_wrapped,
    outline_level,
    parse_amount,
    squash,
    strip_outline,
    to_yuan,
)


@pytest.mark.parametrize(
    "printed, expected",
    [
        ("27,387.22", Decimal("27387.22")),
        ("463.00", Decimal("463.00")),
        ("109.5", Decimal("109.5")),
        ("371,514,655.00", Decimal("371514655.00")),
        ("-1,283.65", Decimal("-1283.65")),
        ("(12.50)", Decimal("-12.50")),
        ("0.00", Decimal("0.00")),
        ("", None),
        ("-", None),
        ("——", None),
    ],
)
def test_parse_amount_is_exact(printed, expected):
    assert parse_amount(printed) == expected


def test_printed_zero_differs_from_blank():
    assert parse_amount("0.00") == Decimal(0) and parse_amount("") is None


@pytest.mark.parametrize("text", ["12.5%", "≥20 批次", "合计", "1,23", "2026年"])
def test_non_amounts_are_rejected(text):
    assert not is_amount(text)
    with pytest.raises(ValueError):
        parse_amount(text)


def test_wan_yuan_converts_exactly():
    assert to_yuan(parse_amount("27,387.22"), "万元") == Decimal("273872200.00")
    assert to_yuan(parse_amount("0.01"), "万元") == Decimal("100.00")


def test_wrapped_chinese_joins_without_space_and_latin_with_one():
    assert join_wrapped("一般行政管理事\n务") == "一般行政管理事务"
    assert join_wrapped("机关事业单位基\n本养老保险缴费支出") == "机关事业单位基本养老保险缴费支出"
    assert join_wrapped("AEO\nproject") == "AEO project"
    assert join_wrapped("开展 AEO 制度宣传(国\n内)") == "开展 AEO 制度宣传(国内)"


def test_squash_normalizes_spacing_and_brackets():
    assert squash("合 计") == "合计"
    assert squash("科目名称 (单位名称)") == "科目名称（单位名称）"


@pytest.mark.parametrize(
    "label, level",
    [("一、一般公共预算拨款收入", 1), ("（一）一般公共服务支出", 2), ("1. 一般公共预算资金", 2), ("上年结转", None)],
)
def test_outline_level(label, level):
    assert outline_level(label) == level


def test_strip_outline():
    assert strip_outline("（二）政府性基金预算拨款") == "政府性基金预算拨款"


@pytest.mark.parametrize(
    "title, code",
    [
        ("收支预算总表", "T01"),
        ("2025年部门财务收支预算总表", "T01"),
        ("收入支出决算总表", "T01"),
        ("部门收入总表", "T02"),
        ("收入决算表", "T02"),
        ("支出预算总表", "T03"),
        ("财政拨款收支总表", "T04"),
        ("财政拨款收入支出决算总表", "T04"),
        ("一般公共预算支出表", "T05"),
        ("2025年部门一般公共预算支出功能分类预算表", "T05"),
        ("一般公共预算基本支出表", "T06"),
        ("政府性基金预算拨款支出表", "T07"),
        ("国有资本经营预算支出表", "T08"),
        ("财政拨款预算“三公”经费支出表", "T09"),
        ("项目绩效目标表", "P01"),
        ("2017年政府采购预算表", "X"),
    ],
)
def test_title_classification(title, code):
    assert classify_title(title) == code


@pytest.mark.parametrize(
    "line",
    ["四、财政拨款收支预算总表情况说明", "昆明海关 2026 年收支总预算 49731.88 万元。", "第三部分 名词解释"],
)
def test_narrative_lines_are_not_titles(line):
    assert classify_title(line) is None


def test_unit_caption():
    assert find_unit("填报单位：中华人民共和国昆明海关本级    单位：万元") == "万元"
    assert find_unit("编制部门：上海市普陀区商务委员会 单位:元") == "元"
    assert find_unit("单位：中华人民共和国昆明海关本级") is None


@pytest.mark.parametrize(
    "title, code",
    [
        ("财政拨款支出预算表", "X"),
        ("财政拨款基本支出预算表", "X"),
        ("政府性基金支出预算表", "T07"),
        ("财政拨款政府性基金支出预算表", "T07"),
        ("一般公共预算机关运行经费支出预算表", "X"),
        ("政府采购支出预算表", "X"),
        ("一般公共预算“三公”经费、会议费、培训费支出预算表", "T09"),
        ("政府性基金预算财政拨款收入支出决算表", "T07"),
        ("国有资本经营预算财政拨款收入支出决算表", "T08"),
        ("一般公共预算财政拨款基本支出决算表", "T06"),
        ("2017年度江苏省高级人民法院部门收入预算总表", "T02"),
    ],
)
def test_titles_by_meaning(title, code):
    assert classify_title(title) == code
