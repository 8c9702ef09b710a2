"""A ruled table as a grid of texts with its merged cells, rebuilt from camelot's cell edges."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..text import is_amount, join_wrapped

Box = tuple[float, float, float, float]


def box_fields(box: Box | None, prefix: str = "") -> dict[str, float | None]:
    """A box as a row's columns {prefix}x0 … {prefix}y1 (x0, y0 top left, x1, y1 bottom right), nulls without one."""
    return dict(zip((f"{prefix}{k}" for k in ("x0", "y0", "x1", "y1")), box or (None, None, None, None)))


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
    # boxes[r][c]: the merged cell's box (x0, top, x1, bottom) in PDF points from the page's top left, on the page
    # of its row (row_pages[r]); None where no drawn cell is known
    boxes: list[list[Box | None]] = field(default_factory=list)

    @property
    def n_rows(self) -> int:
        return len(self.texts)

    @property
    def n_cols(self) -> int:
        return len(self.texts[0]) if self.texts else 0

    def row(self, r: int) -> list[str]:
        return self.texts[r]

    def box(self, r: int, c: int) -> Box | None:
        """The box of the cell at row r, column c, on the page of its row."""
        return self.boxes[r][c] if r < len(self.boxes) and c < len(self.boxes[r]) else None

    def box_row(self, r: int) -> list[Box | None]:
        return [self.box(r, c) for c in range(self.n_cols)]

    def starts_span(self, r: int, c: int) -> bool:
        """True where a merged cell begins (its top-left position)."""
        s = self.span[r][c]
        return not ((r > 0 and self.span[r - 1][c] == s) or (c > 0 and self.span[r][c - 1] == s))

    def drop_top_rows(self, n: int) -> None:
        """Remove the first n rows (a title and caption printed inside the ruled area)."""
        self.texts, self.span, self.row_pages, self.boxes = self.texts[n:], self.span[n:], self.row_pages[n:], self.boxes[n:]

    def same_frame(self, other: "Grid", tolerance: float = 6.0) -> bool:
        """Drawn at the same left and right edges: the same table, even where a page shows fewer columns."""
        return abs(self.bbox[0] - other.bbox[0]) <= tolerance and abs(self.bbox[2] - other.bbox[2]) <= tolerance

    def columns_align(self, other: "Grid", tolerance: float = 4.0) -> bool:
        """The column rules of the part with fewer columns all fall on rules of the other: the same table's
        columns, where one part draws an extra empty column at its edge (a sheet ruled one column wider on the
        page that carries its title) or merges two."""
        def edges(grid: "Grid") -> list[float]:
            return sorted({round(x, 1) for a, b in grid.cols for x in (a, b)})

        fewer, more = sorted((edges(self), edges(other)), key=len)
        return len(fewer) >= 4 and all(any(abs(x - y) <= tolerance for y in more) for x in fewer)

    def rebase_onto(self, other: "Grid") -> None:
        """Take the finer columns of the next part, this part's rows spread over the columns they cover.
        For a part holding only header text (a title row printed at the foot of a page): no amount is
        copied into two columns."""
        if not (self.cols and other.cols):
            return
        offset = max((max(row) for row in self.span), default=-1) + 1
        texts, spans, boxes = [], [], []
        for r in range(self.n_rows):
            row_texts, row_spans, row_boxes = [], [], []
            for a, b in other.cols:
                mid = (a + b) / 2
                c = next((j for j, (x1, x2) in enumerate(self.cols) if x1 - 2 <= mid <= x2 + 2), None)
                row_texts.append(self.texts[r][c] if c is not None else "")
                row_spans.append(self.span[r][c] if c is not None else offset + r * 1000 + len(row_spans))
                row_boxes.append(self.box(r, c) if c is not None else None)
            texts.append(row_texts)
            spans.append(row_spans)
            boxes.append(row_boxes)
        self.texts, self.span, self.cols, self.boxes = texts, spans, list(other.cols), boxes

    def remapped(self, cols: list[tuple[float, float]]) -> "Grid":
        """This part laid onto another part's columns: each of those columns takes the text of this part's
        column its middle falls in (an extra empty edge column dropped, a merged pair given to both)."""
        texts, spans, boxes = [], [], []
        for r in range(self.n_rows):
            row_texts, row_spans, row_boxes = [], [], []
            for a, b in cols:
                mid = (a + b) / 2
                c = next((j for j, (x1, x2) in enumerate(self.cols) if x1 - 2 <= mid <= x2 + 2), None)
                row_texts.append(self.texts[r][c] if c is not None else "")
                row_spans.append(self.span[r][c] if c is not None else -(r * 1000 + len(row_spans) + 1))
                row_boxes.append(self.box(r, c) if c is not None else None)
            texts.append(row_texts)
            spans.append(row_spans)
            boxes.append(row_boxes)
        return Grid(page=self.page, texts=texts, span=spans, bbox=self.bbox, row_pages=list(self.row_pages),
                    regions=dict(self.regions), cols=list(cols), boxes=boxes)

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
                boxes = [other.box(r, c) for c in range(other.n_cols)]
            else:
                fresh = offset + (r + 1) * 10_000  # ids of positions no column of the part covers
                texts, spans = [""] * self.n_cols, [fresh + c for c in range(self.n_cols)]
                boxes: list[Box | None] = [None] * self.n_cols
                for j, (a, b) in enumerate(other.cols):
                    for c, (x1, x2) in enumerate(self.cols):
                        if a - 2 <= (x1 + x2) / 2 <= b + 2:
                            texts[c], spans[c], boxes[c] = other.texts[r][j], other.span[r][j] + offset, other.box(r, j)
            rows.append((texts, spans, other.row_pages[r], boxes))
        if rows and self.texts and any(is_amount(t) for row in self.texts for t in row):
            # a row cut by the page break: its label's tail alone on the next page
            last, first = self.texts[-1], rows[0][0]
            filled = [c for c, t in enumerate(first) if t.strip()]
            if filled and all(last[c].strip() and not is_amount(first[c]) for c in filled):
                for c in filled:
                    last[c] = join_wrapped(last[c] + "\n" + first[c])
                rows = rows[1:]
        self.boxes = [self.box_row(r) for r in range(self.n_rows)]
        for texts, spans, page, boxes in rows:
            self.texts.append(texts)
            self.span.append(spans)
            self.row_pages.append(page)
            self.boxes.append(boxes)
        for page, box in other.regions.items():
            # two grids of one table on one page: the region covers both
            old = self.regions.get(page)
            self.regions[page] = box if old is None else (
                min(old[0], box[0]), min(old[1], box[1]), max(old[2], box[2]), max(old[3], box[3])
            )


