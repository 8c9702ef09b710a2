"""One disclosure PDF → its metadata, located tables, amount cells, identities and projects."""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .normalize.cells import parse_grid
from .narrative.claim_boxes import place_claims
from .measure.coverage import coverage_rows
from .read.document import describe_document
from .normalize.forms import form_money_cells
from .grids.camelot_read import read_grids
from .tables.classify import title_parts
from .normalize.header import is_current_column
from .read.kinds import REJECTED_KINDS, document_kind
from .tables.locate import locate
from .narrative import link_claims, read_narrative
from .read.pdf import DisclosureError, PageText, read_pages, sha256_of
from .normalize.projects import parse_projects
from .text import find_unit
from .vocabulary import TABLE_NAMES

log = logging.getLogger(__name__)

@dataclass
class Extraction:
    document: dict
    tables: list[dict] = field(default_factory=list)
    cells: list[dict] = field(default_factory=list)
    identities: list[dict] = field(default_factory=list)
    projects: list[dict] = field(default_factory=list)
    indicators: list[dict] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)
    claims: list[dict] = field(default_factory=list)
    coverage: list[dict] = field(default_factory=list)
    page_texts: list[dict] = field(default_factory=list)


def _read_table(t, unit: str, record: dict, out: Extraction) -> None:
    """One located table's figures into the extraction, and what was read into its record."""
    did = record["disclosure_id"]
    if t.code == "P01":
        projects, funds, indicators = parse_projects(t.grid, unit)
        out.projects.extend({"disclosure_id": did, "table_seq": t.seq, **project} for project in projects)
        out.cells.extend({"disclosure_id": did, "table_seq": t.seq, **f} for f in funds)
        out.indicators.extend({"disclosure_id": did, "table_seq": t.seq, **i} for i in indicators)
        record.update(header_rows=0, data_rows=len(indicators))
        return
    if t.code == "X" and t.family == "performance":
        # a department's performance form (整体支出绩效目标表): its money fields are amounts, its indicators targets
        cells = form_money_cells(t.grid, unit)
        record.update(header_rows=0, data_rows=len({c["row_number"] for c in cells}),
                      message="a performance form: its money fields are read; its indicator values are targets, not amounts")
        out.cells.extend({"disclosure_id": did, "table_seq": t.seq, "table_code": t.code, **c} for c in cells)
        return
    parsed = parse_grid(t.grid, unit, table_code=t.code)
    if t.code == "X" and "performance" in title_parts(t.title):
        # a performance form's funds (预算支出总额 …) are read, but a form's layout asserts no sums of a grid
        parsed.identities = []
    record.update(header_rows=parsed.header_rows, data_rows=parsed.data_rows)
    if parsed.cells and all(c["amount_yuan"] is None for c in parsed.cells):
        record["status"] = "empty"
    out.cells.extend({"disclosure_id": did, "table_seq": t.seq, "table_code": t.code, **c} for c in parsed.cells)
    for ident in parsed.identities:
        for role in ("lhs", "rhs"):
            out.identities.extend(
                {"disclosure_id": did, "table_seq": t.seq, "identity_no": ident["identity_no"], "kind": ident["kind"],
                 "strength": ident.get("strength", "strong"), "role": role, "row_number": row_number,
                 "column_index": column_index}
                for row_number, column_index in ident[role]
            )


def _table_record(t, did: str, unit: str) -> dict:
    """A located table as raw.located_tables records it, before its figures are read."""
    return {
        "disclosure_id": did,
        "table_seq": t.seq,
        "table_code": t.code,
        "table_title": t.title,
        "first_page": t.pages[0],
        "last_page": t.pages[-1],
        "pages": ",".join(map(str, t.pages)),
        # where the grid is printed, page:x1,y1,x2,y2 (PDF points), for checking extraction against the page
        "regions": ";".join(f"{p}:" + ",".join(f"{v:.1f}" for v in box) for p, box in sorted(t.grid.regions.items())),
        "printed_unit": unit,
        "unit_source": "caption" if t.unit else "document",
        "n_grid_rows": t.grid.n_rows,
        "n_cols": t.grid.n_cols,
        "status": "extracted",
        "message": None,
        "label": t.label,
        "classified_by": t.classified_by,
        "classification_note": t.classification_note,
    }


def _title_without_grid(path: Path, t, page: PageText, record: dict, out: Extraction) -> None:
    """A title with no ruled grid read under it: failed where figures are printed below it, else empty."""
    figures = any(re.search(r"\d{1,3}(,\d{3})+|\d\.\d", line) for line, top in page.lines if top < t.title_top)
    record.update(header_rows=0, data_rows=0, status="failed" if figures else "empty")
    record["message"] = str(
        DisclosureError(path, "title printed but no ruled grid could be read under it", t.pages[0], f"{t.code} {t.title}")
    ) if figures else "title printed with an empty grid: no figures on the page"
    if figures:
        out.problems.append({"disclosure_id": record["disclosure_id"], "table_seq": t.seq, "page_number": t.pages[0],
                             "message": record["message"]})


