"""The words and sentence patterns of the narrative: figures, changes, growth and shares, comparison
bases, outline marks, and the table words claims are matched by (data apart from the code using it)."""

from __future__ import annotations

import re

# a figure and its unit (3,623.98为万元: the 为 misplaced before the unit is read through)
# (never starting inside another number: "996.33783.56212.77万元" is a table row's figures run together)
MONEY = re.compile(r"(?<![\d.])(\d[\d,]*(?:\.\d+)?)\s*(?:为(?=万元))?(万元|亿元|元|万(?![\u4e00-\u9fff]*[人次件户个]))")
# a table's row in the text layer, not a sentence: amounts run together ("996.33783.56212.77") or three amounts
# apart only by spaces ("996.33 783.56 212.77")
TABLE_ROW = re.compile(r"\d\.\d{2}\d+\.\d{2}|(?:\d[\d,]*\.\d{2}\s+){2}\d[\d,]*\.\d{2}")
# counted things the narrative reports beside money: vehicles, equipment, and things counted in 个 (预算单位,
# 内设机构, 项目, 第三方机构; not 第 N 个, N 个月, N 个百分点)
QUANTITY = re.compile(
    r"(\d+)\s*(辆|台\s*[（(]套[）)]|台|套)"
    r"|(?<![第\d.])(\d+)\s*(个)(?!月|百分点|工作日|小时|季度)(?=[\u4e00-\u9fff“\"（(]|\s*[，,。；;、）)]|\s*$)"
)
QUANTITY_UNITS = ["辆", "台（套）", "台", "套", "个"]
PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%")
CHANGE = re.compile(
    r"(增加|减少|增长|下降|减|增|小于|大于|少于|多于)(?:上年[^，,。；\d]{0,6}?)?\s*(\d[\d,]*(?:\.\d+)?)\s*(万元|亿元|元)"
)
# words that make the figure after them a change: 比上年增加 N 万元, 本年数小于上年预算数 N 万元
_CHANGE_BEFORE = re.compile(r"(增加|减少|增长|下降)[^，,。；\d]{0,6}$|(减|增)\s*$|(小于|大于|少于|多于)(上年[^，,。；\d]{0,6}?)?\s*$")
# 增长 ending a name (支持商销稳增长 30.00万) rather than stating a change
_NAMED_GROWTH = re.compile(r"[稳促保]增长$")
# the direction each change or growth word states
_DIRECTIONS = {
    "增长": "增加", "增": "增加", "增幅": "增加", "大于": "增加", "多于": "增加",
    "下降": "减少", "减": "减少", "降幅": "减少", "减幅": "减少", "降低": "减少", "小于": "减少", "少于": "减少",
}
GROWTH = re.compile(r"(增长|下降|增加|减少|降幅|减幅|增幅|降低)\s*(?:为)?\s*(\d+(?:\.\d+)?)\s*%")
# a prior year's figure stated outright: "2023年当年预算执行数为 60.13 万元，2024年预算安排 25.77 万元"
PRIOR_LEAD = re.compile(r"(\d{4})\s*年(?:度)?(?:当年)?(?:预算)?(?:执行数|决算数|执行)\s*(?:为|是)?\s*$")
# 完成年初预算的 X%, and 完成预算 0 万元的 0% (the budget stated inside: a budget figure of its own)
COMPLETION_BUDGET_BEFORE = re.compile(r"完成(?:年初|全年|调整后)?预算(?:数)?\s*$")
COMPLETION = re.compile(r"完成(?:年初|全年|调整后)?预算(?:数)?(?:\s*\d[\d,]*(?:\.\d+)?\s*(?:万元|元))?的?\s*(?P<rate>\d+(?:\.\d+)?)\s*%")
SHARE = re.compile(r"占([^，。；%\d]{0,14}?)(?:的|比重为|比例为)?\s*(\d+(?:\.\d+)?)\s*%")
# the comparison base: 比2025年执行数, 较上年预算, 比2023年预算执行数 (groups: the year, the measure)
BASE = re.compile(r"(?:比|较|与)\s*(\d{4}\s*年|上年)[^，,。；]{0,14}?(执行数|预算数|决算数|预算|执行|决算)")
LEVELS = re.compile(r"[（(](类|款|项)[）)]")
# a name with the level it is classified at: 行政运行（项）, 维修（护）费（款） (a bracket inside the name is part
# of it unless it is a level mark)
LEVELLED_NAME = re.compile(r"((?:[^（()）]|[（(](?!类|款|项)[^（()）]*[）)])+?)\s*[（(](类|款|项)[）)]")
_LIST_MARK = re.compile(r"^[（(]\d+[）)]|^\d+[.、．](?!\d)|^[（(][一二三四五六七八九十]+[）)]|^[一二三四五六七八九十]+、")

