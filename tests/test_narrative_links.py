"""How strongly a claim is linked to its cell, on sentences printed in the corpus (quoted with their
source) and tables shaped like theirs: only a strong link may fail a claim; a weak one may confirm it."""

from decimal import Decimal

from pipelines.extract.narrative import Claim, extract_claims, link_claims
from pipelines.extract.narrative.linking import _strength
from pipelines.extract.read.pdf import PageText


def _claims(*lines: str) -> list[Claim]:
    tops = [800.0 - 30 * i for i in range(len(lines))]
    return extract_claims([PageText(1, "\n".join(lines), list(zip(lines, tops)), 595.0, 842.0)], {})


def _cells(table_seq: int, code: str, rows: list[tuple[str | None, str, str, str]], column: str = "合计") -> list[dict]:
    """One amount column of a table: (subject code, row label, row role, amount in 万元) per row."""
    return [
        {"table_seq": table_seq, "table_code": code, "row_number": n, "column_index": 1, "side": 1, "column_path": column,
         "subject_code": subject, "row_label": label, "row_role": role, "amount_yuan": Decimal(amount) * 10000}
        for n, (subject, label, role, amount) in enumerate(rows, start=1)
    ]


GENERAL_BUDGET = [(None, "合计", "total", "2940.05"), ("201", "一般公共服务支出", "subject", "2106.66"),
                  ("20101", "人大事务", "subject", "300.00"), ("2010101", "行政运行", "subject", "51.32")]
TABLES = [{"table_seq": 5, "table_code": "T05", "table_title": "一般公共预算财政拨款支出决算表"}]


def test_an_item_sentence_is_linked_strongly_to_its_item_row():
    # the shape of a final account's 项 sentences: "行政运行（项）支出决算为 51.32 万元"
    claims = _claims("五、一般公共预算财政拨款支出决算情况说明", "人大事务（款）行政运行（项）支出决算为51.32万元。")
    (link,) = link_claims(claims, _cells(5, "T05", GENERAL_BUDGET), TABLES, "final_accounts")
    assert (link["link_subject_code"], link["link_strategy"], link["link_strength"]) == ("2010101", "subject_row", "strong")


def test_an_item_sentence_is_never_held_against_a_total():
    claims = _claims("五、一般公共预算财政拨款支出决算情况说明", "人大事务（款）行政运行（项）支出决算为51.32万元。")
    (claim,) = claims
    total = _cells(5, "T05", GENERAL_BUDGET)[0]
    assert _strength(claim, total, "named_cell_titled", ["T05"], {5: "T05"}, "一般公共预算财政拨款支出决算表") == "weak"


def _claim(subject: str, section: str, lead: str = "") -> Claim:
    return Claim(1, 27, section, "", subject, "2,776.85", "万元", None, None, None, None, None, lead=lead)


def test_a_measure_the_cell_does_not_name_is_a_weak_link():
    # 烟台审计局 2026 p.27: "基本支出 2,776.85 万元" against the 收支总体情况表's 支出总计
    claim = _claim("基本支出", "二、收支预算总体情况")
    grand = {"table_seq": 1, "row_label": "支出总计", "column_path": "支出/预算数", "subject_code": None}
    basic = {"table_seq": 1, "row_label": "一、基本支出", "column_path": "支出/预算数", "subject_code": None}
    assert _strength(claim, grand, "summary_total", ["T01"], {1: "T01"}, "收支总体情况表") == "weak"
    assert _strength(claim, basic, "summary_row", ["T01"], {1: "T01"}, "收支总体情况表") == "strong"


def test_a_fund_the_cell_does_not_name_is_a_weak_link():
    # 苏州市自然资源和规划局 2026 p.40: the 财政拨款 section's 项 sentences against the 支出总表 (all funds)
    claim = _claim("住房改革支出（款）住房公积金（项）支出", "五、财政拨款支出预算情况说明")
    row = {"table_seq": 3, "row_label": "住房公积金", "column_path": "合计", "subject_code": "2210201"}
    assert _strength(claim, row, "subject_row", ["T03"], {3: "T03"}, "支出总表") == "weak"
    assert _strength(claim, {**row, "table_seq": 5}, "subject_row", ["T05"], {5: "T05"}, "一般公共预算支出表") == "strong"
    # 佛山轨道交通局 2019 p.28: "政府性基金预算支出0万元" against the 支出决算表's 合计
    fund = _claim("政府性基金预算支出", "（二）政府采购支出情况说明")
    total = {"table_seq": 3, "row_label": "合计", "column_path": "本年支出合计", "subject_code": None}
    assert _strength(fund, total, "measure_total", ["T03"], {3: "T03"}, "支出决算表") == "weak"