def _read_tables(path: Path, pages: list[PageText], located: list, out: Extraction) -> None:
    """Every located table's record and figures; one unreadable table loses only itself."""
    did = out.document["disclosure_id"]
    page_text = {p.number: p for p in pages}
    units = Counter(t.unit for t in located if t.unit)
    default_unit = units.most_common(1)[0][0] if units else (find_unit("\n".join(p.text for p in pages)) or "元")
    for t in located:
        unit = t.unit or ("万元" if t.code == "P01" else default_unit)
        record = _table_record(t, did, unit)
        if t.grid.n_rows == 0:
            _title_without_grid(path, t, page_text[t.pages[0]], record, out)
        else:
            try:
                _read_table(t, unit, record, out)
            except Exception as exc:  # one unreadable table must not lose the rest of the disclosure
                err = DisclosureError(path, str(exc), page=t.pages[0], table=f"{t.code} {t.title}")
                record["status"] = "failed"
                record["message"] = str(err)
                out.problems.append({"disclosure_id": did, "table_seq": t.seq, "page_number": t.pages[0], "message": str(err)})
                log.warning("%s", err)
        out.tables.append(record)


def _read_narrative(path: Path, pages: list[PageText], located: list, out: Extraction) -> None:
    """The narrative's claims, linked to the cells they speak of, and its figures counted."""
    document = out.document
    table_regions: dict[int, list] = {}
    for t in located:
        for page_no, box in t.grid.regions.items():
            table_regions.setdefault(page_no, []).append(box)
    claims, figures = read_narrative(pages, table_regions)
    document.update(
        narrative_figures=sum(figures.values()), narrative_figures_claimed=figures["claimed"],
        narrative_figures_unaccounted=figures["unaccounted"],
    )
    # a figure of this year is held against this year's columns only, never last year's or a change
    current = [c for c in out.cells if is_current_column(c.get("column_path") or "", document.get("fiscal_year"))]
    for claim, link in zip(claims, link_claims(claims, current, out.tables, document.get("report_kind"), document.get("unit_name"))):
        out.claims.append({"disclosure_id": document["disclosure_id"], **asdict(claim), **link})
    try:
        place_claims(path, out.claims)
    except Exception as exc:  # a page the text layer cannot reopen: its claims keep no box
        log.warning("%s: claims not placed on their pages (%s)", path, exc)


def extract_disclosure(path: Path | str, source_name: str | None = None) -> Extraction:
    """The whole extraction of one PDF. Raises DisclosureError only when nothing of it can be used.

    source_name is how the file is recorded (the path relative to raw/); it defaults to the path given.
    """
    path = Path(path)
    unreadable: list[int] = []  # pages a damaged object or content stream keeps from being read
    damage: list[str] = []  # objects of the file the parser could not find
    pages = read_pages(path, unreadable)
    document = describe_document(path, pages, sha256_of(path), source_name)
    try:
        sizes = {p.number: (p.width, p.height) for p in pages}
        grids = read_grids(path, [p.number for p in pages if p.ruled], unreadable, damage, sizes)
        location = locate(pages, grids)
    except Exception as exc:  # the page layout itself cannot be read
        raise DisclosureError(path, f"table extraction failed: {exc}") from exc
    document["pages_unreadable"] = ",".join(map(str, sorted(set(unreadable)))) or None
    document["damage"] = f"{len(damage)} object(s) of the file are lost ({damage[0][:120]})" if damage else None
    document["page_count"] = max([document["page_count"], *unreadable])
    located = location.tables
    kind, why = document_kind(pages, {t.code for t in located if t.code.startswith("T")})
    if kind in REJECTED_KINDS:
        raise DisclosureError(path, f"not a budget disclosure: {why}", kind=kind)
    document.update(document_kind=kind, kind_reason=why)
    if kind != "disclosure":
        document["report_kind"] = None  # a performance document is what it is, neither a budget nor final accounts
    out = Extraction(document=document)
    _read_tables(path, pages, located, out)
    _read_narrative(path, pages, located, out)
    unread = {t.title_page for t in located if t.grid.n_rows == 0 and t.title_page}
    out.coverage = coverage_rows(
        path, document["disclosure_id"], out.tables, out.cells, location.orphans, unread,
        {p.number: p.numbers for p in pages if p.numbers}, out.indicators,
    )
    out.page_texts = [
        {"disclosure_id": document["disclosure_id"], "page_number": p.number, "width": float(p.width),
         "height": float(p.height), "ruled": p.ruled, "text": p.text}
        for p in pages
    ]
    document["tables_located"] = len(located)
    document["standard_tables_missing"] = ",".join(
        code for code in TABLE_NAMES if code.startswith("T") and code not in {t.code for t in located}
    )
    return out
