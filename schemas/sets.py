"""The disclosure sets (files of one unit, year and report kind) and the claims of a narrative-only file
linked to the tables of its companion file. Both tables are written whole after every load."""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

from pipelines.extract.narrative.linking import MATCHED as LINK_MATCHED
from pipelines.extract.narrative.linking import STRENGTH as LINK_STRENGTH

from .common import DISCLOSURE_ID


class DisclosureSet(pa.DataFrameModel):
    """Each loaded file's place in its disclosure set."""

    disclosure_id: Series[str] = pa.Field(str_matches=DISCLOSURE_ID, unique=True)
    set_id: Series[str] = pa.Field(str_matches=DISCLOSURE_ID)
    # whole: narrative and tables; narrative: a narrative without standard tables; tables: tables only
    set_role: Series[str] = pa.Field(isin=["whole", "narrative", "tables", "other"])
    tables_disclosure_id: Series[str] = pa.Field(nullable=True, str_matches=DISCLOSURE_ID)
    decided_by: Series[str] = pa.Field(nullable=True, isin=["documents", "mapping"])
    set_note: Series[str] = pa.Field(nullable=True)

    class Config:
        strict = True
        coerce = False


class SetClaimLink(pa.DataFrameModel):
    """A narrative-only file's claim linked to a cell of its companion file (tables_disclosure_id), or the
    reason it could not be."""

    disclosure_id: Series[str] = pa.Field(str_matches=DISCLOSURE_ID)
    claim_no: Series[int] = pa.Field(ge=1)
    tables_disclosure_id: Series[str] = pa.Field(nullable=True, str_matches=DISCLOSURE_ID)
    link_table_code: Series[str] = pa.Field(nullable=True)
    link_table_seq: Series[float] = pa.Field(nullable=True)
    link_row_number: Series[float] = pa.Field(nullable=True)
    link_column_index: Series[float] = pa.Field(nullable=True)
    link_rows: Series[str] = pa.Field(nullable=True, str_matches=r"^\d+(\+\d+)*$")
    link_subject_code: Series[str] = pa.Field(nullable=True)
    link_note: Series[str] = pa.Field(nullable=True)
    link_strategy: Series[str] = pa.Field(nullable=True, isin=list(LINK_STRENGTH))
    # what of the claim's words the cell matched: code, name_path (may fail a claim), name, position (may only confirm)
    link_matched: Series[str] = pa.Field(nullable=True, isin=list(LINK_MATCHED))
    link_strength: Series[str] = pa.Field(nullable=True, isin=["strong", "weak"])
    share_base_claim_no: Series[float] = pa.Field(nullable=True)
    share_base_table_seq: Series[float] = pa.Field(nullable=True)
    share_base_row_number: Series[float] = pa.Field(nullable=True)
    share_base_column_index: Series[float] = pa.Field(nullable=True)
    share_base_strength: Series[str] = pa.Field(nullable=True, isin=["strong", "weak"])

    @pa.dataframe_check
    def one_row_per_claim(cls, df):
        return ~df.duplicated(["disclosure_id", "claim_no"], keep=False)

    class Config:
        strict = True
        coerce = False


SET_SCHEMAS = {"disclosure_sets": DisclosureSet, "set_claim_links": SetClaimLink}
