"""How narrative sentences become claims and which table a section speaks of, on sentences and titles
printed in the corpus (quoted with their source), so that they run where the corpus is absent."""

from pipelines.extract.narrative import extract_claims, narrative_text
from pipelines.extract.narrative.subjects import _titled_table
from pipelines.extract.read.pdf import PageText


def _page(*lines: str, number: int = 1) -> PageText:
    tops = [800.0 - 30 * i for i in range(len(lines))]
    return PageText(number, "\n".join(lines), list(zip(lines, tops)), 595.0, 842.0)


def _claims(*lines: str):
    return extract_claims([_page(*lines)], {})


def test_a_change_sentence_speaks_of_the_figure_before_it():
    # 2017年省检察院部门预算 p.20
    claims = _claims(
        "五、财政拨款支出预算表情况说明",
        "省检察院 2017 年财政拨款预算支出 17981.68 万元， 占本年支出合计的 99.92 %。与上年相比，财政拨款支出",
        "增加 1454.35 万元，增长 8.8 %。",
    )
    share, growth = claims
    assert (share.amount, share.percent_kind, share.percent, share.share_of) == ("17981.68", "share", "99.92", "本年支出合计")
    assert (growth.amount, growth.change, growth.direction, growth.percent, growth.percent_kind) == (
        "17981.68", "1454.35", "增加", "8.8", "growth")
    assert growth.subject_text == share.subject_text


def test_a_prior_years_figure_stated_outright_goes_with_this_years():
    # 上海市普陀区人民政府万里街道办事处24年预算 p.9
    claims = _claims(
        "2024年部门预算编制说明",
        "31. “住房保障支出（类）住房改革支出（款）住房公积金（项）”350.35万元，主要用于住房公积金。2023年当年预算执行数为",
        "348.52万元，2024年预算安排352.67万元，比2023年预算执行数增加0.53%。主要原因是：住房公积金经费增加。",
    )
    assert [c.amount for c in claims] == ["350.35", "352.67"]  # 348.52 is the prior year, not a claim of its own
    restated = claims[1]
    assert (restated.prior, restated.direction, restated.percent, restated.percent_kind) == ("348.52", "增加", "0.53", "growth")
    assert restated.subject_text == claims[0].subject_text  # the 项 the sentence before named
    assert claims[0].section == "2024年部门预算编制说明"


def test_the_base_of_a_comparison_in_brackets_is_not_a_claim():
    # 江苏省政协办公厅2017年度部门预算 p.6
    claims = _claims("2017年度部门支出预算安排与2016年度相比（2016年度部门支出预算安排为8,648.07万元），增加498.72万元，增长5.77%。")
    assert [c.amount for c in claims] == []


def test_the_figure_a_comparison_is_made_with_is_the_prior_year_of_the_claim_before_it():
    # 北京市审计局2026年度部门预算情况说明 p.6
    (claim,) = _claims("2026年度收入预算32852.05万元，比2025年年初预算数30385.62万元增加2466.43万元，增长8.12%。")
    assert (claim.amount, claim.prior, claim.change, claim.direction, claim.percent, claim.percent_kind) == (
        "32852.05", "30385.62", "2466.43", "增加", "8.12", "growth")
    # 烟台市审计局 2026 p.28: the verb of the change is missing, so 1.43 is not read as the prior year's figure
    first, second = _claims("2026年本单位机关运行经费安排210.32万元，比上年1.43万元，增加0.68%。")
    assert (first.amount, first.prior, first.change, first.percent) == ("210.32", None, None, None)
    assert second.amount == "1.43"


def test_things_counted_in_ge_are_claims_and_ordinals_months_and_points_are_not():
    # 佛山市轨道交通局 2019 决算 p.28; 国家信访局 2026 p.4
    claims = _claims("其中，对 0个项目分别委托 0 个第三方机构开展绩效评价。", "国家信访局下设1个预算单位，为国家信访局本级。",
                     "第3个项目实施周期为6个月，比上年下降2个百分点。")
    assert [(c.amount, c.unit) for c in claims] == [("0", "个"), ("0", "个"), ("1", "个")]


def test_a_completion_rate_may_state_its_budget_inside():
    # 佛山市轨道交通局 2019 决算 p.26: the 0 is the 预算 of the figure before it, not a claim about 完成
    first, budget = _claims("佛山市轨道交通局2019年度“三公”经费财政拨款支出决算为0.16万元，完成预算0万元的0%。")
    assert (first.amount, first.percent, first.percent_kind) == ("0.16", "0", "completion")
    assert (budget.amount, budget.budget_figure, budget.subject_text) == ("0", True, first.subject_text)