# the words of tables, columns and subjects that claims are matched by
_THREE_PUBLIC = [
    ("因公出国", "overseas_travel"),
    ("公务用车购置及运行", "vehicle_total"),
    ("公务用车购置和运行", "vehicle_total"),
    ("公务用车购置", "vehicle_purchase"),
    ("公务用车运行", "vehicle_operation"),
    ("公务接待", "reception"),
    ("三公", "total"),
]
# column header words that say how a figure is measured, not what it is of
_HEADER_MEASURES = {"小计", "合计", "总计", "金额", "预算数", "决算数", "年初预算数", "全年预算数", "本年预算数"}
_GENERIC_HEADERS = _HEADER_MEASURES | {"支出用途", "功能分类", "经济分类", "科目名称", "项目", "本年收入", "本年支出"}
_UNIT_NAME = re.compile(
    r"^(本部门|我部门|本单位|部门|单位|(江苏)?省[^，]{1,8}?(院|厅|委员会)|上海市[^，]{2,14}?(委员会|局|办公室|处)|昆明海关(本级|机关)?)"
)
# a subject that is a table's total rather than one of its rows: 财政拨款支出, 一般公共预算财政拨款
_TOTAL_SUBJECT = re.compile(
    r"(本年|当年)?(一般公共预算|政府性基金(预算)?|国有资本经营预算)?(本年|当年)?(财政)?(拨款)?(收入|支出)?(预算)?(总计|合计)?"
)
# 人员经费 and 公用经费 (and 机关运行经费, the 公用经费 of an administrative unit) where no table prints
# them under the claim's own name: a row of that name, or the economic classes they are made of
# (工资福利支出 + 对个人和家庭的补助; 商品和服务支出, with or without 资本性支出). These can confirm a claim,
# never accuse it.
_ECONOMIC_SUMS = {"人员经费": [("301", "303")], "公用经费": [("302",), ("302", "310")]}
_SEARCH_ORDER = ["T05", "T03", "T04", "T01", "T02", "T06", "T07", "T08", "T09", "X"]
_MEASURE_WORDS = ("人员经费", "公用经费", "基本支出", "项目支出")
# Figures of the narrative that are deliberately not claims, by what they are: (the words just before,
# the words just after) the figure. Everything else is a claim or counted as unaccounted.
# a threshold after a figure (单位价值 100 万元以上), and the base of a comparison in brackets before it
# (与2016年度相比（2016年度…为 8,648.07 万元）): neither is a figure of its own
THRESHOLD_AFTER = re.compile(r"\s*(以上|以下|及以上)")
COMPARISON_BASE_BEFORE = re.compile(r"相比\s*[（(][^）)]*$")
# after a figure's rate, a second comparison of it on a base of its own (扣除中央基建后比 2025 年执行数增加 …)
SECOND_COMPARISON = re.compile(r"\d+(?:\.\d+)?\s*%\s*[，,；;]\s*([^，,。；;\d]{0,12}?)(?=(?:比|较|与)\s*(?:上年|\d{4}\s*年))")
# the figure a comparison is made with, printed inside it: "收入预算 32852.05 万元，比2025年年初预算数 30385.62
# 万元增加 2466.43 万元": the prior year's figure of the claim before it, not a claim of its own. The words
# before it name the year and its measure, and a change follows it at once; "比上年 1.43 万元，增加 0.68%"
# (a change whose verb is missing) is neither.
COMPARED_FIGURE = (
    re.compile(r"(?:比|较|与)\s*(?:上年度?|上一年度?|\d{4}\s*年度?)[^，,。；：:\d]{0,6}?(?:预算数|执行数|决算数|预算|执行|决算)\s*(?:为)?\s*$"),
    re.compile(r"\s*[，,]?\s*(?:增加|减少|增长|下降|降低|基本持平|持平|相比)"),
)
# the figure compared with, in brackets after the comparison's base: "比上年预算（上年290万元）增加42.14万元",
# "比上年预算（注：上年3,468.18万元，公开时请删除注释）减少…"
COMPARED_IN_BRACKETS = re.compile(
    r"(?:比|较|与)\s*(?:上年度?|上一年度?|\d{4}\s*年度?)[^，,。；：:\d（(]{0,8}?(?:预算数|执行数|决算数|预算|执行|决算)?\s*[（(][^）)\d]{0,12}$"
)
# the words after a figure that describe what it is for (用于…, 包括…): a change after them is not this figure's
PURPOSE_CLAUSE = re.compile(r"[，,；;]\s*(?:主要)?(?:用于|包括)")
# the words that open a breakdown of the item above (具体为：人员经费…；公用经费…)
BREAKDOWN = re.compile(r"具体为|具体包括|具体是|主要用于|主要包括|分别为|其中")
# the funds a clause may scope its figures to, and the words that name them
FUND_WORDS = ("一般公共预算", "政府性基金", "国有资本经营", "财政专户", "财政拨款")
NOT_CLAIMS = {
    "threshold": (None, THRESHOLD_AFTER),
    "target": (re.compile(r"[≥≤<>＞＜=＝]\s*$|(不低于|不高于|不少于|达到|控制在)\s*$"), None),  # 满意度≥95%
    "quota": (re.compile(r"(人均|每人|每车|每辆|标准为?|定额)\s*$"), None),  # 人均 2 万元
    "comparison_base": (COMPARISON_BASE_BEFORE, None),
    # a change or rate with no figure of this year read before it (比上年减少 1,653 万元)
    "change_without_figure": (re.compile(r"(增加|减少|增长|下降|降低|降幅|减幅|增幅|增|减)[^，,。；\d]{0,6}$"), None),
}
