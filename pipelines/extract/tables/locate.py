"""Tables from geometry first: every ruled grid gets its title from the text just above it.

A grid with no title of its own at the top of a page continues the previous page's table when its
columns line up, or takes the title printed at the foot of the page before. Several grids on a page
are several tables. A title printed with no grid under it is recorded as such; a grid with neither
title nor table to continue is an orphan region, whose figures the coverage report counts as unread.
Nothing is assigned by page number alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .classify import classify
from ..grids.grid import Grid
from ..normalize.header import header_row_count, same_header
from ..read.pdf import PageText
from ..normalize.projects import list_header
from ..text import find_unit, is_amount, squash
from .titles import Band, gridless_titles, is_caption, page_furniture, read_band, title_inside

_STACKED_GAP = 15.0  # points between two grids with no text between them: one table drawn in two parts


@dataclass
class LocatedTable:
    seq: int
    code: str
    title: str
    grid: Grid
    unit: str | None
    title_top: float = 0.0
    title_page: int | None = None
    label: str | None = None
    classified_by: str = "title"
    classification_note: str | None = None
    family: str | None = None  # the family of tables its header's vocabulary belongs to (performance …)

    @property
    def pages(self) -> list[int]:
        """Pages the table occupies: its title's page (which may precede the grid) and its grid's."""
        return sorted(set(self.grid.row_pages) | set(self.grid.regions) | {self.title_page or self.grid.page})


@dataclass(frozen=True)
class OrphanRegion:
    """A ruled grid that is no located table's: no title above it and no table it continues, and why."""

    page: int
    bbox: tuple[float, float, float, float]
    reason: str = ""


@dataclass
class Location:
    tables: list[LocatedTable] = field(default_factory=list)
    orphans: list[OrphanRegion] = field(default_factory=list)


@dataclass
class _Pending:
    """A title at the foot of a page with no grid under it: its grid may open the next page."""

    code: str
    title: str
    page: int
    top: float
    unit: str | None


def header_cells(grid: Grid) -> list[str]:
    """The header rows' texts and the codes printed in the first columns: the table's vocabulary."""
    h = header_row_count(grid)
    cells = [t for row in grid.texts[: max(h, 1)] for t in row]
    cells += [row[c] for row in grid.texts[h : h + 40] for c in range(min(3, grid.n_cols))]
    if not any("指标" in t for t in cells):
        cells += [t for row in grid.texts[:20] for t in row if "指标" in t]
    return cells


def _lines_up(a: Grid, b: Grid) -> bool:
    """Two parts of one table by their structure: as many columns, drawn at the same left and right edges, or
    column rules that fall on each other's."""
    return a.n_cols == b.n_cols or a.same_frame(b) or a.columns_align(b)


def _is_project_form(grid: Grid) -> bool:
    """A 项目绩效目标表 laid out as one project's form: a 项目名称 label cell with the name beside it."""
    return any(squash(t) == "项目名称" for row in grid.texts[:4] for t in row[:2])


def _continue(prev: LocatedTable, grid: Grid) -> None:
    if grid.n_cols > prev.grid.n_cols and not any(is_amount(t) for row in prev.grid.texts for t in row):
        prev.grid.rebase_onto(grid)  # so far only a header fragment: the continuation's columns are the table's
    elif grid.n_cols != prev.grid.n_cols and prev.grid.columns_align(grid):
        grid = grid.remapped(prev.grid.cols)  # its columns onto the table's, so a repeated header is seen as one
    h = 0 if prev.code == "P01" else header_row_count(prev.grid)
    prev.grid.append(grid, skip_rows=h if h and same_header(prev.grid, grid, h) else 0)


def _follows(prev: LocatedTable | None, page: int) -> bool:
    """The table runs to the page before: a row of it, or a row's cells carried over from the page before that."""
    return prev is not None and bool(prev.grid.row_pages) and max([*prev.grid.row_pages, *prev.grid.regions]) == page - 1


def _place(located: list[LocatedTable], orphans: list[OrphanRegion], page: PageText, first: bool, grid: Grid,
           band: Band, pending: _Pending | None, above: LocatedTable | None) -> tuple[LocatedTable | None, bool]:
    """Put one grid where it belongs: (the table it is part of or None for an orphan, whether the
    pending title was used). `above` is the table the grid just above it on the page went to."""
    prev = located[-1] if located else None
    if band.title:
        repeated = _follows(prev, page.number) and squash(prev.title) == squash(band.title)
        # a project's own form on each page is a table of its own; a list of projects runs on over its pages
        one_form = prev is not None and prev.code == "P01" and _is_project_form(grid) and list_header(grid) is None
        if repeated and _lines_up(prev.grid, grid) and not one_form:
            _continue(prev, grid)  # the title repeated on a continuation page
            return prev, False
        top = band.title_top if band.title_top is not None else grid.bbox[3]
        located.append(_classified(LocatedTable(0, "X", band.title, grid, band.unit, top, page.number, band.label)))
        return located[-1], False
    if first and pending is not None and pending.page == page.number - 1:
        table = LocatedTable(0, "X", pending.title, grid, pending.unit or band.unit, pending.top, pending.page)
        located.append(_classified(table))
        return located[-1], True
    if first and _follows(prev, page.number) and (_lines_up(prev.grid, grid) or prev.code == "P01"):
        _continue(prev, grid)
        return prev, False
    if above is not None and above is prev and not band.lines and above.grid.regions.get(page.number) and (
        above.grid.regions[page.number][1] - grid.bbox[3] <= _STACKED_GAP
    ):
        _continue(prev, grid)  # one table drawn as two grids, nothing printed between them
        return prev, False
    headed = _headed_project_list(grid, page.number)
    if headed is not None:
        located.append(headed)
        return headed, False
    orphans.append(OrphanRegion(page.number, grid.bbox, _orphan_reason(prev, page.number, first, grid)))
    return None, False


