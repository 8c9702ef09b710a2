"""项目绩效目标表: projects, their funds and their performance indicators."""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

from .common import DISCLOSURE_ID, UNITS, Boxes, CellBoxes, is_decimal_or_null


class Project(pa.DataFrameModel):
    disclosure_id: Series[str] = pa.Field(str_matches=DISCLOSURE_ID)
    table_seq: Series[int] = pa.Field(ge=1)
    project_no: Series[int] = pa.Field(ge=1)  # 1 for a project's own form; the project's place in a list
    page_number: Series[int] = pa.Field(ge=1)
    # null where no page prints it (a list's name cell cut at a page break, its text clipped away)
    project_name: Series[str] = pa.Field(nullable=True, str_length={"min_value": 1})
    department: Series[str] = pa.Field(nullable=True)
    implementing_unit: Series[str] = pa.Field(nullable=True)
    objectives: Series[str] = pa.Field(nullable=True)
    execution_points_stated: Series[float] = pa.Field(nullable=True, ge=0, le=100)
    indicator_points_stated: Series[float] = pa.Field(nullable=True, ge=0, le=100)
    # the box of the header cell stating the points (分值（90分）), as Boxes gives a cell's
    points_x0: Series[float] = pa.Field(nullable=True)
    points_y0: Series[float] = pa.Field(nullable=True)
    points_x1: Series[float] = pa.Field(nullable=True)
    points_y1: Series[float] = pa.Field(nullable=True)

    class Config:
        strict = True
        coerce = False


class ProjectFund(CellBoxes):
    disclosure_id: Series[str] = pa.Field(str_matches=DISCLOSURE_ID)
    table_seq: Series[int] = pa.Field(ge=1)
    project_no: Series[int] = pa.Field(ge=1)
    page_number: Series[int] = pa.Field(ge=1)
    row_number: Series[int] = pa.Field(ge=1)
    # central / local: a transfer payment's 中央财政资金 and 市级（省级 …）财政资金
    fund: Series[str] = pa.Field(isin=["total", "fiscal", "carryover", "other", "central", "local"])
    row_label: Series[str]
    printed_value: Series[str]
    printed_unit: Series[str] = pa.Field(isin=UNITS)
    printed_decimals: Series[int] = pa.Field(ge=0, le=6)
    amount_yuan: Series[object] = pa.Field(nullable=True)

    @pa.dataframe_check
    def one_value_per_fund(cls, df):
        return ~df.duplicated(["disclosure_id", "table_seq", "project_no", "fund"], keep=False)

    class Config:
        strict = True
        coerce = False


class Indicator(Boxes):
    """A 绩效指标 row; its box is its score cell's."""

    disclosure_id: Series[str] = pa.Field(str_matches=DISCLOSURE_ID)
    table_seq: Series[int] = pa.Field(ge=1)
    project_no: Series[int] = pa.Field(ge=1)
    page_number: Series[int] = pa.Field(ge=1)
    row_number: Series[int] = pa.Field(ge=1)
    level1: Series[str]
    level2: Series[str]
    level3: Series[str] = pa.Field(str_length={"min_value": 1})
    target_text: Series[str]
    operator: Series[str] = pa.Field(nullable=True, isin=["≥", "≤", "=", "<", ">"])
    target_value: Series[str] = pa.Field(nullable=True, str_matches=r"^[-+]?\d+(\.\d+)?$")
    target_unit: Series[str] = pa.Field(nullable=True)
    score_text: Series[str]
    score: Series[object] = pa.Field(nullable=True)

    @pa.check("score")
    def score_is_exact_decimal(cls, s):
        return is_decimal_or_null(s)

    class Config:
        strict = True
        coerce = False
