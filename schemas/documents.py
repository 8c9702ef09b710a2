"""The disclosure, its located tables, its pages' text, and the sums its table layouts assert."""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

from pipelines.extract.read.kinds import DOCUMENT_KINDS

from .common import DISCLOSURE_ID, UNITS, whole_number


class Disclosure(pa.DataFrameModel):
    disclosure_id: Series[str] = pa.Field(str_matches=DISCLOSURE_ID, unique=True)
    source_file: Series[str]
    source_sha256: Series[str] = pa.Field(str_matches=r"^[0-9a-f]{64}$")
    page_count: Series[int] = pa.Field(ge=0)
    title: Series[str] = pa.Field(
        nullable=True,
        description=(
            "The document's title: the first lines of its first page that are words (not a page or document "
            'number), joined; null where it prints none.'
        ),
    )
    fiscal_year: Series[float] = whole_number(ge=1990, le=2100)
    report_kind: Series[str] = pa.Field(nullable=True, isin=["budget", "final_accounts"], description='{{ doc("report_kind__2") }}')
    scope: Series[str] = pa.Field(nullable=True, isin=["department", "unit"], description='{{ doc("scope__2") }}')
    unit_name: Series[str] = pa.Field(nullable=True)
    # where year, unit and title were read: the document, which may not state some of them (never the file name)
    metadata_source: Series[str] = pa.Field(
        nullable=True, str_matches=r"^document( \(not stated: [a-z_, ]+\))?$",
        description=(
            'document, or document (not stated: …) naming the fields (fiscal_year, unit_name, title) the document '
            'does not state: those are null, never read from the file name.'
        ),
    )
    # what the file is (extract/kinds.py): a disclosure, a performance document, or what a rejected file reads as
    document_kind: Series[str] = pa.Field(
        nullable=True, isin=list(DOCUMENT_KINDS),
        description=(
            'What the file is, read from its own words (pipelines/extract/read/kinds.py): disclosure; a performance '
            'document (performance_target, performance_self_evaluation, performance_evaluation_report), loaded as '
            'such; or what a rejected file reads as (notice, report, form, list, agreement, other, html_page, '
            'scan, blank, broken, encrypted, empty_file).'
        ),
    )
    kind_reason: Series[str] = pa.Field(
        nullable=True,
        description='The words or tables that decided document_kind (its title, the standard tables found, why it could not be read).',
    )
    tables_located: Series[int] = pa.Field(ge=0)
    standard_tables_missing: Series[str] = pa.Field(nullable=True)
    # held_back: its rows broke a contract test of the marts; its figures left the warehouse, the reason is kept
    # partial: loaded, but some of its pages could not be read (pages_unreadable)
    status: Series[str] = pa.Field(
        isin=["loaded", "partial", "failed", "superseded", "held_back"],
        description=(
            'loaded, partial (some pages could not be read: pages_unreadable), failed, superseded (a newer '
            'version of the same file was loaded; its figures left the warehouse) or held_back (its rows broke a '
            'contract test of the marts; its figures left the warehouse).'
        ),
    )
    message: Series[str] = pa.Field(nullable=True, description='Why the disclosure failed, naming file and page.')
    extractor_version: Series[str] = pa.Field(nullable=True)
    duplicate_files: Series[str] = pa.Field(nullable=True)  # the same content under other names, set on load
    pages_unreadable: Series[str] = pa.Field(
        nullable=True, str_matches=r"^\d+(,\d+)*$",
        description='Pages that could not be read (a damaged page object or content stream), comma-separated; status partial.',
    )
    damage: Series[str] = pa.Field(
        nullable=True,
        description='Objects of the file its parser could not find though its pages load; status partial.',
    )
    # the narrative's money figures and percentages: read into a claim, deliberately not claims (a threshold,
    # a target, a quota …), or unaccounted; null where the document was not read
    narrative_figures: Series[float] = whole_number(
        ge=0,
        description='Money figures and percentages printed in the narrative parts; null where the document was not read.',
    )
    narrative_figures_claimed: Series[float] = whole_number(ge=0)
    narrative_figures_unaccounted: Series[float] = whole_number(
        ge=0,
        description='Those neither claimed nor deliberately not claims (pipelines/extract/narrative/vocabulary.py NOT_CLAIMS).',
    )

    class Config:
        strict = True
        coerce = False


