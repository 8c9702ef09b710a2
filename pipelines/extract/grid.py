"""A ruled table as a grid of texts with its merged cells, rebuilt from camelot's cell edges."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import camelot
from camelot import image_processing
from camelot.parsers import lattice
from playa.miner import LTCurve

from .rulings import THIN
from .text import is_amount, join_wrapped

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


lattice.find_lines_from_layout = _lines_with_thin_shapes
lattice.Lattice.record_parse_metadata = _place_text
image_processing._ruled_lines_from_layout = _once_per_layout(_camelot_ruled)
lattice.Lattice._reject_table = _keep_sparse_grids


def read_grids(path: Path, page_numbers: list[int], unreadable: list[int] | None = None,
               damage: list[str] | None = None) -> dict[int, list["Grid"]]:
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
        g = grid_from_camelot(table)
        if g.n_rows and g.n_cols:
            by_page.setdefault(g.page, []).append(g)
    return {page: sorted(grids, key=lambda g: -g.bbox[3]) for page, grids in by_page.items()}


@dataclass
class Grid:
    """texts[r][c] holds a merged cell's text in every position it covers; span[r][c] names the merged cell."""

    page: int
    texts: list[list[str]]
    span: list[list[int]]
    bbox: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # x1, y1, x2, y2 in PDF points
    row_pages: list[int] = field(default_factory=list)
    regions: dict[int, tuple[float, float, float, float]] = field(default_factory=dict)  # page → grid bbox
    cols: list[tuple[float, float]] = field(default_factory=list)  # x extent of each column

    @property
    def n_rows(self) -> int:
        return len(self.texts)

    @property
    def n_cols(self) -> int:
        return len(self.texts[0]) if self.texts else 0

    def row(self, r: int) -> list[str]:
        return self.texts[r]

    def starts_span(self, r: int, c: int) -> bool:
        """True where a merged cell begins (its top-left position)."""
        s = self.span[r][c]
        return not ((r > 0 and self.span[r - 1][c] == s) or (c > 0 and self.span[r][c - 1] == s))

    def drop_top_rows(self, n: int) -> None:
        """Remove the first n rows (a title and caption printed inside the ruled area)."""
        self.texts, self.span, self.row_pages = self.texts[n:], self.span[n:], self.row_pages[n:]

    def same_frame(self, other: "Grid", tolerance: float = 6.0) -> bool:
        """Drawn at the same left and right edges: the same table, even where a page shows fewer columns."""
        return abs(self.bbox[0] - other.bbox[0]) <= tolerance and abs(self.bbox[2] - other.bbox[2]) <= tolerance

    def rebase_onto(self, other: "Grid") -> None:
        """Take the finer columns of the next part, this part's rows spread over the columns they cover.
        For a part holding only header text (a title row printed at the foot of a page): no amount is
        copied into two columns."""
        if not (self.cols and other.cols):
            return
        offset = max((max(row) for row in self.span), default=-1) + 1
        texts, spans = [], []
        for r in range(self.n_rows):
            row_texts, row_spans = [], []
            for a, b in other.cols:
                mid = (a + b) / 2
                c = next((j for j, (x1, x2) in enumerate(self.cols) if x1 - 2 <= mid <= x2 + 2), None)
                row_texts.append(self.texts[r][c] if c is not None else "")
                row_spans.append(self.span[r][c] if c is not None else offset + r * 1000 + len(row_spans))
            texts.append(row_texts)
            spans.append(row_spans)
        self.texts, self.span, self.cols = texts, spans, list(other.cols)

    def append(self, other: "Grid", skip_rows: int = 0) -> None:
        """Continue this table with the rows of the next page's part.

        A part drawn with fewer column rules (a page holding only a merged 合计 row) is mapped onto
        this table's columns by position."""
        offset = max((max(row) for row in self.span), default=-1) + 1
        same_columns = other.n_cols == self.n_cols
        rows = []
        for r in range(skip_rows, other.n_rows):
            if same_columns or not (self.cols and other.cols):
                texts, spans = list(other.texts[r]), [s + offset for s in other.span[r]]
            else:
                fresh = offset + (r + 1) * 10_000  # ids of positions no column of the part covers
                texts, spans = [""] * self.n_cols, [fresh + c for c in range(self.n_cols)]
                for j, (a, b) in enumerate(other.cols):
                    for c, (x1, x2) in enumerate(self.cols):
                        if a - 2 <= (x1 + x2) / 2 <= b + 2:
                            texts[c], spans[c] = other.texts[r][j], other.span[r][j] + offset
            rows.append((texts, spans, other.row_pages[r]))
        if rows and self.texts and any(is_amount(t) for row in self.texts for t in row):
            # a row cut by the page break: its label's tail alone on the next page
            last, first = self.texts[-1], rows[0][0]
            filled = [c for c, t in enumerate(first) if t.strip()]
            if filled and all(last[c].strip() and not is_amount(first[c]) for c in filled):
                for c in filled:
                    last[c] = join_wrapped(last[c] + "\n" + first[c])
                rows = rows[1:]
        for texts, spans, page in rows:
            self.texts.append(texts)
            self.span.append(spans)
            self.row_pages.append(page)
        for page, box in other.regions.items():
            # two grids of one table on one page: the region covers both
            old = self.regions.get(page)
            self.regions[page] = box if old is None else (
                min(old[0], box[0]), min(old[1], box[1]), max(old[2], box[2]), max(old[3], box[3])
            )


def grid_from_camelot(table) -> Grid:
    """Merge camelot cells that no ruling line separates, and give each merged cell its joined text."""
    cells = table.cells
    n_rows, n_cols = len(cells), len(cells[0]) if cells else 0
    parent = list(range(n_rows * n_cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for r in range(n_rows):
        for c in range(n_cols):
            cell = cells[r][c]
            if c + 1 < n_cols and not (cell.right or cells[r][c + 1].left):
                union(r * n_cols + c, r * n_cols + c + 1)
            if r + 1 < n_rows and not (cell.bottom or cells[r + 1][c].top):
                union(r * n_cols + c, (r + 1) * n_cols + c)

    pieces: dict[int, list[str]] = {}
    for r in range(n_rows):
        for c in range(n_cols):
            t = cells[r][c].text
            if t and t.strip():
                pieces.setdefault(find(r * n_cols + c), []).append(t)
    joined = {k: join_wrapped("\n".join(v)) for k, v in pieces.items()}
    texts = [[joined.get(find(r * n_cols + c), "") for c in range(n_cols)] for r in range(n_rows)]
    span = [[find(r * n_cols + c) for c in range(n_cols)] for r in range(n_rows)]
    page = int(table.page)
    bbox = tuple(float(v) for v in getattr(table, "_bbox", (0, 0, 0, 0)))
    cols = [(float(a), float(b)) for a, b in getattr(table, "cols", [])]
    return Grid(page=page, texts=texts, span=span, bbox=bbox, row_pages=[page] * n_rows, regions={page: bbox}, cols=cols)