def test_a_fall_stated_as_a_reduction_rate_goes_with_its_own_change():
    # 国家信访局 2026 p.20: the second rate belongs to the change after 扣除中央基建后, a claim of its own
    claim, after_deduction = _claims(
        "五、关于一般公共预算支出表的说明",
        "国家信访局2026年一般公共预算当年财政拨款16,474.82万元,比2025年执行数减少20,766.6万元，减幅55.76%，"
        "扣除中央基建后比2025年执行数增加2,775.6万元，增幅20.26%。",
    )
    assert (claim.change, claim.direction, claim.percent) == ("20,766.6", "减少", "55.76")
    assert (after_deduction.change, after_deduction.direction, after_deduction.percent) == ("2,775.6", "增加", "20.26")


def test_a_share_is_strongly_of_the_total_its_own_sentence_opens_with():
    # 上海市普陀区财政局2024年度部门决算 p.21
    section = "五、一般公共预算财政拨款支出决算情况说明"
    same = _claims(section, "一般公共预算财政拨款支出2940.05万元，主要用于以下方面：一般公共服务支出（类）2106.66万元，占71.73%；")
    apart = _claims(section, "一般公共预算财政拨款支出2940.05万元。", "一般公共服务支出（类）2106.66万元，占71.73%。")
    for claims, strength in ((same, "strong"), (apart, "weak")):
        share = link_claims(claims, [], TABLES, "final_accounts")[1]
        assert (share["share_base_claim_no"], share["share_base_strength"]) == (1, strength)


def test_a_name_with_a_bracket_of_its_own_is_linked_by_the_whole_name():
    # 江苏省政协办公厅 2017 p.12: "（6）维修（护）费（款）支出100万元" is the 30213 维修（护）费 row, not 30201 办公费
    claims = _claims("六、财政拨款基本支出预算表情况说明", "（6）维修（护）费（款）支出100万元。")
    rows = [(None, "合计", "total", "5836.27"), ("30201", "办公费", "subject", "110.00"),
            ("30213", "维修（护）费", "subject", "100.00")]
    tables = [{"table_seq": 6, "table_code": "X", "table_title": "财政拨款基本支出预算表"}]
    (link,) = link_claims(claims, _cells(6, "X", rows, "金额"), tables, "budget")
    assert (link["link_subject_code"], link["link_strength"]) == ("30213", "strong")


def test_administrative_running_costs_are_only_weakly_the_public_funds_column():
    # 北京市审计局 2026 附件1 p.9: 机关运行经费 1637.76 is the 公用经费 of the administrative units only; the
    # 一般公共预算支出表's 公用经费 total 1,672.857085 also holds a public institution's
    claim = _claim("北京市审计局机关运行经费财政拨款", "六、机关运行经费情况")
    total = {"table_seq": 5, "row_label": "合计", "column_path": "预算数/基本支出/公用经费", "subject_code": None}
    assert _strength(claim, total, "measure_total", ["T05"], {5: "T05"}, "一般公共预算支出表") == "weak"
    titled = {"table_seq": 10, "row_label": "合计", "column_path": "机关运行经费支出", "subject_code": None}
    assert _strength(claim, titled, "named_cell_titled", ["X10"], {10: "X"}, "一般公共预算机关运行经费支出预算表") == "strong"


SUMMARY = [(None, "一、一般公共预算财政拨款收入", "item", "1668.14"), (None, "本年收入合计", "total", "1668.14"),
           (None, "总计", "total", "1668.14")]
EXPENDITURE = [(None, "合计", "total", "746.39")]


def test_a_total_income_is_the_summarys_grand_total():
    # 佛山市轨道交通局 2019 决算 p.24: "佛山市轨道交通局2019年度总收入1668.14万元"
    claims = _claims("一、收入支出决算总体情况说明", "佛山市轨道交通局2019年度总收入1668.14万元，其中本年收入1668.14万元。")
    tables = [{"table_seq": 1, "table_code": "T01", "table_title": "收入支出决算总表"}]
    total, this_year = link_claims(claims, _cells(1, "T01", SUMMARY, "收入/决算数"), tables, "final_accounts")
    assert (total["link_row_number"], total["link_strategy"], total["link_strength"]) == (3, "summary_total", "strong")
    assert (this_year["link_row_number"], this_year["link_strategy"]) == (2, "summary_total")


