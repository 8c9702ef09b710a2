"""项目绩效目标表: projects, their funds and their performance indicators."""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

from .common import Boxes, CellBoxes, DISCLOSURE_ID, UNITS, exact_points, is_decimal_or_null, money, whole_number


class Project(pa.DataFrameModel):
    disclosure_id: Series[str] = pa.Field(str_matches=DISCLOSURE_ID)
    table_seq: Series[int] = pa.Field(ge=1, description='{{ doc("table_seq__2") }}')
    project_no: Series[int] = pa.Field(ge=1)  # 1 for a project's own form; the project's place in a list
    page_number: Series[int] = pa.Field(ge=1, description='{{ doc("page_number__5") }}')
    # null where no page prints it (a list's name cell cut at a page break, its text clipped away)
    project_name: Series[str] = pa.Field(nullable=True, str_length={"min_value": 1})
    department: Series[str] = pa.Field(nullable=True)
    implementing_unit: Series[str] = pa.Field(nullable=True)
    objectives: Series[str] = pa.Field(nullable=True)
    execution_points_stated: Series[float] = whole_number(ge=0, le=100)
    indicator_points_stated: Series[float] = whole_number(ge=0, le=100)
    # the box of the header cell stating the points (分值（90分）), as Boxes gives a cell's
    points_x0: Series[float] = pa.Field(
        nullable=True,
        description=(
            "Box of the header cell stating the points (分值（90分）): left, in PDF points from the page's top left as "
            'displayed; points_y0 top, points_x1 right, points_y1 bottom.'
        ),
    )
    points_y0: Series[float] = pa.Field(nullable=True, description="Top of the points cell's box.")
    points_x1: Series[float] = pa.Field(nullable=True, description="Right of the points cell's box.")
    points_y1: Series[float] = pa.Field(nullable=True, description="Bottom of the points cell's box.")

    class Config:
        strict = True
        coerce = False


class ProjectFund(CellBoxes):
    disclosure_id: Series[str] = pa.Field(str_matches=DISCLOSURE_ID)
    table_seq: Series[int] = pa.Field(ge=1, description='{{ doc("table_seq__2") }}')
    project_no: Series[int] = pa.Field(ge=1)
    page_number: Series[int] = pa.Field(ge=1, description='{{ doc("page_number__3") }}')
    row_number: Series[int] = pa.Field(ge=1, description='{{ doc("row_number__3") }}')
    # central / local: a transfer payment's 中央财政资金 and 市级（省级 …）财政资金
    fund: Series[str] = pa.Field(isin=["total", "fiscal", "carryover", "other", "central", "local"])
    row_label: Series[str] = pa.Field(description='{{ doc("row_label__3") }}')
    printed_value: Series[str] = pa.Field(description='{{ doc("printed_value__4") }}')
    printed_unit: Series[str] = pa.Field(isin=UNITS, description='{{ doc("printed_unit__4") }}')
    printed_decimals: Series[int] = pa.Field(ge=0, le=6, description='{{ doc("printed_decimals__2") }}')
    amount_yuan: Series[object] = money(description='{{ doc("amount_yuan__2") }}')

    @pa.dataframe_check
    def one_value_per_fund(cls, df):
        return ~df.duplicated(["disclosure_id", "table_seq", "project_no", "fund"], keep=False)

    class Config:
        strict = True
        coerce = False


class Indicator(Boxes):
    """A 绩效指标 row; its box is its score cell's."""

    x0: Series[float] = pa.Field(
        nullable=True,
        description=(
            "Box of the 分值 cell: left, in PDF points from the page's top left as displayed (null where the table "
            "prints no 分值 column)."
        ),
    )
    y0: Series[float] = pa.Field(nullable=True, description="Top of the 分值 cell's box.")
    x1: Series[float] = pa.Field(nullable=True, description="Right of the 分值 cell's box.")
    y1: Series[float] = pa.Field(nullable=True, description="Bottom of the 分值 cell's box.")
    disclosure_id: Series[str] = pa.Field(str_matches=DISCLOSURE_ID)
    table_seq: Series[int] = pa.Field(ge=1, description='{{ doc("table_seq__2") }}')
    project_no: Series[int] = pa.Field(ge=1)
    page_number: Series[int] = pa.Field(ge=1, description='{{ doc("page_number__3") }}')
    row_number: Series[int] = pa.Field(ge=1, description='{{ doc("row_number__3") }}')
    level1: Series[str]
    level2: Series[str]
    level3: Series[str] = pa.Field(str_length={"min_value": 1})
    target_text: Series[str]
    operator: Series[str] = pa.Field(nullable=True, isin=["≥", "≤", "=", "<", ">"])
    target_value: Series[str] = pa.Field(nullable=True, str_matches=r"^[-+]?\d+(\.\d+)?$")
    target_unit: Series[str] = pa.Field(nullable=True)
    score_text: Series[str]
    score: Series[object] = exact_points()

    @pa.check("score")
    def score_is_exact_decimal(cls, s):
        return is_decimal_or_null(s)

    class Config:
        strict = True
        coerce = False
