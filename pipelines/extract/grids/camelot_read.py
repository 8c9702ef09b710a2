"""camelot's ruled grids of a PDF's pages, with what this pipeline teaches it: rules drawn as thin filled
polygons count, nearly empty grids are kept, and only what a grid needs of camelot's metadata is computed."""

from __future__ import annotations

import logging
from pathlib import Path

import camelot
from camelot import image_processing
from camelot.parsers import lattice
from playa.miner import LTCurve

from .grid import Grid, grid_from_camelot
from ..read.rulings import THIN

# the PDF parser's notices of objects it could not find even after rebuilding the file's object table: the
# file is damaged, though every page may load
_LOST_OBJECT = "STILL not found"


class _ParserNotices(logging.Handler):
    """Collects the PDF parser's notices while camelot reads, instead of printing them."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.lost: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if _LOST_OBJECT in message:
            self.lost.append(message)


def _read_camelot(path: Path, pages: str, notices: _ParserNotices) -> list:
    loggers = [logging.getLogger(name) for name in ("playa", "pdfminer")]
    kept = [(log, log.propagate) for log in loggers]
    for log in loggers:
        log.addHandler(notices)
        log.propagate = False
    try:
        return list(camelot.read_pdf(str(path), pages=pages, **CAMELOT_OPTIONS))
    finally:
        for log, propagate in kept:
            log.removeHandler(notices)
            log.propagate = propagate

# boxes_flow=None skips the layout's reading-order grouping of text boxes, about a third of camelot's
# time per page. Lattice does not use it: ruling lines come from the page's graphics, and each cell's
# text lines are sorted by position before they are joined; only the order of the boxes changes.
# detect_vertical=False: a lone character beside a line (the 七 of 七、文化旅游…支出 set apart by its
# spacing) is otherwise taken for a vertical text line and lands mid-label; text printed top to bottom
# still reads as one line per character, which a cell joins in order.
CAMELOT_OPTIONS = dict(
    flavor="lattice", engine="vector", split_text=True, suppress_stdout=True,
    layout_kwargs={"boxes_flow": None, "detect_vertical": False},
)
_camelot_lines = image_processing.find_lines_from_layout
_camelot_ruled = image_processing._ruled_lines_from_layout


def _once_per_layout(walk):
    """camelot asks for a page's lines once per direction; the layout is walked once."""
    last: list = [None, None]

    def walked(layout):
        if last[0] is not layout:
            last[:] = [layout, walk(layout)]
        return last[1]

    return walked


@_once_per_layout
def _thin_shapes(layout) -> dict[str, list[tuple[float, float, float, float]]]:
    """Rules drawn as thin filled polygons (a rectangle with mitred corners is a curve, not a rectangle,
    to the layout), which camelot's vector engine passes over."""
    found: dict[str, list] = {"horizontal": [], "vertical": []}
    for obj in image_processing._walk_layout_objects(layout):
        if type(obj) is not LTCurve or not getattr(obj, "fill", False):
            continue
        width, height = obj.x1 - obj.x0, obj.y1 - obj.y0
        if height <= THIN < width:
            y = (obj.y0 + obj.y1) / 2
            found["horizontal"].append((obj.x0, y, obj.x1, y))
        elif width <= THIN < height:
            x = (obj.x0 + obj.x1) / 2
            found["vertical"].append((x, obj.y0, x, obj.y1))
    return found


def _lines_with_thin_shapes(layout, direction: str = "horizontal"):
    """camelot's ruled lines, plus rules drawn as thin filled polygons."""
    found = _camelot_lines(layout, direction)
    extra = _thin_shapes(layout)[direction]
    return image_processing.coalesce_collinear_lines(found + extra, direction) if extra else found


def _keep_sparse_grids(self, table) -> bool:
    """camelot drops a ruled grid whose cells are nearly all empty; a table printing only its 合计 row,
    or a continuation page holding one blank row, is such a grid. Only a single cell (a frame) is dropped
    here: whether a grid is a table is decided by the title above it."""
    return table.shape[0] * table.shape[1] <= 1


def _place_text(self, table) -> None:
    """What this pipeline needs of camelot's table metadata: each text line placed in its cell. camelot
    also builds a DataFrame, an accuracy and a whitespace score per table, none of which are read here."""
    table.flavor, table.filename = self.id, self.filename
    table.parse = self.table_bbox_parses.get(table._bbox)
    self.compute_parse_errors(table)
    table.shape = (len(table.cells), len(table.cells[0]) if table.cells else 0)
    table.pdf_size = (self.pdf_width, self.pdf_height)  # a cell's box is given from the page's top


lattice.find_lines_from_layout = _lines_with_thin_shapes
lattice.Lattice.record_parse_metadata = _place_text
image_processing._ruled_lines_from_layout = _once_per_layout(_camelot_ruled)
lattice.Lattice._reject_table = _keep_sparse_grids


def read_grids(path: Path, page_numbers: list[int], unreadable: list[int] | None = None,
               damage: list[str] | None = None, sizes: dict[int, tuple[float, float]] | None = None) -> dict[int, list[Grid]]:
    """camelot's ruled grids of the given pages, as Grids, top first on each page. Where camelot fails on
    the pages together and `unreadable` is given, each page is read alone: a page it cannot read is added
    to `unreadable` and loses only its own grids. Objects the parser lost are noted in `damage`."""
    if not page_numbers:
        return {}
    notices = _ParserNotices()
    try:
        found = _read_camelot(path, ",".join(map(str, page_numbers)), notices)
    except Exception:
        if unreadable is None:
            raise
        found = []
        for number in page_numbers:
            try:
                found += _read_camelot(path, str(number), notices)
            except Exception:  # a damaged content stream on this page
                unreadable.append(number)
    if damage is not None:
        damage.extend(dict.fromkeys(notices.lost))
    by_page: dict[int, list[Grid]] = {}
    for table in found:
        g = grid_from_camelot(table, (sizes or {}).get(int(table.page)))
        if g.n_rows and g.n_cols:
            by_page.setdefault(g.page, []).append(g)
    return {page: sorted(grids, key=lambda g: -g.bbox[3]) for page, grids in by_page.items()}
