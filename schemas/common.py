"""Checks shared by the staging models."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pandera.pandas as pa

from pipelines.extract.text import UNIT_FACTORS, is_amount, is_dash, parse_amount

DISCLOSURE_ID = r"^[0-9a-f]{16}$"
UNITS = list(UNIT_FACTORS)


def is_decimal_or_null(series: pd.Series) -> pd.Series:
    return series.map(lambda v: v is None or (isinstance(v, Decimal) and v.is_finite()))


def amount_matches_printed(df: pd.DataFrame) -> pd.Series:
    """amount_yuan is exactly the printed value times its unit; blank and dash cells carry no amount."""

    def ok(row) -> bool:
        printed = row["printed_value"] or ""
        if not printed.strip() or is_dash(printed):
            return row["amount_yuan"] is None
        if not is_amount(printed) or row["amount_yuan"] is None:
            return False
        return parse_amount(printed) * UNIT_FACTORS[row["printed_unit"]] == row["amount_yuan"]

    return df.apply(ok, axis=1).astype(bool)


class PrintedAmountChecks(pa.DataFrameModel):
    """Checks of every model holding printed figures (printed_value, printed_unit, amount_yuan)."""

    @pa.check("amount_yuan")
    def amount_is_exact_decimal(cls, s):
        return is_decimal_or_null(s)

    @pa.dataframe_check
    def amount_equals_printed_value_times_unit(cls, df):
        return amount_matches_printed(df)
