"""Amount cells of the nine standard tables (and any other located table), one staging table per type."""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

from pipelines.extract.normalize import codes
from pipelines.extract.vocabulary import ECONOMIC_TABLES, FUNCTION_TABLES, TABLE_CODES

from .common import CellBoxes, DISCLOSURE_ID, UNITS, money

FUNCTION_CODE = codes.FUNCTION_CODE.pattern.strip("^$")  # 功能分类: 类 3 / 款 5 / 项 7 digits
ECONOMIC_CODE = codes.ECONOMIC_CODE.pattern.strip("^$")  # 经济分类: 类 3 / 款 5 digits (some regions print 7)


# Staging validates the tables of a disclosure whose models check the same in one pandera call: every
# check of these models must hold row by row or within one table_seq, never across tables.
class TableCell(CellBoxes):
    """One printed amount cell (or blank amount position) of a located table."""

    disclosure_id: Series[str] = pa.Field(str_matches=DISCLOSURE_ID)
    table_seq: Series[int] = pa.Field(ge=1)
    table_code: Series[str] = pa.Field(isin=list(TABLE_CODES))
    page_number: Series[int] = pa.Field(ge=1)
    row_number: Series[int] = pa.Field(ge=1)
    side: Series[int] = pa.Field(ge=1)
    row_label: Series[str]
    row_role: Series[str] = pa.Field(isin=["item", "total", "memo", "subject", "unit", "detail"])
    subject_code: Series[str] = pa.Field(nullable=True, str_matches=r"^\d{2,9}$")
    printed_code: Series[str] = pa.Field(nullable=True)  # the code cells as printed (split parts joined by a space)
    code_basis: Series[str] = pa.Field(nullable=True, isin=["printed", "composed", "implied", "malformed"])
    implied_code: Series[str] = pa.Field(nullable=True, str_matches=r"^\d{3,9}$")
    detail_code: Series[str] = pa.Field(nullable=True)  # a second classification printed beside the first
    unit_code: Series[str] = pa.Field(nullable=True)
    column_index: Series[int] = pa.Field(ge=0)
    column_path: Series[str] = pa.Field(str_length={"min_value": 1})
    printed_value: Series[str]
    printed_unit: Series[str] = pa.Field(isin=UNITS)
    printed_decimals: Series[int] = pa.Field(ge=0, le=6)
    amount_yuan: Series[object] = money()

    @pa.dataframe_check
    def one_cell_per_position(cls, df):
        return ~df.duplicated(["disclosure_id", "table_seq", "row_number", "column_index"], keep=False)

    @pa.dataframe_check
    def code_of_the_tables_classification(cls, df):
        """功能分类 codes (类/款/项, 3/5/7 digits) in the tables by function, 经济分类 codes in T06. A row-wise
        check on the table code, so that every cell model checks the same and the cell tables of a
        disclosure are validated in one call."""
        codes = df["subject_code"]
        function = df["table_code"].isin(FUNCTION_TABLES)
        economic = df["table_code"].isin(ECONOMIC_TABLES)
        ok = codes.isna()
        ok |= ~(function | economic)
        ok |= function & codes.str.fullmatch(FUNCTION_CODE).fillna(False).astype(bool)
        ok |= economic & codes.str.fullmatch(ECONOMIC_CODE).fillna(False).astype(bool)
        return ok

    class Config:
        strict = True
        coerce = False


class ListTableCell(TableCell):
    """收支总表 / 财政拨款收支总表: lists of items by label, no subject codes."""


class FunctionSubjectCell(TableCell):
    """Tables by 功能分类 subject: rows coded 类/款/项 (3/5/7 digits) or unit rows."""


class EconomicSubjectCell(TableCell):
    """一般公共预算基本支出表: rows coded by 经济分类 类/款 (3/5 digits)."""


class ThreePublicCostsCell(TableCell):
    """“三公”经费支出表: a single row of amounts under a fixed header."""


CELL_TABLES: dict[str, tuple[str, type[TableCell]]] = {
    "T01": ("t01_income_expenditure_summary", ListTableCell),
    "T02": ("t02_income_summary", TableCell),
    "T03": ("t03_expenditure_summary", FunctionSubjectCell),
    "T04": ("t04_fiscal_appropriation_summary", ListTableCell),
    "T05": ("t05_general_budget_expenditure", FunctionSubjectCell),
    "T06": ("t06_general_budget_basic_expenditure", EconomicSubjectCell),
    "T07": ("t07_government_fund_expenditure", FunctionSubjectCell),
    "T08": ("t08_state_capital_expenditure", FunctionSubjectCell),
    "T09": ("t09_three_public_costs", ThreePublicCostsCell),
    "X": ("x_other_tables", TableCell),
}
