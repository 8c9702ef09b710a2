"""What a narrative figure is about and how certainly it is linked: the item, chain and fund it sits under,
and the readings that may only confirm it. Sentences as printed in real disclosures (quoted with their
source), tables shaped like theirs; a figure that can be read two ways fails only where both disagree."""

from decimal import Decimal

from pipelines.extract.narrative import Claim, extract_claims, link_claims
from pipelines.extract.read.pdf import PageText


def _claims(*lines: str) -> list[Claim]:
    tops = [800.0 - 30 * i for i in range(len(lines))]
    return extract_claims([PageText(1, "\n".join(lines), list(zip(lines, tops)), 595.0, 842.0)], {})


def _cells(table_seq: int, code: str, rows: list[tuple], column: str = "合计", side: int = 1) -> list[dict]:
    """One amount column of a table: (subject code, row label, row role, amount in 万元 or None) per row."""
    return [
        {"table_seq": table_seq, "table_code": code, "row_number": n, "column_index": 1, "side": side, "column_path": column,
         "subject_code": subject, "row_label": label, "row_role": role,
         "amount_yuan": None if amount is None else Decimal(amount) * 10000}
        for n, (subject, label, role, amount) in enumerate(rows, start=1)
    ]


def _agrees(link: dict, cells: list[dict], stated: str) -> bool:
    cell = next(c for c in cells if c["table_seq"] == link["link_table_seq"] and c["row_number"] == link["link_row_number"]
                and c["column_index"] == link["link_column_index"])
    return cell["amount_yuan"] == Decimal(stated) * 10000


# the national 决算 template's 项 items: the chain on a line of its own, a stray "。" line, then the figures
NATIONAL_ITEM = ("五、一般公共预算财政拨款支出决算情况说明", "1、一般公共服务支出（类）社会工作事务（款）行政运行（项）", "。",
                 "主要用于：机关基本运行。全年预算为 52.00 万元，支出决算为 51.32 万元，完成全年预算的98.7%。")
FINAL_TABLES = [{"table_seq": 5, "table_code": "T05", "table_title": "一般公共预算财政拨款支出决算表"}]


def test_a_figure_whose_words_name_nothing_is_of_the_chain_above_it_across_a_stray_line():
    budget, actual = _claims(*NATIONAL_ITEM)
    chain = "一般公共服务支出（类）社会工作事务（款）行政运行（项）"
    assert (budget.subject_text, budget.budget_figure) == (chain, True)
    assert (actual.subject_text, actual.amount, actual.percent_kind, actual.percent) == (chain, "51.32", "completion", "98.7")


def test_an_item_figure_is_its_rows_by_its_whole_path_and_never_the_total():
    rows = [(None, "合计", "total", "307.82"), ("201", "一般公共服务支出", "subject", "120.00"),
            ("20111", "社会工作事务", "subject", "60.00"), ("2011101", "行政运行", "subject", "51.32"),
            ("208", "社会保障和就业支出", "subject", "80.00"), ("20802", "民政管理事务", "subject", "40.00"),
            ("2080201", "行政运行", "subject", "30.00")]
    link = link_claims(_claims(*NATIONAL_ITEM), _cells(5, "T05", rows), FINAL_TABLES, "final_accounts")[1]
    assert (link["link_subject_code"], link["link_matched"], link["link_strength"]) == ("2011101", "name_path", "strong")
    # the same item where the table prints 行政运行 only under another 类/款: a name alone, which may not accuse
    other = [r for r in rows if not r[0] or r[0].startswith("208")]
    link = link_claims(_claims(*NATIONAL_ITEM), _cells(5, "T05", other), FINAL_TABLES, "final_accounts")[1]
    assert link["link_subject_code"] != rows[0][0] and link["link_strength"] != "strong"


def test_a_figure_of_no_subject_is_never_the_departments_total():
    claims = _claims("五、一般公共预算财政拨款支出决算情况说明", "全年预算为 52.00 万元，支出决算为 51.32 万元。")
    links = link_claims(claims, _cells(5, "T05", [(None, "合计", "total", "307.82")]), FINAL_TABLES, "final_accounts")
    assert all(link["link_strength"] != "strong" for link in links)