def test_a_figure_whose_own_words_name_nothing_is_of_the_clause_before():
    # 国家信访局 2026 p.19
    (claim,) = _claims("按照支出功能分类，其他信访事务方面的支出规模较大，主要是2014099其他信访事务支出，2026 年预算数为 3,623.98 万元，占部门支出总额的22.00%。")
    assert "2014099其他信访事务支出" in claim.subject_text


def test_a_figure_compared_twice_is_two_claims_each_on_its_own_base():
    # 国家信访局 2026 p.20
    first, second = _claims("国家信访局 2026 年一般公共预算当年财政拨款16,474.82 万元, 比 2025 年执行数减少 20,766.6 万元，"
                            "减幅55.76%，扣除中央基建后比 2025 年执行数增加 2,775.6 万元，增幅 20.26%。")
    assert (first.amount, first.change, first.direction, first.percent) == ("16,474.82", "20,766.6", "减少", "55.76")
    assert (second.amount, second.change, second.direction, second.percent) == ("16,474.82", "2,775.6", "增加", "20.26")
    assert second.base.startswith("扣除中央基建后")


def test_a_unit_misplaced_after_its_verb_is_read_through():
    # 国家信访局 2026 p.19 prints "2026年预算数3,623.98为万元"
    (claim,) = _claims("2014099 其他信访事务支出，2026年预算数3,623.98为万元，比2025年执行减少21,519.26万元，减少 85.59%。")
    assert (claim.amount, claim.unit, claim.change, claim.percent) == ("3,623.98", "万元", "21,519.26", "85.59")


def test_a_name_ending_in_growth_is_not_a_change():
    # 上海市普陀区商务委员会25年预算 p.26
    claims = _claims("2025年度项目总预算2921.00万，其中支持外贸发展370.00万，支持商销稳增长30.00万，区级支持总部经济1106.00万。")
    assert [c.amount for c in claims] == ["2921.00", "370.00", "30.00", "1106.00"]
    assert all(c.unit == "万元" for c in claims)


def test_a_heading_joined_to_the_line_before_and_wrapped_is_read_whole():
    # 2017年省检察院部门预算 p.22: the text layer joins the heading to the previous line, and it wraps
    _, _, _, headings = narrative_text([_page(
        "十、一般公共预算机关运行经费支出预算表情况说明",
        "入机关运行费支出中，上年项目中的上述费用未纳入统计。 十一、一般公共预算“三公”经费、会议费、培训费支",
        "出预算表情况说明",
        "2017 年度一般公共预算拨款安排的“三公”经费预算支出中，因公出国（境）费支出 110 万元。",
    )], {})
    assert [h for _, h in headings] == [
        "十、一般公共预算机关运行经费支出预算表情况说明",
        "十一、一般公共预算“三公”经费、会议费、培训费支出预算表情况说明",
    ]


def test_a_completion_rate_is_read_against_the_budget_beside_it():
    # 上海市普陀区财政局2024年度部门决算 p.21
    claims = _claims("一般公共预算财政拨款支出年初预算为2993.92万元，支出决算为2940.05万元，完成年初预算的98.20%。")
    budget, actual = claims
    assert budget.budget_figure and not actual.budget_figure
    assert (actual.amount, actual.percent, actual.percent_kind) == ("2940.05", "98.20", "completion")
    assert budget.subject_text == actual.subject_text == "一般公共预算财政拨款支出"


def test_a_section_heading_names_its_table_by_title():
    # titles and headings of 2017年省检察院部门预算, and 上海市普陀区商务委员会25年预算's 三公 table
    tables = [
        {"table_seq": 1, "table_title": "收支预算总表"},
        {"table_seq": 3, "table_title": "支出预算总表"},
        {"table_seq": 5, "table_title": "财政拨款支出预算表"},
        {"table_seq": 6, "table_title": "财政拨款基本支出预算表"},
        {"table_seq": 8, "table_title": "一般公共预算支出预算表"},
        {"table_seq": 12, "table_title": "政府采购支出预算表"},
        {"table_seq": 21, "table_title": "2025年部门“三公”经费和机关运行经费预算表"},
    ]
    assert _titled_table("五、财政拨款支出预算表情况说明", tables) == 5
    assert _titled_table("六、财政拨款基本支出预算表情况说明", tables) == 6
    assert _titled_table("十二、2017 年部门政府采购预算表情况说明", tables) == 12  # read without 支出
    assert _titled_table("三、支出预算情况说明", tables) == 3  # the shortest title holding the heading
    assert _titled_table("二、机关运行经费预算", tables) == 21
    assert _titled_table("四、绩效目标设置情况", tables) is None


