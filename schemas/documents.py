"""The disclosure, its located tables, and the sums its table layouts assert."""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

from pipelines.extract.kinds import DOCUMENT_KINDS
from pipelines.extract.narrative.linking import MATCHED as LINK_MATCHED
from pipelines.extract.narrative.linking import STRENGTH as LINK_STRENGTH

from .common import DISCLOSURE_ID, UNITS


class Disclosure(pa.DataFrameModel):
    disclosure_id: Series[str] = pa.Field(str_matches=DISCLOSURE_ID, unique=True)
    source_file: Series[str]
    source_sha256: Series[str] = pa.Field(str_matches=r"^[0-9a-f]{64}$")
    page_count: Series[int] = pa.Field(ge=0)
    title: Series[str] = pa.Field(nullable=True)
    fiscal_year: Series[float] = pa.Field(nullable=True, ge=1990, le=2100)
    report_kind: Series[str] = pa.Field(nullable=True, isin=["budget", "final_accounts"])
    scope: Series[str] = pa.Field(nullable=True, isin=["department", "unit"])
    unit_name: Series[str] = pa.Field(nullable=True)
    # where year, unit and title were read: the document, which may not state some of them (never the file name)
    metadata_source: Series[str] = pa.Field(nullable=True, str_matches=r"^document( \(not stated: [a-z_, ]+\))?$")
    # what the file is (extract/kinds.py): a disclosure, a performance document, or what a rejected file reads as
    document_kind: Series[str] = pa.Field(nullable=True, isin=list(DOCUMENT_KINDS))
    kind_reason: Series[str] = pa.Field(nullable=True)  # the words or tables that decided it
    tables_located: Series[int] = pa.Field(ge=0)
    standard_tables_missing: Series[str] = pa.Field(nullable=True)
    # held_back: its rows broke a contract test of the marts; its figures left the warehouse, the reason is kept
    # partial: loaded, but some of its pages could not be read (pages_unreadable)
    status: Series[str] = pa.Field(isin=["loaded", "partial", "failed", "superseded", "held_back"])
    message: Series[str] = pa.Field(nullable=True)
    extractor_version: Series[str] = pa.Field(nullable=True)
    duplicate_files: Series[str] = pa.Field(nullable=True)  # the same content under other names, set on load
    pages_unreadable: Series[str] = pa.Field(nullable=True, str_matches=r"^\d+(,\d+)*$")  # damaged pages, skipped
    damage: Series[str] = pa.Field(nullable=True)  # objects of the file lost though its pages load
    # the narrative's money figures and percentages: read into a claim, deliberately not claims (a threshold,
    # a target, a quota …), or unaccounted; null where the document was not read
    narrative_figures: Series[float] = pa.Field(nullable=True, ge=0)
    narrative_figures_claimed: Series[float] = pa.Field(nullable=True, ge=0)
    narrative_figures_unaccounted: Series[float] = pa.Field(nullable=True, ge=0)

    class Config:
        strict = True
        coerce = False


class LocatedTable(pa.DataFrameModel):
    disclosure_id: Series[str] = pa.Field(str_matches=DISCLOSURE_ID)
    table_seq: Series[int] = pa.Field(ge=1)
    table_code: Series[str] = pa.Field(str_matches=r"^(T0[1-9]|P01|X)$")
    table_title: Series[str]
    first_page: Series[int] = pa.Field(ge=1)
    last_page: Series[int] = pa.Field(ge=1)
    pages: Series[str] = pa.Field(str_matches=r"^\d+(,\d+)*$")
    regions: Series[str] = pa.Field(nullable=True)
    printed_unit: Series[str] = pa.Field(isin=UNITS)
    unit_source: Series[str] = pa.Field(isin=["caption", "document"])
    n_grid_rows: Series[int] = pa.Field(ge=0)
    n_cols: Series[int] = pa.Field(ge=0)
    header_rows: Series[float] = pa.Field(nullable=True, ge=0)
    data_rows: Series[float] = pa.Field(nullable=True, ge=0)
    status: Series[str] = pa.Field(isin=["extracted", "empty", "failed", "invalid"])
    message: Series[str] = pa.Field(nullable=True)
    values_held_back: Series[int] = pa.Field(ge=0)  # cells of the table validation held back
    label: Series[str] = pa.Field(nullable=True)  # the list label printed with the title: 表1, 公开表5, 预算01表
    classified_by: Series[str] = pa.Field(isin=["title", "header", "title+header", "none"])
    classification_note: Series[str] = pa.Field(nullable=True)  # where the header contradicts the title

    @pa.dataframe_check
    def pages_in_order(cls, df):
        return df["first_page"] <= df["last_page"]

    class Config:
        strict = True
        coerce = False