SUMMARY_TABLES = [{"table_seq": 1, "table_code": "T01", "table_title": "收支总表"},
                  {"table_seq": 3, "table_code": "T03", "table_title": "支出总表"}]


def test_a_group_of_incomes_is_not_the_row_whose_name_it_shares_a_word_with():
    # 北京市公安局 2026 附件1 p.5: "（二）本年其他资金收入 2938.74 万元" heads 4.财政专户管理资金收入 … 9.其他收入 2428.74
    claims = _claims("二、收入预算情况说明", "（二）本年其他资金收入 2938.74 万元", "5.事业收入 510 万元。", "9.其他收入 2428.74 万元。")
    rows = [(None, "一、一般公共预算拨款收入", "item", "841579.92"), (None, "五、事业收入", "item", "510"),
            (None, "九、其他收入", "item", "2428.74"), (None, "收入总计", "total", "866561.92")]
    group, business, other = link_claims(claims, _cells(1, "T01", rows, "收入/预算数"), SUMMARY_TABLES, "budget")
    assert (group["link_row_number"], group["link_matched"], group["link_strength"]) == (3, "name", "weak")
    assert (other["link_row_number"], other["link_strategy"], other["link_strength"]) == (3, "summary_row", "strong")
    assert business["link_strength"] == "strong"


def test_a_bare_total_fits_this_years_total_and_the_grand_total():
    # 北京市公安局交通管理局 2026 附件1 p.5: "2026 年支出预算 529260.34 万元" = 基本 376567.92 + 项目 138255.42 +
    # 年终结转结余 14437: the 收支总表's 支出总计, not the 支出总表's 合计 (514823.34)
    claims = _claims("三、支出预算情况说明", "2026 年支出预算 529260.34 万元，比 2025 年年初预算数 547012.85 万元减少 17752.51 万元，下降 3.25%。")
    summary = _cells(1, "T01", [(None, "本年支出合计", "total", "514823.34"), (None, "年终结转结余", "item", "14437"),
                                (None, "支出总计", "total", "529260.34")], "支出/预算数", side=2)
    cells = summary + _cells(3, "T03", [(None, "合计", "total", "514823.34")])
    (link,) = link_claims(claims, cells, SUMMARY_TABLES, "budget")
    assert _agrees(link, cells, "529260.34")
    # 福州市公安局交通管理支队 2026 p.20: "收入预算为61764.88万元" = 本年收入合计 53764.88 + 上年结转结余 8000 (收入合计)
    claims = _claims("一、预算收支总体情况", "2026年,福州市公安局交通管理支队收入预算为61764.88万元，比上年增加8649.85万元，增长16.29%。")
    rows = [(None, "本年收入合计", "total", "53764.88"), (None, "上年结转结余", "item", "8000.00"), (None, "收入合计", "total", "61764.88")]
    cells = _cells(1, "T01", rows, "收入/预算数")
    (link,) = link_claims(claims, cells, SUMMARY_TABLES, "budget", unit_name="福州市公安局交通管理支队")
    assert _agrees(link, cells, "61764.88")
    # where neither fits, the figure is held against them: 烟台市发展和改革委员会 2026 p.29 states 支出预算 11,380.57
    # beside a 收支总体情况表 whose totals are 11,174.30
    claims = _claims("一、预算收支增减变化情况说明", "（二）支出预算：2026年支出预算11,380.57万元，其中：基本支出6,015.67万元。")
    summary = _cells(1, "T01", [(None, "本年支出合计", "total", "11174.30"), (None, "支出总计", "total", "11174.30")],
                     "支出/预算数", side=2)
    total, basic = link_claims(claims, summary + _cells(3, "T03", [(None, "合计", "total", "5839.90")], "基本支出"),
                               SUMMARY_TABLES, "budget")
    assert total["link_strength"] == "strong" and not _agrees(total, summary, "11380.57")


