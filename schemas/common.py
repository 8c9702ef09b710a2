"""Checks shared by the staging models."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from pipelines.extract.text import UNIT_FACTORS, is_amount, is_dash, parse_amount

DISCLOSURE_ID = r"^[0-9a-f]{16}$"
UNITS = list(UNIT_FACTORS)


def whole_number(**field):
    """A whole number that may be missing: float in pandas (NaN where missing), INTEGER in the warehouse."""
    return pa.Field(nullable=True, metadata={"sql": "INTEGER"}, **field)


def money(**field):
    """Yuan, exact: a Decimal or None in pandas (PrintedAmountChecks), DECIMAL(20,2) in the warehouse."""
    return pa.Field(nullable=True, metadata={"sql": "DECIMAL(20,2)"}, **field)


def exact_points(**field):
    """Points of a score, exact: a Decimal or None in pandas, DECIMAL(10,2) in the warehouse."""
    return pa.Field(nullable=True, metadata={"sql": "DECIMAL(10,2)"}, **field)


def is_decimal_or_null(series: pd.Series) -> pd.Series:
    return series.map(lambda v: v is None or (isinstance(v, Decimal) and v.is_finite()))


def amount_matches_printed(df: pd.DataFrame) -> pd.Series:
    """amount_yuan is exactly the printed value times its unit; blank and dash cells carry no amount."""

    def ok(printed, unit, amount) -> bool:
        printed = printed or ""
        if not printed.strip() or is_dash(printed):
            return amount is None
        if amount is None or not is_amount(printed):
            return False
        return parse_amount(printed) * UNIT_FACTORS[unit] == amount

    values = [ok(p, u, a) for p, u, a in zip(df["printed_value"], df["printed_unit"], df["amount_yuan"])]
    return pd.Series(values, index=df.index, dtype=bool)


class PrintedAmountChecks(pa.DataFrameModel):
    """Checks of every model holding printed figures (printed_value, printed_unit, amount_yuan)."""

    @pa.check("amount_yuan")
    def amount_is_exact_decimal(cls, s):
        return is_decimal_or_null(s)

    @pa.dataframe_check
    def amount_equals_printed_value_times_unit(cls, df):
        return amount_matches_printed(df)


class Boxes(pa.DataFrameModel):
    """A printed value's box on its page: x0, y0 (top), x1, y1 (bottom) in PDF points from the page's top left,
    after the page's rotation; null where the grid gives no drawn cell (a position mapped from another page's columns)."""

    x0: Series[float] = pa.Field(nullable=True)
    y0: Series[float] = pa.Field(nullable=True)
    x1: Series[float] = pa.Field(nullable=True)
    y1: Series[float] = pa.Field(nullable=True)

    @pa.dataframe_check
    def box_is_a_box(cls, df):
        """A box with a left edge left of its right edge and a top above its bottom, or no box at all."""
        missing = df[["x0", "y0", "x1", "y1"]].isna()
        return missing.all(axis=1) | (~missing.any(axis=1) & (df["x0"] <= df["x1"]) & (df["y0"] <= df["y1"]))


class CellBoxes(PrintedAmountChecks, Boxes):
    """A printed amount with its cell's box."""