def grid_from_camelot(table, page_size: tuple[float, float] | None = None) -> Grid:
    """Merge camelot cells that no ruling line separates, and give each merged cell its joined text. Where the
    page's size as its text layer reads it (page_size) is not the size camelot laid the page out in (a damaged
    page object), the cells' boxes would sit elsewhere on the page: they are left unknown."""
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
    laid_out = tuple(float(v) for v in getattr(table, "pdf_size", (0.0, 0.0)))
    same_page = page_size is None or all(abs(a - b) <= 1 for a, b in zip(laid_out, page_size))
    boxes = _merged_boxes(cells, find, laid_out[1]) if same_page else []
    texts = [[joined.get(find(r * n_cols + c), "") for c in range(n_cols)] for r in range(n_rows)]
    span = [[find(r * n_cols + c) for c in range(n_cols)] for r in range(n_rows)]
    page = int(table.page)
    bbox = tuple(float(v) for v in getattr(table, "_bbox", (0, 0, 0, 0)))
    cols = [(float(a), float(b)) for a, b in getattr(table, "cols", [])]
    return Grid(page=page, texts=texts, span=span, bbox=bbox, row_pages=[page] * n_rows, regions={page: bbox}, cols=cols,
                boxes=boxes)


def _merged_boxes(cells, find, page_height: float) -> list[list[Box | None]]:
    """Each position's merged cell as one box from the page's top left: the union of camelot's cells (whose
    y runs up from the page's foot) that no ruling line separates."""
    n_cols = len(cells[0]) if cells else 0
    union: dict[int, list[float]] = {}
    for r, row in enumerate(cells):
        for c, cell in enumerate(row):
            x0, top, x1, bottom = cell.x1, page_height - cell.y2, cell.x2, page_height - cell.y1
            box = union.setdefault(find(r * n_cols + c), [x0, top, x1, bottom])
            box[:] = [min(box[0], x0), min(box[1], top), max(box[2], x1), max(box[3], bottom)]
    return [[tuple(round(v, 2) for v in union[find(r * n_cols + c)]) for c in range(n_cols)] for r in range(len(cells))]