def _headed_project_list(grid: Grid, page: int) -> LocatedTable | None:
    """A list of projects printed with no title (after "重点项目绩效目标情况如下："), known by its own header: its
    project-name, money and 绩效目标 columns. Its title is its header's words; no other table is read untitled."""
    found = classify(None, header_cells(grid))
    header = list_header(grid) if found.code == "P01" else None
    if header is None:
        return None
    words = "、".join(squash(t) for t in grid.texts[header[0]] if squash(t))
    return LocatedTable(0, "P01", f"（未印标题）{words}", grid, find_unit(words), grid.bbox[3], page, None, "header",
                        "no title printed: a list of projects known by its header", found.family)


def _orphan_reason(prev: LocatedTable | None, page: int, first: bool, grid: Grid) -> str:
    """Why a grid with no title joins no table: what the structure says against the one it might continue."""
    if not first:
        return "no title above it, and the grid above it on this page is not drawn against it"
    if not _follows(prev, page):
        return "no title above it, and no table of the page before runs to this page"
    return (f"no title above it; the table before it ({prev.code} {prev.title}, p.{max(prev.grid.regions)}) has "
            f"{prev.grid.n_cols} columns, this grid {grid.n_cols}, and their column rules do not fall on each other's")


def _foot_title(page: PageText, titles: list[tuple[str, str, float]], bottom: float) -> _Pending | None:
    """The lowest title of the page, where it is printed below the page's last grid: its grid may be on
    the next page. Its unit is the caption printed below it."""
    if not titles or titles[-1][2] >= bottom:
        return None
    code, title, top = titles[-1]
    units = [find_unit(line) for line, t in page.lines if t < top and is_caption(line)]
    return _Pending(code, title, page.number, top, next((u for u in units if u), None))


def locate(pages: list[PageText], grids: dict[int, list[Grid]]) -> Location:
    """Every grid of the document placed as a table, a continuation, or an orphan region; then every
    title with no grid recorded as a table without one."""
    furniture = page_furniture(pages)
    out = Location()
    pending: _Pending | None = None
    gridless: list[_Pending] = []
    for page in pages:
        page_grids = grids.get(page.number, [])
        taken: set[float] = set()
        upper, above = page.height + 1, None
        for k, grid in enumerate(page_grids):
            band = read_band([(line, top) for line, top in page.lines if grid.bbox[3] + 1 < top <= upper], furniture)
            band = title_inside(grid, band)
            taken.update(([band.title_top] if band.title_top is not None else []) + band.titles_seen)
            above, used = _place(out.tables, out.orphans, page, k == 0, grid, band, pending, above)
            if used:
                pending = None
            upper = grid.bbox[1]
        if pending is not None:
            gridless.append(pending)  # the page after it opened with no grid for it
            pending = None
        inside = [(g.bbox[1], g.bbox[3]) for g in page_grids]
        titles = sorted(gridless_titles(page, taken, furniture, inside), key=lambda t: -t[2])
        pending = _foot_title(page, titles, page_grids[-1].bbox[1] if page_grids else page.height + 1)
        gridless += [_Pending(code, title, page.number, top, None) for code, title, top in titles[: len(titles) - (pending is not None)]]
    if pending is not None:
        gridless.append(pending)
    _add_gridless(out.tables, gridless)
    out.tables.sort(key=lambda t: (t.title_page or t.grid.page, -t.title_top))
    for seq, table in enumerate(out.tables, start=1):
        table.seq = seq
    return out


def _classified(table: LocatedTable) -> LocatedTable:
    """The table with its code, from its title and the header of its first grid."""
    found = classify(table.title, header_cells(table.grid))
    table.code, table.classified_by, table.classification_note, table.family = found.code, found.basis, found.note, found.family
    return table


def _add_gridless(located: list[LocatedTable], gridless: list[_Pending]) -> None:
    """A standard table whose title is printed but whose grid cannot be read (drawn without ruling, or
    printed empty) is still located: it is reported, not silently lost."""
    for item in gridless:
        if item.code in ("X", "P01"):
            continue  # a project table's title with no grid is a heading: the form holds all of it
        empty = Grid(page=item.page, texts=[], span=[], row_pages=[], regions={})
        located.append(LocatedTable(0, item.code, item.title, empty, item.unit, item.top, item.page, None, "title"))

