"""The sentence patterns of the narrative as one ordered table, each with a sentence printed in a real
disclosure that it reads (tests/test_narrative_patterns.py runs every example).

The order is the order the reader asks of each figure: is it a figure at all, is it a figure of its own
(not a change, a threshold, a comparison's base or figure, a prior year read with the next), what do
the words after it state (change, growth, completion, share, base), and what do the words before it
name (a 类/款/项, an outline item). The patterns themselves live in vocabulary.py, where the code uses
them; this table is what a reviewer reads to see what the reader knows.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import vocabulary as v


@dataclass(frozen=True)
class SentencePattern:
    name: str
    pattern: object  # a compiled pattern; for a (before, after) pair, the words before the figure
    example: str  # the text the pattern is applied to, as printed
    source: str  # the disclosure and page it is printed on
    reads: str  # what the pattern finds in the example


SENTENCE_PATTERNS: tuple[SentencePattern, ...] = (
    # 1. the figures: money, counts, percentages
    SentencePattern("money", v.MONEY, "2026 年国家信访局收入预算总计 50,616.94 万元", "国家信访局 2026 p.17", "50,616.94 万元"),
    SentencePattern("money_short_unit", v.MONEY, "支持外贸发展370.00万，支持商销稳增长30.00万", "上海市普陀区商务委员会 2025 p.26",
                    "370.00万"),
    SentencePattern("count", v.QUANTITY, "国家信访局下设1个预算单位，为国家信访局本级。", "国家信访局 2026 p.4", "1个"),
    SentencePattern("count_of_vehicles", v.QUANTITY, "本部门共有车辆0辆，其中，岗位保障用车0辆", "佛山市轨道交通局 2019 p.28", "0辆"),
    SentencePattern("percent", v.PERCENT, "增长 8.12%。", "北京市审计局 2026 附件1 p.6", "8.12%"),
    # 2. figures that are not claims of their own (the words before or after them)
    SentencePattern("change_before", v._CHANGE_BEFORE, "这一因素较上年减少部门支出 ", "江苏省人民检察院 2018 p.23", "减少部门支出 "),
    SentencePattern("threshold_after", v.THRESHOLD_AFTER, " 以上设备0台（套）", "佛山市轨道交通局 2019 p.28", " 以上"),
    SentencePattern("comparison_base_in_brackets", v.COMPARISON_BASE_BEFORE, "2017年度部门支出预算安排与2016年度相比（2016年度部门支出预算安排为",
                    "江苏省政协办公厅 2017 p.6", "相比（2016年度部门支出预算安排为"),
    SentencePattern("compared_figure", v.COMPARED_FIGURE[0], "2026年度收入预算32852.05万元，比2025年年初预算数",
                    "北京市审计局 2026 附件1 p.6", "比2025年年初预算数"),
    SentencePattern("prior_year_stated", v.PRIOR_LEAD, "主要用于住房公积金。2023年当年预算执行数为", "上海市普陀区万里街道 2024 p.9",
                    "2023年当年预算执行数为"),
    SentencePattern("named_growth", v._NAMED_GROWTH, "支持商销稳增长", "上海市普陀区商务委员会 2025 p.26", "稳增长"),
    # 3. what the words after a figure state about it
    SentencePattern("change", v.CHANGE, "，比 2025 年执行数减少 20,766.6 万元，减幅55.76%", "国家信访局 2026 p.20",
                    "减少 20,766.6 万元"),
    SentencePattern("growth", v.GROWTH, "，比上年增加172.97万元，增长2.94%，主要原因是", "福州市公安局文职人员管理中心 2026 p.20", "增长2.94%"),
    SentencePattern("reduction_rate", v.GROWTH, "减少 20,766.6 万元，减幅55.76%", "国家信访局 2026 p.20", "减幅55.76%"),
    SentencePattern("completion", v.COMPLETION, "支出决算为0.16万元，完成预算0万元的0%", "佛山市轨道交通局 2019 p.26", "完成预算0万元的0%"),
    SentencePattern("share", v.SHARE, "，占本年支出合计的 99.92 %", "江苏省人民检察院 2017 p.20", "占本年支出合计的 99.92 %"),
    SentencePattern("comparison_base", v.BASE, "，比2025年执行数增加1810.7万元", "昆明海关本级 2026", "比2025年执行数"),
    # 4. what the words before a figure name
    SentencePattern("levelled_name", v.LEVELLED_NAME, "（6）维修（护）费（款）支出100万元", "江苏省政协办公厅 2017 p.12",
                    "（6）维修（护）费（款）"),
    SentencePattern("outline_mark", v._LIST_MARK, "（一）因公出国（境）费用。", "北京市审计局 2026 附件1 p.8", "（一）"),
    # 5. figures named as deliberately not claims (NOT_CLAIMS)
    SentencePattern("target", v.NOT_CLAIMS["target"][0], "审计质量检查成果上会通过率 ＝ ", "北京市审计局 2026 附件2 p.20", "＝ "),
    SentencePattern("quota", v.NOT_CLAIMS["quota"][0], "差旅住宿费人均 ", "constructed: no corpus narrative states a per-head quota",
                    "人均 "),
    SentencePattern("change_without_figure", v.NOT_CLAIMS["change_without_figure"][0], "主要原因是基本支出增加 ",
                    "江苏省高级人民法院 2017 p.21", "增加 "),
)