def test_a_measure_two_tables_print_differently_is_linked_to_the_one_that_agrees():
    # 烟台市文化和旅游局 2026 p.33: "项目支出9,744.42万元" is the 支出总体情况表's 项目支出 (p.13); its 项目支出预算情况表
    # (p.28) totals 9,798.66
    claims = _claims("一、预算收支增减变化情况说明", "（二）支出预算：2026年支出预算23,873.4万元，其中：基本支出14,128.98万元，项目支出9,744.42万元。")
    tables = [{"table_seq": 3, "table_code": "T03", "table_title": "支出总体情况表"},
              {"table_seq": 11, "table_code": "X", "table_title": "项目支出预算情况表"}]
    cells = (_cells(3, "T03", [(None, "合计", "total", "9744.42")], "项目支出")
             + _cells(11, "X", [(None, "合计", "total", "9798.66")]))
    project = link_claims(claims, cells, tables, "budget")[2]
    assert _agrees(project, cells, "9744.42")


def test_a_blank_total_accuses_no_figure():
    # 中共北京市委军民融合发展委员会办公室 2026: 附件1 p.5 "2026年预算数23.52万元" for 公务用车购置和运行维护费; 附件2 p.13
    # leaves that group's 小计 blank beside 公务用车购置费 18.69 and 公务用车运行维护费 4.83
    claims = _claims("四、财政拨款“三公”经费预算情况说明", "（三）公务用车购置和运行维护费。",
                     "2026年预算数23.52万元，包括公务用车购置费预算18.69万元、公务用车运行维护费预算4.83万元。")
    columns = ["公务用车购置及运行维护费/小计", "公务用车购置及运行维护费/公务用车购置费", "公务用车购置及运行维护费/公务用车运行维护费"]
    cells = [{"table_seq": 9, "table_code": "T09", "row_number": 1, "column_index": i, "side": 1, "column_path": path,
              "subject_code": None, "row_label": "", "row_role": "item", "amount_yuan": amount}
             for i, (path, amount) in enumerate(zip(columns, (None, Decimal(186900), Decimal(48300))), start=1)]
    tables = [{"table_seq": 9, "table_code": "T09", "table_title": "财政拨款“三公”经费支出表"}]
    group, purchase, running = link_claims(claims, cells, tables, "budget")
    assert (group["link_strength"], group["link_note"]) == ("weak", "the cell is blank")
    assert (purchase["link_strength"], running["link_strength"]) == ("strong", "strong")


def test_a_change_after_what_the_money_is_for_is_not_the_figures():
    # 深圳市气象局 2026 pp.11-12: the page prints "（8）气象产业发展管理 90.72 万元，用于开展…，支撑构建较 2025 年年初
    # 预算增加 29.23 万元，增幅 2.2%，…" (a passage of another item pasted into the sentence)
    (item,) = _claims("（8）气象产业发展管理 90.72 万元，用于开展气象产业统计调研、气象产业链孵化服务和气象产业“十五五”发展路线研究等工作，"
                      "支撑构建较 2025 年年初预算增加 29.23 万元，增幅 2.2%，主要原因是按照市财政局最新要求对编外人员劳务费单独编制。")
    assert (item.amount, item.change, item.percent) == ("90.72", None, None)


def test_the_figure_a_comparison_is_made_with_may_follow_a_comma_or_sit_in_brackets():
    # 烟台市人力资源和社会保障局 2026 p.34; 烟台市住房和城乡建设局 2026 p.35; 烟台市工业和信息化局 2026 p.32
    for sentence, prior in (
        ("2026年本部门委托业务费财政拨款预算为2,042.55万元，比上年预算2,920.59万元，减少878.04万元，下降30%。", "2,920.59"),
        ("2026年本部门委托业务费财政拨款预算为2,196.52万元，比上年预算（注：上年3,468.18万元，公开时请删除注释）减少1271.66万元，下降36.67%。",
         "3,468.18"),
        ("2026年本部门委托业务费财政拨款预算为332.14万元，比上年预算（上年290万元）增加42.14万元，增长14.53%。", "290"),
    ):
        (claim,) = _claims("四、委托业务费情况", sentence)
        assert (claim.subject_text.endswith("委托业务费财政拨款"), claim.prior, claim.percent_kind) == (True, prior, "growth")