class LocatedTable(pa.DataFrameModel):
    disclosure_id: Series[str] = pa.Field(str_matches=DISCLOSURE_ID)
    table_seq: Series[int] = pa.Field(ge=1, description='{{ doc("table_seq__4") }}')
    table_code: Series[str] = pa.Field(str_matches=r"^(T0[1-9]|P01|X)$", description='{{ doc("table_code__2") }}')
    table_title: Series[str]
    first_page: Series[int] = pa.Field(ge=1)
    last_page: Series[int] = pa.Field(ge=1)
    pages: Series[str] = pa.Field(str_matches=r"^\d+(,\d+)*$")
    regions: Series[str] = pa.Field(nullable=True)
    printed_unit: Series[str] = pa.Field(isin=UNITS, description='{{ doc("printed_unit__3") }}')
    unit_source: Series[str] = pa.Field(isin=["caption", "document"])
    n_grid_rows: Series[int] = pa.Field(ge=0, description='Rows of the joined grid, header included.')
    n_cols: Series[int] = pa.Field(ge=0, description='Grid columns.')
    header_rows: Series[float] = whole_number(ge=0)
    data_rows: Series[float] = whole_number(ge=0)
    status: Series[str] = pa.Field(
        isin=["extracted", "empty", "failed", "invalid"],
        description='extracted, empty (located, no amounts), failed (could not be parsed) or invalid (failed validation).',
    )
    message: Series[str] = pa.Field(nullable=True, description='Error naming file, page and table.')
    values_held_back: Series[int] = pa.Field(
        ge=0,
        description='Cells of the table that validation held back (each in raw.validation_failures); the rest loaded.',
    )
    label: Series[str] = pa.Field(nullable=True, description='The list label printed with the title (表1, 公开表5, 预算01表), if any.')
    classified_by: Series[str] = pa.Field(
        isin=["title", "header", "title+header", "none"],
        description=(
            'What gave the table its code: title (its words), header (its header vocabulary, the title naming no '
            'table), title+header (both agree), none (neither: X).'
        ),
    )
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
    table_seq: Series[float] = whole_number(ge=1, description='{{ doc("table_seq__5") }}')
    page_number: Series[int] = pa.Field(ge=1, description='{{ doc("page_number__3") }}')
    region: Series[str] = pa.Field(nullable=True, description='x1,y1,x2,y2 of the grid in PDF points; null off grid.')
    region_note: Series[str] = pa.Field(
        nullable=True,
        description=(
            'For an orphan grid, why it joins no table (no title above it; the table before it has other columns, '
            "and their rules do not fall on each other's …)."
        ),
    )
    amounts_printed: Series[int] = pa.Field(
        ge=0,
        description='Amount-like numbers (decimals or thousands separators) the region prints; percentages and indicator targets excluded.',
    )
    amounts_read: Series[int] = pa.Field(ge=0, description="Of those, how many were read into the table's cells on this page.")
    amounts_missing: Series[int] = pa.Field(ge=0, description='Printed and not read.')
    values_not_printed: Series[int] = pa.Field(ge=0, description='Amounts read from the table on this page that the region does not print.')
    missing_examples: Series[str] = pa.Field(nullable=True)
    not_printed_examples: Series[str] = pa.Field(nullable=True, description='Up to eight of the values read that the page does not print.')

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
    page_number: Series[int] = pa.Field(ge=1, description='{{ doc("page_number__3") }}')
    width: Series[float] = pa.Field(gt=0, description="Page width in PDF points, as displayed (after the page's rotation).")
    height: Series[float] = pa.Field(gt=0, description='Page height in PDF points, as displayed.')
    ruled: Series[bool] = pa.Field(description="Whether the page's vector paths draw a ruled grid.")
    text: Series[str] = pa.Field(description="The page's text as the text layer holds it, one printed line per line.")

    class Config:
        strict = True
        coerce = False
        unique = ["disclosure_id", "page_number"]


class TableIdentity(pa.DataFrameModel):
    """Each identity: lhs cell(s) = sum of rhs cells, as the table's own layout asserts."""

    disclosure_id: Series[str] = pa.Field(str_matches=DISCLOSURE_ID)
    table_seq: Series[int] = pa.Field(ge=1, description='{{ doc("table_seq__2") }}')
    identity_no: Series[int] = pa.Field(ge=1)
    kind: Series[str] = pa.Field(
        isin=["columns", "outline", "running_total", "balance"],
        description='columns, outline, running_total or balance.',
    )
    # strong: the sum the layout prints; weak: a sum read where the layout leaves something unprinted
    # (a named total's scope, rows' depth): it may confirm the table, never accuse it
    strength: Series[str] = pa.Field(
        isin=["strong", "weak"],
        description=(
            'strong: a sum the layout prints; weak: a sum read where the layout leaves something unprinted (a '
            "named total's scope, rows' depth), which may confirm the table but never accuse it."
        ),
    )
    role: Series[str] = pa.Field(isin=["lhs", "rhs"])
    row_number: Series[int] = pa.Field(ge=1, description='{{ doc("row_number__5") }}')
    column_index: Series[int] = pa.Field(ge=0, description='{{ doc("column_index__3") }}')

    class Config:
        strict = True
        coerce = False