class ExtractionCoverage(pa.DataFrameModel):
    """The numbers a printed region shows in the text layer against the amounts read from it: one row per
    table and page, per orphan grid, and per table page for the amounts printed outside every grid."""

    disclosure_id: Series[str] = pa.Field(str_matches=DISCLOSURE_ID)
    region_kind: Series[str] = pa.Field(isin=["table", "orphan_grid", "off_grid"])
    table_seq: Series[float] = pa.Field(nullable=True, ge=1)
    page_number: Series[int] = pa.Field(ge=1)
    region: Series[str] = pa.Field(nullable=True)  # x1,y1,x2,y2 in PDF points, as camelot reports the grid
    region_note: Series[str] = pa.Field(nullable=True)  # an orphan grid's reason: why it joins no table
    amounts_printed: Series[int] = pa.Field(ge=0)
    amounts_read: Series[int] = pa.Field(ge=0)
    amounts_missing: Series[int] = pa.Field(ge=0)
    values_not_printed: Series[int] = pa.Field(ge=0)  # amounts read that the region does not print
    missing_examples: Series[str] = pa.Field(nullable=True)
    not_printed_examples: Series[str] = pa.Field(nullable=True)

    @pa.dataframe_check
    def read_plus_missing_is_printed(cls, df):
        return df["amounts_read"] + df["amounts_missing"] == df["amounts_printed"]

    class Config:
        strict = True
        coerce = False


class PageText(pa.DataFrameModel):
    """The text layer of every page as pdfium reads it, lines in reading order: what the content rules search
    (sections, notes, reasons, template residue), and the evidence a content finding quotes."""

    disclosure_id: Series[str] = pa.Field(str_matches=DISCLOSURE_ID)
    page_number: Series[int] = pa.Field(ge=1)
    width: Series[float] = pa.Field(gt=0)  # in PDF points, as displayed (after the page's rotation)
    height: Series[float] = pa.Field(gt=0)
    ruled: Series[bool]  # its vector paths draw a ruled grid
    text: Series[str]

    class Config:
        strict = True
        coerce = False
        unique = ["disclosure_id", "page_number"]


class TableIdentity(pa.DataFrameModel):
    """Each identity: lhs cell(s) = sum of rhs cells, as the table's own layout asserts."""

    disclosure_id: Series[str] = pa.Field(str_matches=DISCLOSURE_ID)
    table_seq: Series[int] = pa.Field(ge=1)
    identity_no: Series[int] = pa.Field(ge=1)
    kind: Series[str] = pa.Field(isin=["columns", "outline", "running_total", "balance"])
    # strong: the sum the layout prints; weak: a sum read where the layout leaves something unprinted
    # (a named total's scope, rows' depth): it may confirm the table, never accuse it
    strength: Series[str] = pa.Field(isin=["strong", "weak"])
    role: Series[str] = pa.Field(isin=["lhs", "rhs"])
    row_number: Series[int] = pa.Field(ge=1)
    column_index: Series[int] = pa.Field(ge=0)

    class Config:
        strict = True
        coerce = False