def test_a_table_row_in_the_text_layer_is_no_sentence():
    # a 经济分类 table's row read through the text layer, its figures run together
    assert _claims("（2）机关商品和服务支出（502）996.33783.56212.77万元") == []
    assert _claims("机关商品和服务支出 502 996.33 783.56 212.77 万元") == []


def test_a_breakdown_under_a_classified_item_is_a_part_of_that_item():
    # the shape of an economic-class item followed by its breakdown: 人员经费 there is 502's, not the department's
    claims = _claims("三、一般公共预算基本支出情况说明", "（2）机关商品和服务支出（502）996.33万元。",
                     "具体为：人员经费 12.00 万元；公用经费 984.33 万元。")
    item, personnel, public = claims
    assert (item.scope, personnel.scope, public.scope) == (None, "机关商品和服务支出（502）", "机关商品和服务支出（502）")
    rows = [(None, "合计", "total", "5000.00")]
    tables = [{"table_seq": 6, "table_code": "T06", "table_title": "一般公共预算基本支出表"}]
    cells = _cells(6, "T06", rows, "人员经费") + [dict(c, column_index=2, column_path="公用经费") for c in _cells(6, "T06", rows)]
    for link in link_claims(claims, cells, tables, "budget")[1:]:
        assert link["link_strength"] != "strong"


def test_a_fund_a_heading_clause_names_scopes_the_figures_after_it():
    # a 政府采购 passage whose clause names the 一般公共预算: its figures are that fund's, not all funds'
    claims = _claims("五、政府采购情况",
                     "其中一般公共预算拨款政府采购预算安排情况：政府采购服务预算8364.59万元。")
    (service,) = claims
    assert service.named_fund == "一般公共预算"
    rows = [(None, "C-服务", "item", "8941.32"), (None, "合计", "total", "8941.32")]
    tables = [{"table_seq": 10, "table_code": "X", "table_title": "政府采购预算表"}]
    (link,) = link_claims(claims, _cells(10, "X", rows), tables, "budget")
    assert link["link_row_number"] == 1 and link["link_strength"] == "weak"


def test_a_real_contradiction_stays_a_strong_link():
    # 烟台市教育局 2026: p.40 "2026年政府采购预算0万元" against its 政府采购预算表 (p.38) totalling 29,837.96
    claims = _claims("五、政府采购情况", "2026年政府采购预算0万元，其中：政府采购货物预算0万元，政府采购工程预算0万元，政府采购服务预算0万元。")
    rows = [(None, "合计", "total", "29837.96"), ("205", "教育支出", "subject", "29837.96")]
    tables = [{"table_seq": 12, "table_code": "X", "table_title": "政府采购预算表"}]
    total = link_claims(claims, _cells(12, "X", rows), tables, "budget")[0]
    assert (total["link_row_number"], total["link_matched"], total["link_strength"]) == (1, "name_path", "strong")


# 深圳市人民政府口岸办公室 2026 pp.7-8: an item, its parts over two sentences, then the item's change on its own
PARTS_THEN_CHANGE = ("3.上级转移支付项目10,289.74万元,主要包括：广深港高铁西九龙站内地口岸区物业管理服务2,520.00万元，"
                     "用于运行维护。免除查验没有问题作业服务费7,083.34万元，用于开展吊装移位仓储工作。"
                     "较2025年年初预算增加3,567.18万元，增幅53.1%。")


def test_a_change_after_the_parts_of_an_item_leaves_its_subject_in_doubt():
    change = next(c for c in _claims(PARTS_THEN_CHANGE) if c.change)
    assert change.change == "3,567.18" and change.subject_note is not None
    assert "上级转移支付项目" in change.subject_note
    # the change right after the item's own sentence is the item's, with no doubt
    change = next(c for c in _claims("1.安全生产和应急管理专项经费40.00万元,主要用于排水设施采购40万元。",
                                     "较2025年年初预算增加40万元，增幅100.0%。") if c.change)
    assert (change.subject_text, change.subject_note) == ("安全生产和应急管理专项经费", None)