def test_a_three_public_item_is_read_from_its_own_column():
    from pipelines.extract.narrative.cells import _for_figure, _three_public_column

    # 2017年省检察院部门预算 p.16: 合计 there also holds 会议费 and 培训费
    jiangsu = {0: "合计", 1: "“三公”经费/小计", 2: "“三公”经费/因公出国（境）费",
               3: "“三公”经费/公务用车购置及运行维护费/小计", 4: "“三公”经费/公务用车购置及运行维护费/公务用车购置费",
               5: "“三公”经费/公务用车购置及运行维护费/公务用车运行维护费", 6: "“三公”经费/公务接待费", 7: "会议费", 8: "培训费"}
    assert [_three_public_column(jiangsu, item) for item in
            ("total", "overseas_travel", "vehicle_total", "vehicle_purchase", "vehicle_operation", "reception")] == [1, 2, 3, 4, 5, 6]
    # 上海市普陀区财政局2024年度部门决算 p.18: 预算数 and 决算数 side by side
    final = {0: "财政拨款“三公”经费/合计/预算数", 1: "财政拨款“三公”经费/合计/决算数",
             10: "财政拨款“三公”经费/公务接待费/预算数", 11: "财政拨款“三公”经费/公务接待费/决算数"}
    assert _three_public_column(_for_figure(final, False, "final_accounts"), "total") == 1
    assert _three_public_column(_for_figure(final, True, "final_accounts"), "reception") == 10  # a 年初预算


def test_personnel_costs_by_economic_class_confirm_and_never_accuse():
    from decimal import Decimal

    from pipelines.extract.narrative import Claim
    from pipelines.extract.narrative.cells import _economic_sum

    # 2017年省检察院部门预算 p.12-13, 财政拨款基本支出预算表 (万元): no 人员经费 line is printed
    rows = [
        {"side": 1, "column_index": 2, "row_number": n, "subject_code": code, "row_label": label, "amount_yuan": Decimal(v) * 10000}
        for n, code, label, v in [(2, "301", "工资福利支出", "5343.83"), (14, "302", "商品和服务支出", "2598.06"),
                                  (24, "303", "对个人和家庭的补助", "4366.59")]
    ]

    def claim(subject, amount):
        return Claim(1, 20, "六、财政拨款基本支出预算表情况说明", "", subject, amount, "万元", None, None, None, None, None)

    assert [p["subject_code"] for p in _economic_sum(claim("人员经费", "9710.42"), rows)] == ["301", "303"]
    assert [p["subject_code"] for p in _economic_sum(claim("公用经费", "2598.06"), rows)] == ["302"]
    assert _economic_sum(claim("人员经费", "9700.42"), rows) is None  # a sum that disagrees links nothing


def test_a_share_of_a_total_stated_before_is_read_against_that_claim():
    from pipelines.extract.narrative import link_claims

    # the shape of the sample's 三公 section: the total stated, then an item's share of it
    claims = _claims(
        "一、2025年“三公”经费预算情况说明",
        "2025年“三公”经费预算数为146.04万元。其中：因公出国（境）费20.00万元，占“三公”经费的13.69%。",
    )
    assert [(c.amount, c.share_of) for c in claims] == [("146.04", None), ("20.00", "“三公”经费")]
    assert link_claims(claims, [], [])[1]["share_base_claim_no"] == 1


def test_every_figure_of_the_narrative_is_a_claim_or_named_as_not_one():
    from pipelines.extract.narrative import read_narrative

    lines = (
        "十一、一般公共预算“三公”经费、会议费、培训费支出预算表情况说明",
        # 2017年省检察院部门预算 p.22
        "因公出国（境）费支出110万元，占“三公”经费的18.85%。",
        "与上年相比，财政拨款支出增加1454.35万元，增长8.8%。",
        # the shapes of 国有资产占用情况 and 绩效目标 lines: a threshold and a target
        "单位价值100万元以上大型设备0台（套）。",
        "社会公众满意度≥95%。",
    )
    claims, figures = read_narrative([_page(*lines)], {})
    # the change sentence speaks of the figure before it; 0 台（套） is a count
    assert [(c.amount, c.unit) for c in claims] == [("110", "万元"), ("110", "万元"), ("0", "台（套）")]
    assert figures == {"claimed": 4, "threshold": 1, "target": 1}  # money figures and percentages
