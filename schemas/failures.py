"""raw.validation_failures: pandera's failure cases of the staging tables, declared as the other raw tables
are (its DDL and its dbt source are made from this model); its rows are never validated themselves."""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

from .common import whole_number


class ValidationFailure(pa.DataFrameModel):
    disclosure_id: Series[str]
    staging_table: Series[str]
    schema_context: Series[str]
    column: Series[str] = pa.Field(nullable=True, description="Column that failed.")
    check: Series[str] = pa.Field(description="Check that failed.")
    check_number: Series[float] = whole_number(description="Index of the check.")
    failure_case: Series[str] = pa.Field(nullable=True)
    row_index: Series[float] = whole_number()
    page_number: Series[float] = whole_number(description='{{ doc("page_number__6") }}')
    table_seq: Series[float] = whole_number(description='{{ doc("table_seq__6") }}')
