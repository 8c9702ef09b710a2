"""The words of table titles, captions and headers, kept as reviewable data apart from the code using them.

A table is classified by what its title means (the parts of the title: 收支, 一般公共预算, 基本支出 …)
and by the vocabulary of its header, never by one list of known spellings: a title never seen
before is still read by its parts.
"""

from __future__ import annotations

import re

TABLE_NAMES = {
    "T01": "收支总表",
    "T02": "收入总表",
    "T03": "支出总表",
    "T04": "财政拨款收支总表",
    "T05": "一般公共预算支出表",
    "T06": "一般公共预算基本支出表",
    "T07": "政府性基金预算支出表",
    "T08": "国有资本经营预算支出表",
    "T09": "“三公”经费支出表",
    "P01": "项目绩效目标表",
    "X": "其他表",
}

# Parts of a title. A part is present when one of its patterns occurs in the title (whitespace removed).
TITLE_PARTS: dict[str, str] = {
    "performance": r"绩效(目标|指标|自评|评价)|绩效表|自评表",
    "whole": r"整体|总体绩效",
    "three_public": r"三公",
    "other": r"机关运行经费|政府采购|购买服务|项目支出|专项业务|专项资金|上年结转资金|资产配置|项目经费",
    "state_capital": r"国有资本经营",
    "government_fund": r"政府性基金",
    "general_budget": r"一般公共预算",
    "basic": r"基本支出",
    "economic": r"经济分类|经济科目",
    "functional": r"功能分类|功能科目",
    "fiscal": r"财政拨款",
    "both": r"收支|收入支出|收入和支出",
    "income": r"收入",
    "expenditure": r"支出",
}

# Checked in order: the first rule whose parts are all present gives the code. Tables outside the nine
# (机关运行经费, 政府采购, 项目支出, an all-funds 基本支出 or 财政拨款支出 table, a general-budget table by
# economic class that is not limited to basic expenditure) are X before the broad rules catch them.
TITLE_RULES: list[tuple[str, tuple[str, ...]]] = [
    ("X", ("performance", "whole")),
    ("P01", ("performance",)),
    ("T09", ("three_public",)),
    ("X", ("other",)),
    ("T08", ("state_capital", "expenditure")),
    ("T07", ("government_fund", "expenditure")),
    ("T07", ("government_fund", "both")),
    ("X", ("general_budget", "basic", "functional")),
    ("T06", ("general_budget", "basic")),
    ("X", ("general_budget", "economic")),
    ("T05", ("general_budget", "expenditure")),
    ("T04", ("fiscal", "both")),
    ("X", ("fiscal",)),
    ("X", ("basic",)),
    ("X", ("economic",)),
    ("T01", ("both",)),
    ("T02", ("income",)),
    ("T03", ("expenditure",)),
]

# A list label printed before or above a title: 表1, 表 3, 公开表5, 公开 01 表, 预算01表, 预算表12,
# 部门公开表 2, 附表3, 表一, 一、, 1., （一）.
LABEL = (
    r"(?:部门)?公开\s*表\s*\d+|公开\s*\d+\s*表|预算\s*\d+\s*表|预算表\s*\d+|决算\s*\d+\s*表|附表\s*\d+"
    # a label's number is digits or Chinese numerals, not both, and not the 一 of 一般 or the 三 of 三公 after it
    r"|表\s*(?:\d+|[一二三四五六七八九十]+(?![般公]))(?:[-—－.．]\d+)?|[一二三四五六七八九十]+[、.．]|\d+[、.．]|[（(]\d+[）)]"
    r"|[（(][一二三四五六七八九十]+[）)]"
)
LABEL_ONLY = re.compile(rf"^(?:{LABEL})[：:]?$")
LEADING_LABEL = re.compile(rf"^(?:{LABEL})[：:]?\s*")

# Caption lines between a title and its grid: the money unit, the unit or department the table is of.
CAPTION = re.compile(r"(金额)?单位\s*[：:]|(编制|填报|预算|主管)?(部门|单位)(（单位）)?(名称)?\s*[：:]|^[（(]\d{4}年度?[）)]$")

# A page that lists tables (目录, 报表目录) holds no tables, even where the list is ruled.
TABLE_LIST = re.compile(r"^(报表)?目\s*录$")

# Lines that end a title band above a grid: prose, a part or chapter heading.
PROSE = re.compile(r"[。；;]|^第[一二三四五六七八九十]+部分|部分$")

# A title that only names the part of the document holding the tables (2026年部门预算表, 预算公开表).
GENERIC_TITLE = re.compile(r"(部门|单位)?(预算|决算)(公开)?(报)?表(格)?(部分)?$")

# The codes a located table gets: T01–T09 the nine standard tables (收支总表 … "三公"经费支出表), X any other.
TABLE_CODES = ("T01", "T02", "T03", "T04", "T05", "T06", "T07", "T08", "T09", "X")
# The tables whose rows are coded by 功能分类 (类/款/项), and by 经济分类 (类/款). dbt_project.yml's vars
# function_tables and economic_tables are the same lists (a test checks).
FUNCTION_TABLES = ("T03", "T05", "T07", "T08")
ECONOMIC_TABLES = ("T06",)

# Header vocabulary: the family of tables a header's words belong to. A family may hold several codes
# (by function: T03, T05, T07, T08); the title then decides among them.
HEADER_FAMILIES: list[tuple[str, tuple[str, ...], frozenset[str]]] = [
    ("performance", (r"一级指标|产出指标|效益指标", r"(二|三)级指标|数量指标|质量指标|时效指标|满意度指标"), frozenset({"P01"})),
    # a list of projects, one row each: its name, its money and its 绩效目标 (重点项目绩效目标情况)
    ("project_list", (r"^(一级|二级)?项目名称$", r"^(年度)?绩效目标$", r"^(预算数|金额|资金总额|项目总额)"), frozenset({"P01"})),
    ("three_public", (r"因公出国", r"公务接待"), frozenset({"T09"})),
    ("economic", (r"经济分类|经济科目|^30[1-9]\d{0,2}$", r"人员经费|公用经费|工资福利|商品和服务"), frozenset(ECONOMIC_TABLES)),
    ("two_sided", (r"^收\s*入$|本年收入", r"^支\s*出$|本年支出"), frozenset({"T01", "T04"})),
    ("income", (r"财政拨款收入|一般公共预算(拨款)?收入|事业收入|上年结转", r"合计|总计|小计"), frozenset({"T02"})),
    ("function", (r"功能分类|科目编码|^2\d{2}(\d{2}){0,2}$", r"基本支出|项目支出"), frozenset(FUNCTION_TABLES)),
]

# Column headers that number the rows or columns: never amounts.
LINE_NUMBER_HEADER = re.compile(r"^(行次|栏次|序号|编号|行号)$")
