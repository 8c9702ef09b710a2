"""A ruled table as a grid of texts with its merged cells, rebuilt from camelot's cell edges."""

from __future__ import annotations

from dataclasses import dataclass, field

from .text import is_amount, join_wrapped


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

    def same_frame(self, other: "Grid", tolerance: float = 6.0) -> bool:
        """Drawn at the same left and right edges: the same table, even where a page shows fewer columns."""
        return abs(self.bbox[0] - other.bbox[0]) <= tolerance and abs(self.bbox[2] - other.bbox[2]) <= tolerance

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
        if rows and self.texts:
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
        self.regions.update(other.regions)


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
