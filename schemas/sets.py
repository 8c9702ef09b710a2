"""The disclosure sets (files of one unit, year and report kind) and the claims of a narrative-only file
linked to the tables of its companion file. Both tables are written whole after every load."""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

from pipelines.extract.narrative.linking import MATCHED as LINK_MATCHED
from pipelines.extract.narrative.linking import STRENGTH as LINK_STRENGTH

from .common import DISCLOSURE_ID, whole_number


class DisclosureSet(pa.DataFrameModel):
    """Each loaded file's place in its disclosure set."""

    disclosure_id: Series[str] = pa.Field(str_matches=DISCLOSURE_ID, unique=True)
    set_id: Series[str] = pa.Field(
        str_matches=DISCLOSURE_ID,
        description='The set: first 16 hex digits of the sha256 of unit, year, kind and scope.',
    )
    # whole: narrative and tables; narrative: a narrative without standard tables; tables: tables only
    set_role: Series[str] = pa.Field(
        isin=["whole", "narrative", "tables", "other"],
        description=(
            'whole (narrative and standard tables in one file), narrative (a narrative without standard tables), '
            'tables (tables without a narrative), other.'
        ),
    )
    tables_disclosure_id: Series[str] = pa.Field(
        nullable=True, str_matches=DISCLOSURE_ID,
        description='For a narrative: the one file of its set that prints its tables; null where none or more than one does.',
    )
    decided_by: Series[str] = pa.Field(
        nullable=True, isin=["documents", "mapping"],
        description='documents (same unit, year, kind and scope, one table file) or mapping (the disclosure_sets seed).',
    )
    set_note: Series[str] = pa.Field(
        nullable=True,
        description='Why a narrative has no companion: no loaded file prints its tables, or several do.',
    )

    class Config:
        strict = True
        coerce = False


class SetClaimLink(pa.DataFrameModel):
    """A narrative-only file's claim linked to a cell of its companion file (tables_disclosure_id), or the
    reason it could not be."""

    disclosure_id: Series[str] = pa.Field(str_matches=DISCLOSURE_ID)
    claim_no: Series[int] = pa.Field(ge=1, description="Claim number in the narrative's reading order.")
    tables_disclosure_id: Series[str] = pa.Field(nullable=True, str_matches=DISCLOSURE_ID)
    link_table_code: Series[str] = pa.Field(nullable=True, description='Table of the linked cell (in the companion file).')
    link_table_seq: Series[float] = whole_number()
    link_row_number: Series[float] = whole_number()
    link_column_index: Series[float] = whole_number()
    link_rows: Series[str] = pa.Field(
        nullable=True, str_matches=r"^\d+(\+\d+)*$",
        description="Rows whose sum the claim states, joined by '+'.",
    )
    link_subject_code: Series[str] = pa.Field(nullable=True)
    link_note: Series[str] = pa.Field(nullable=True)
    link_strategy: Series[str] = pa.Field(
        nullable=True, isin=list(LINK_STRENGTH),
        description='How the linked cell was found (as in narrative_claims).',
    )
    # what of the claim's words the cell matched: code, name_path (may fail a claim), name, position (may only confirm)
    link_matched: Series[str] = pa.Field(
        nullable=True, isin=list(LINK_MATCHED),
        description="What of the claim's words the cell matched, as in narrative_claims.",
    )
    link_strength: Series[str] = pa.Field(nullable=True, isin=["strong", "weak"], description='{{ doc("link_strength__2") }}')
    share_base_claim_no: Series[float] = whole_number(description='For a share: the claim stating its total.')
    share_base_table_seq: Series[float] = whole_number(
        description="For a share of a total no sentence states: the companion's table printing it.",
    )
    share_base_row_number: Series[float] = whole_number()
    share_base_column_index: Series[float] = whole_number()
    share_base_strength: Series[str] = pa.Field(nullable=True, isin=["strong", "weak"], description='{{ doc("link_strength__2") }}')

    @pa.dataframe_check
    def one_row_per_claim(cls, df):
        return ~df.duplicated(["disclosure_id", "claim_no"], keep=False)

    class Config:
        strict = True
        coerce = False


SET_SCHEMAS = {"disclosure_sets": DisclosureSet, "set_claim_links": SetClaimLink}
