"""Small PDFs drawn for the geometry tests: ruled grids placed where a test wants them, with their rules
drawn as stroked lines or as thin filled polygons (a rectangle with mitred corners), and text lines."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))


@dataclass
class GridSpec:
    top: float  # y of the grid's top rule, in points from the page's bottom
    rows: list[list[str]]
    widths: list[float]
    left: float = 60.0
    row_height: float = 20.0
    polygon_rules: bool = False  # rules as thin filled polygons instead of stroked lines


@dataclass
class PageSpec:
    lines: list[tuple[float, str]] = field(default_factory=list)  # (y, text) printed at the left margin
    grids: list[GridSpec] = field(default_factory=list)


def _rule(c: canvas.Canvas, x1: float, y1: float, x2: float, y2: float, polygon: bool) -> None:
    if not polygon:
        c.line(x1, y1, x2, y2)
        return
    w = 0.5
    path = c.beginPath()
    if y1 == y2:  # horizontal: a trapezoid, as mitred corners draw it
        path.moveTo(x1, y1)
        path.lineTo(x2, y1)
        path.lineTo(x2 - w, y1 + w)
        path.lineTo(x1 + w, y1 + w)
    else:
        path.moveTo(x1, y1)
        path.lineTo(x1, y2)
        path.lineTo(x1 + w, y2 - w)
        path.lineTo(x1 + w, y1 + w)
    path.close()
    c.drawPath(path, stroke=0, fill=1)


def _grid(c: canvas.Canvas, g: GridSpec) -> None:
    xs = [g.left]
    for w in g.widths:
        xs.append(xs[-1] + w)
    bottom = g.top - g.row_height * len(g.rows)
    for r in range(len(g.rows) + 1):
        y = g.top - r * g.row_height
        _rule(c, xs[0], y, xs[-1], y, g.polygon_rules)
    for x in xs:
        _rule(c, x, bottom, x, g.top, g.polygon_rules)
    c.setFont(FONT, 9)
    for r, row in enumerate(g.rows):
        y = g.top - (r + 1) * g.row_height + 6
        for col, text in enumerate(row):
            if text:
                c.drawString(xs[col] + 3, y, text)


def draw(path: Path, pages: list[PageSpec]) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for spec in pages:
        c.setFont(FONT, 11)
        for y, text in spec.lines:
            c.drawString(60, y, text)
        for g in spec.grids:
            _grid(c, g)
        c.showPage()
    c.save()
    return path