class NarrativeClaim(pa.DataFrameModel):
    """A figure stated in the narrative, what it says about it, and the table cell it is linked to."""

    disclosure_id: Series[str] = pa.Field(str_matches=DISCLOSURE_ID)
    claim_no: Series[int] = pa.Field(ge=1, unique=True)
    page_number: Series[int] = pa.Field(ge=1)
    section: Series[str]
    sentence: Series[str] = pa.Field(str_length={"min_value": 1})
    subject_text: Series[str] = pa.Field(str_length={"min_value": 1})
    amount: Series[str] = pa.Field(nullable=True, str_matches=r"^\d[\d,]*(\.\d+)?$")
    unit: Series[str] = pa.Field(nullable=True, isin=UNITS + ["辆", "台（套）", "台", "套", "个"])
    change: Series[str] = pa.Field(nullable=True, str_matches=r"^\d[\d,]*(\.\d+)?$")
    direction: Series[str] = pa.Field(nullable=True, isin=["增加", "减少", "持平"])
    percent: Series[str] = pa.Field(nullable=True, str_matches=r"^\d+(\.\d+)?$")
    percent_kind: Series[str] = pa.Field(nullable=True, isin=["growth", "share", "completion"])
    base: Series[str] = pa.Field(nullable=True)
    prior: Series[str] = pa.Field(nullable=True, str_matches=r"^\d[\d,]*(\.\d+)?$")
    share_of: Series[str] = pa.Field(nullable=True)
    lead: Series[str] = pa.Field(nullable=True)  # the words just before the figure (总计/合计 the subject drops)
    scope: Series[str] = pa.Field(nullable=True)  # the item the figure is a part of (具体为… under （2）…（502）)
    named_fund: Series[str] = pa.Field(nullable=True)  # the fund a clause before the figure names
    subject_note: Series[str] = pa.Field(nullable=True)  # why the subject is in doubt: its checks never fail
    budget_figure: Series[bool]
    link_table_code: Series[str] = pa.Field(nullable=True)
    link_table_seq: Series[float] = pa.Field(nullable=True)
    link_row_number: Series[float] = pa.Field(nullable=True)
    link_column_index: Series[float] = pa.Field(nullable=True)
    link_rows: Series[str] = pa.Field(nullable=True, str_matches=r"^\d+(\+\d+)*$")
    link_subject_code: Series[str] = pa.Field(nullable=True)
    link_note: Series[str] = pa.Field(nullable=True)
    link_strategy: Series[str] = pa.Field(nullable=True, isin=list(LINK_STRENGTH))
    # what of the claim's words the cell matched: code, name_path (may fail a claim), name, position (may only confirm)
    link_matched: Series[str] = pa.Field(nullable=True, isin=list(LINK_MATCHED))  # how the cell was found
    # strong: the table, row and column the claim's section and words name; weak: it may confirm, never accuse
    link_strength: Series[str] = pa.Field(nullable=True, isin=["strong", "weak"])
    share_base_claim_no: Series[float] = pa.Field(nullable=True)
    share_base_table_seq: Series[float] = pa.Field(nullable=True)
    share_base_row_number: Series[float] = pa.Field(nullable=True)
    share_base_column_index: Series[float] = pa.Field(nullable=True)
    share_base_strength: Series[str] = pa.Field(nullable=True, isin=["strong", "weak"])  # of the total a share is of
    # boxes from the displayed page's top left, in points: the figure as printed, and its sentence on the claim's page
    figure_x0: Series[float] = pa.Field(nullable=True)
    figure_y0: Series[float] = pa.Field(nullable=True)
    figure_x1: Series[float] = pa.Field(nullable=True)
    figure_y1: Series[float] = pa.Field(nullable=True)
    sentence_x0: Series[float] = pa.Field(nullable=True)
    sentence_y0: Series[float] = pa.Field(nullable=True)
    sentence_x1: Series[float] = pa.Field(nullable=True)
    sentence_y1: Series[float] = pa.Field(nullable=True)

    class Config:
        strict = True
        coerce = False