def test_an_expenditure_the_summary_does_not_print_is_weakly_the_expenditure_tables():
    # 佛山市轨道交通局 2019 决算 p.25, under 收入支出决算总体情况说明: "1.基本支出746.39万元"
    claims = _claims("一、收入支出决算总体情况说明", "1.基本支出746.39万元，我局为2019年新成立单位，无2018年决算数。")
    tables = [{"table_seq": 1, "table_code": "T01", "table_title": "收入支出决算总表"},
              {"table_seq": 3, "table_code": "T03", "table_title": "支出决算表"}]
    cells = _cells(1, "T01", SUMMARY, "收入/决算数") + _cells(3, "T03", EXPENDITURE, "基本支出")
    (link,) = link_claims(claims, cells, tables, "final_accounts")
    assert (link["link_table_code"], link["link_strategy"], link["link_strength"]) == ("T03", "expenditure_table", "weak")


def test_a_table_the_claims_words_name_by_title_is_read_where_the_section_names_none():
    # 北京市审计局 2026 附件1 p.9 under 五、其他情况说明, against 附件2's 政府采购预算明细表 (rows A-货物, C-服务, 合计)
    claims = _claims("五、其他情况说明", "2026年北京市审计局政府采购预算总额4988.73万元，其中：政府采购货物预算238.78万元。")
    rows = [(None, "A-货物", "item", "238.779600"), (None, "C-服务", "item", "4749.949530"), (None, "合计", "total", "4988.729130")]
    tables = [{"table_seq": 10, "table_code": "X", "table_title": "政府采购预算明细表"}]
    total, goods = link_claims(claims, _cells(10, "X", rows, "金额"), tables, "budget")
    assert (total["link_row_number"], total["link_strategy"]) == (3, "named_cell_titled")
    assert (goods["link_row_number"], goods["link_strategy"]) == (1, "named_cell_titled")


def test_a_fund_total_the_summary_does_not_print_is_weakly_the_fund_summarys():
    # 北京市审计局 2026 附件1 p.6 under 二、收入预算情况说明: "（一）本年财政拨款收入32365.09万元"; the 收支总表 prints
    # only all funds' 收入总计 (32,852.05), the 财政拨款收支总表 its 本年收入合计
    claims = _claims("二、收入预算情况说明", "（一）本年财政拨款收入32365.09万元")
    summary = [(None, "一、一般公共预算拨款收入", "item", "32365.090089"), (None, "收入总计", "total", "32852.053832")]
    fund = [(None, "一、一般公共预算资金", "item", "32365.090089"), (None, "本年收入合计", "total", "32365.090089")]
    tables = [{"table_seq": 1, "table_code": "T01", "table_title": "收支总表"},
              {"table_seq": 4, "table_code": "T04", "table_title": "财政拨款收支总表"}]
    (link,) = link_claims(claims, _cells(1, "T01", summary, "收入/预算数") + _cells(4, "T04", fund, "收入/预算数"), tables, "budget")
    assert (link["link_table_code"], link["link_row_number"], link["link_strategy"], link["link_strength"]) == (
        "T04", 2, "fund_summary_total", "weak")


def test_the_publishers_own_name_before_a_subject_says_nothing_of_the_cell():
    # 国家信访局 2026 p.18: "2026 年国家信访局支出预算总计 50,616.94 万元" is the 部门支出总表's 合计
    claims = _claims("三、关于部门支出总表的说明", "2026 年国家信访局支出预算总计 50,616.94 万元。")
    rows = [(None, "合计", "total", "50616.94"), ("201", "一般公共服务支出", "subject", "48000.00")]
    tables = [{"table_seq": 3, "table_code": "T03", "table_title": "部门支出总表"}]
    (link,) = link_claims(claims, _cells(3, "T03", rows), tables, "budget", unit_name="国家信访局")
    assert (link["link_row_number"], link["link_strategy"], link["link_strength"]) == (1, "measure_total", "strong")
    assert claims[0].subject_text.startswith("国家信访局")  # the claim keeps its words as printed
