"""The quantitative claims of a disclosure's narrative (情况说明), each linked to the cell it speaks of."""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

from pipelines.extract.narrative.linking import MATCHED as LINK_MATCHED
from pipelines.extract.narrative.linking import STRENGTH as LINK_STRENGTH

from .common import DISCLOSURE_ID, UNITS, whole_number


class NarrativeClaim(pa.DataFrameModel):
    """A figure stated in the narrative, what it says about it, and the table cell it is linked to."""

    disclosure_id: Series[str] = pa.Field(str_matches=DISCLOSURE_ID)
    claim_no: Series[int] = pa.Field(ge=1, unique=True)
    page_number: Series[int] = pa.Field(ge=1, description='{{ doc("page_number__4") }}')
    section: Series[str]
    sentence: Series[str] = pa.Field(str_length={"min_value": 1})
    subject_text: Series[str] = pa.Field(str_length={"min_value": 1})
    amount: Series[str] = pa.Field(nullable=True, str_matches=r"^\d[\d,]*(\.\d+)?$")
    unit: Series[str] = pa.Field(nullable=True, isin=UNITS + ["辆", "台（套）", "台", "套", "个"])
    change: Series[str] = pa.Field(nullable=True, str_matches=r"^\d[\d,]*(\.\d+)?$")
    direction: Series[str] = pa.Field(nullable=True, isin=["增加", "减少", "持平"])
    percent: Series[str] = pa.Field(nullable=True, str_matches=r"^\d+(\.\d+)?$", description='Stated percentage (without %).')
    percent_kind: Series[str] = pa.Field(nullable=True, isin=["growth", "share", "completion"], description='growth or share.')
    base: Series[str] = pa.Field(nullable=True, description='Comparison base as printed (2025年执行数, 上年预算数 …).')
    prior: Series[str] = pa.Field(
        nullable=True, str_matches=r"^\d[\d,]*(\.\d+)?$",
        description="The prior year's figure where the sentence states it (2023年当年预算执行数为 60.13 万元), in the claim's unit.",
    )
    share_of: Series[str] = pa.Field(nullable=True, description='The total a share names (占“三公”经费的 …), when it names one.')
    lead: Series[str] = pa.Field(
        nullable=True,
        description=(
            'The words just before the figure, where 总计/合计 survive that the subject drops (read again when the '
            "claims are linked to another file's tables)."
        ),
    )
    scope: Series[str] = pa.Field(
        nullable=True,
        description=(
            'The classified item the figure is a part of, where the text opens a breakdown under it '
            '(（2）机关商品和服务支出（502）… 具体为：人员经费 …): the figure is never held against a cell outside that item.'
        ),
    )
    named_fund: Series[str] = pa.Field(
        nullable=True,
        description=(
            'The fund a heading clause before the figure names (其中一般公共预算拨款…：…): a cell of another fund, or of all '
            'funds, may only confirm the figure.'
        ),
    )
    subject_note: Series[str] = pa.Field(
        nullable=True,
        description=(
            "Why the text leaves the figure's subject in doubt (a change sentence after the parts of an item: the "
            "item's or the last part's?): its checks may confirm, never fail."
        ),
    )
    budget_figure: Series[bool] = pa.Field(
        description='True for a 年初预算 figure stated beside a final account (linked only to a 预算数 column, never to a 决算数 cell).',
    )
    link_table_code: Series[str] = pa.Field(nullable=True)
    link_table_seq: Series[float] = whole_number(description='{{ doc("link_table_seq__2") }}')
    link_row_number: Series[float] = whole_number()
    link_column_index: Series[float] = whole_number()
    link_rows: Series[str] = pa.Field(
        nullable=True, str_matches=r"^\d+(\+\d+)*$",
        description=(
            "Rows whose sum the claim states, joined by '+' (one row for most claims; 301+303 for a 人员经费 printed "
            'only by economic class).'
        ),
    )
    link_subject_code: Series[str] = pa.Field(nullable=True)
    link_note: Series[str] = pa.Field(nullable=True)
    link_strategy: Series[str] = pa.Field(
        nullable=True, isin=list(LINK_STRENGTH),
        description=(
            "How the linked cell was found, one of the linker's named strategies "
            '(pipelines/extract/narrative/linking.py STRENGTH): subject_row, measure_total, three_public_item, … '
            '(strong by themselves); named_cell, economic_sum, search_all, … (weak).'
        ),
    )
    # what of the claim's words the cell matched: code, name_path (may fail a claim), name, position (may only confirm)
    link_matched: Series[str] = pa.Field(
        nullable=True, isin=list(LINK_MATCHED),
        description=(
            "What of the claim's words the cell matched: code (the code the claim prints), name_path (its whole "
            'name, with the 类/款 it names above it, or the only row of its name), name (a part of its name, or one '
            "of several rows of that name), position (the table's total by where it is). Only code and name_path "
            'may fail a claim.'
        ),
    )
    # strong: the table, row and column the claim's section and words name; weak: it may confirm, never accuse
    link_strength: Series[str] = pa.Field(
        nullable=True, isin=["strong", "weak"],
        description=(
            "strong where the table, row and column are the ones the claim's section and words name (at the 类/款/项 "
            'level it names); weak otherwise. A weak link may confirm a claim, never accuse it.'
        ),
    )
    share_base_claim_no: Series[float] = whole_number(description='For a share: the claim stating the total it is a share of.')
    share_base_table_seq: Series[float] = whole_number(
        description='For a share of a total no sentence states (占“三公”经费的 …): the table of the cell printing that total.',
    )
    share_base_row_number: Series[float] = whole_number()
    share_base_column_index: Series[float] = whole_number()
    share_base_strength: Series[str] = pa.Field(
        nullable=True, isin=["strong", "weak"],
        description=(
            "strong where the share's total is the one it names (or the 年初预算 its sentence states); weak where it "
            "is taken to be the section's first figure, printed in another sentence (such a share fails only "
            'where no printed total makes it hold).'
        ),
    )
    # boxes from the displayed page's top left, in points: the figure as printed, and its sentence on the claim's page
    figure_x0: Series[float] = pa.Field(
        nullable=True,
        description=(
            "The box of the claim's figure as printed (its amount, else its change, else its rate): left edge in "
            "points from the displayed page's left; null where the text layer does not print it in the sentence."
        ),
    )
    figure_y0: Series[float] = pa.Field(nullable=True, description="Top edge of the figure's box, from the page's top.")
    figure_x1: Series[float] = pa.Field(nullable=True)
    figure_y1: Series[float] = pa.Field(nullable=True)
    sentence_x0: Series[float] = pa.Field(
        nullable=True,
        description="The box of the claim's sentence on its page (a sentence going on over the page: its part on this page).",
    )
    sentence_y0: Series[float] = pa.Field(nullable=True)
    sentence_x1: Series[float] = pa.Field(nullable=True)
    sentence_y1: Series[float] = pa.Field(nullable=True)

    class Config:
        strict = True
        coerce = False
