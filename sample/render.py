"""Render the sample disclosure (sample/data/*.yaml) to a deterministic PDF.

The PDF stands in for a published 部门预算 document: body text plus ruled tables that
the pipeline later extracts with camelot (lattice flavour), so the tables must be
drawn with real vector ruling lines and the text must use a font whose glyphs map
back to Unicode.  The data format is described in sample/data/README.md.

    python -m sample.render [--data sample/data/document.yaml] [--out PATH]
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from xml.sax.saxutils import escape

import yaml
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO_ROOT / "sample" / "data" / "document.yaml"

# Built-in CID font: no font file to ship, and its UniGB-UCS2-H encoding lets any
# PDF text extractor map glyphs back to Unicode.
FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

MARGIN = 2 * cm
PAGE_SIZES = {"portrait": A4, "landscape": landscape(A4)}

# A cell is an "amount" (right-aligned) if it is a plain number as printed:
# 1,234.56 / 463.00 / 109.5 / -12 / a lone "-" for nil.
AMOUNT_RE = re.compile(r"^(-|[-+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?)$")


def _style(name: str, size: float, leading: float, **kw) -> ParagraphStyle:
    # wordWrap='CJK' lets Chinese break between any two characters (no spaces needed).
    return ParagraphStyle(name, fontName=FONT, fontSize=size, leading=leading, wordWrap="CJK", **kw)


STYLES = {
    "cover": _style("cover", 26, 40, alignment=TA_CENTER, spaceAfter=18),
    "heading": _style("heading", 16, 24, alignment=TA_CENTER, spaceBefore=6, spaceAfter=12),
    "subheading": _style("subheading", 13, 20, alignment=TA_LEFT, spaceBefore=8, spaceAfter=4),
    "paragraph": _style("paragraph", 11, 18, alignment=TA_LEFT, firstLineIndent=22, spaceAfter=2),
    "line": _style("line", 11, 18, alignment=TA_LEFT, spaceAfter=2),
    "above_title": _style("above_title", 9, 12, alignment=TA_LEFT),
    "table_title": _style("table_title", 15, 21, alignment=TA_CENTER, spaceBefore=4, spaceAfter=2),
    "subtitle": _style("subtitle", 10.5, 14, alignment=TA_CENTER, spaceAfter=2),
    "caption_left": _style("caption_left", 9, 12, alignment=TA_LEFT),
    "caption_right": _style("caption_right", 9, 12, alignment=TA_RIGHT),
    "note": _style("note", 9, 13, alignment=TA_LEFT, spaceBefore=3),
    # CJK wrapping lets one closing punctuation mark (、，。, 7.5pt wide) hang past the
    # line end; rightIndent + cell padding (7 + 1.5) keep it 1pt inside the cell's rule,
    # else the extractor drops it or gives it to the next cell. Amounts never hang.
    "cell_left": _style("cell_left", 7.5, 9, alignment=TA_LEFT, rightIndent=7),
    "cell_right": _style("cell_right", 7.5, 9, alignment=TA_RIGHT),
    "cell_center": _style("cell_center", 7.5, 9, alignment=TA_CENTER, rightIndent=7),
}


def _para(text: str, style: str) -> Paragraph:
    # Paragraph parses mini-HTML: escape the data and keep explicit newlines.
    return Paragraph(escape(text).replace("\n", "<br/>"), STYLES[style])


# ---------------------------------------------------------------- tables


def expand_rows(rows: list, ncols: int, header_rows: int, where: str):
    """Place HTML-like rows on a grid.

    Returns (cells, spans): cells is a list of (row, col, text), spans a list of
    (col0, row0, col1, row1) for reportlab SPAN commands.  Raises ValueError naming
    `where` and the 1-based row on any malformed row.
    """
    covered: set[tuple[int, int]] = set()
    cells, spans = [], []
    for r, row in enumerate(rows):
        here = f"{where}: row {r + 1}"
        if not isinstance(row, list):
            raise ValueError(f"{here}: expected a list of cells, got {row!r}")
        c = 0
        for cell in row:
            while (r, c) in covered:  # skip positions taken by earlier spans
                c += 1
            if isinstance(cell, dict):
                unknown = set(cell) - {"text", "colspan", "rowspan"}
                if unknown:
                    raise ValueError(f"{here}: unknown cell keys {sorted(unknown)} in {cell!r}")
                text, cs, rs = cell.get("text", ""), cell.get("colspan", 1), cell.get("rowspan", 1)
            else:
                text, cs, rs = cell, 1, 1
            # Unquoted YAML numbers lose their printed form (463.00 -> 463.0): refuse them.
            if not isinstance(text, str):
                raise ValueError(f"{here}, column {c + 1}: cell text must be a quoted string, got {text!r}")
            if not (isinstance(cs, int) and isinstance(rs, int) and cs >= 1 and rs >= 1):
                raise ValueError(f"{here}, column {c + 1}: bad colspan/rowspan in {cell!r}")
            if c + cs > ncols:
                raise ValueError(f"{here}: cells run past the {ncols} columns of col_widths (cell {cell!r})")
            if r + rs > len(rows):
                raise ValueError(f"{here}: rowspan {rs} runs past the last row (cell {cell!r})")
            if r < header_rows < r + rs:
                raise ValueError(f"{here}: a header cell's rowspan crosses header_rows={header_rows}")
            block = {(r + i, c + j) for i in range(rs) for j in range(cs)}
            if block & covered:
                raise ValueError(f"{here}, column {c + 1}: cell {cell!r} overlaps an earlier span")
            covered |= block
            cells.append((r, c, text))
            if cs > 1 or rs > 1:
                spans.append((c, r, c + cs - 1, r + rs - 1))
            c += cs
        filled = sum(1 for j in range(ncols) if (r, j) in covered)
        if filled != ncols:
            raise ValueError(f"{here}: {filled} positions after expanding spans, expected {ncols} (len(col_widths))")
    return cells, spans


def build_grid(spec: dict, frame_width: float, where: str) -> list[Table]:
    widths = spec["col_widths"]
    header_rows = spec.get("header_rows", 0) or 0
    rows = spec["rows"]
    cells, spans = expand_rows(rows, len(widths), header_rows, where)

    data = [[""] * len(widths) for _ in rows]
    for r, c, text in cells:
        if r < header_rows:
            style = "cell_center"
        elif AMOUNT_RE.match(text.strip()):
            style = "cell_right"
        else:
            style = "cell_left"
        data[r][c] = _para(text, style)

    total = float(sum(widths))
    col_widths = [frame_width * w / total for w in widths]
    commands = [
        # Real 0.5pt vector rules on every cell edge: camelot's lattice parser finds cells from them.
        ("GRID", (0, 0), (-1, -1), 0.5, "black"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 1.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 1.5),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    # The published page breaks: each part after a break starts a new page under a repeated header.
    breaks = sorted(spec.get("page_breaks_before") or [])
    bounds = [header_rows] + [b - 1 for b in breaks] + [len(rows)]
    for c0, r0, c1, r1 in spans:
        if any(r0 < b - 1 <= r1 for b in breaks):
            raise ValueError(f"{where}: a page break falls inside the span starting at row {r0 + 1}")
    parts = []
    for start, stop in zip(bounds, bounds[1:]):
        keep = list(range(header_rows)) + list(range(start, stop))
        index = {r: i for i, r in enumerate(keep)}
        part_spans = [
            ("SPAN", (c0, index[r0]), (c1, index[r1])) for c0, r0, c1, r1 in spans if r0 in index and r1 in index
        ]
        # splitByRow with splitInRow=0: reportlab never breaks a page inside a rowspan group.
        parts.append(
            Table(
                [data[r] for r in keep],
                colWidths=col_widths,
                style=TableStyle(commands + part_spans),
                repeatRows=header_rows,
                splitByRow=1,
                hAlign="CENTER",
            )
        )
    return parts


def table_flowables(spec: dict, frame_width: float, where: str) -> list:
    for key in ("title", "col_widths", "rows"):
        if key not in spec:
            raise ValueError(f"{where}: missing required key {key!r}")
    out = [_para(line, "above_title") for line in spec.get("above_title") or []]
    out.append(_para(spec["title"], "table_title"))
    if spec.get("subtitle"):
        out.append(_para(spec["subtitle"], "subtitle"))
    left, right = spec.get("left_caption") or "", spec.get("right_caption") or ""
    if left or right:
        # Borderless two-cell line: no rules, so the lattice parser ignores it.
        caption = Table(
            [[_para(left, "caption_left"), _para(right, "caption_right")]],
            colWidths=[frame_width * 0.7, frame_width * 0.3],
            style=TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]),
        )
        out.append(caption)
    out.append(Spacer(1, 2))
    for i, part in enumerate(build_grid(spec, frame_width, where)):
        if i:
            out.append(PageBreak())
        out.append(part)
    out += [_para(note, "note") for note in spec.get("notes") or []]
    return out


# ---------------------------------------------------------------- document


def _frame_width(orientation: str) -> float:
    return PAGE_SIZES[orientation][0] - 2 * MARGIN


def _page_templates(first: str) -> list[PageTemplate]:
    # The first template in the list is the one page 1 uses.
    out = []
    for name, size in PAGE_SIZES.items():
        frame = Frame(MARGIN, MARGIN, size[0] - 2 * MARGIN, size[1] - 2 * MARGIN,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=name)
        out.append(PageTemplate(id=name, frames=[frame], pagesize=size))
    return sorted(out, key=lambda t: t.id != first)


class _Story(list):
    """Flowables plus page-break bookkeeping, so that consecutive breaks
    (cover + explicit pagebreak + table start) never produce blank pages."""

    first_page = "portrait"  # template of page 1 (landscape if the document opens with such a table)

    def new_page(self, orientation: str = "portrait") -> None:
        if self and isinstance(self[-1], PageBreak):
            # Already breaking: just retarget the coming page's template.
            if len(self) >= 2 and isinstance(self[-2], NextPageTemplate):
                self[-2] = NextPageTemplate(orientation)
            else:
                self.insert(len(self) - 1, NextPageTemplate(orientation))
        elif self:
            self += [NextPageTemplate(orientation), PageBreak()]
        else:
            self.first_page = orientation  # nothing yet: page 1 itself takes this template


def _load_yaml(path: Path) -> dict:
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping at top level")
    return data


def build_story(doc: dict, base: Path) -> _Story:
    story = _Story()
    after_table = False  # content after a table starts on a fresh portrait page
    for i, block in enumerate(doc.get("blocks") or []):
        kind = block.get("type") if isinstance(block, dict) else None
        if kind != "pagebreak" and after_table:
            story.new_page("portrait")
        after_table = False
        if kind == "cover":
            story += [Spacer(1, 6 * cm)] + [_para(line, "cover") for line in block.get("lines") or []]
            story.new_page("portrait")
        elif kind == "pagebreak":
            story.new_page("portrait")
        elif kind in ("heading", "subheading", "paragraph", "line"):
            if not isinstance(block.get("text"), str):
                raise ValueError(f"document block {i + 1}: {kind} needs a string `text`, got {block!r}")
            story.append(_para(block["text"], kind))
        elif kind == "table":
            path = base / block["file"]
            spec = _load_yaml(path)
            orientation = spec.get("orientation", "portrait")
            if orientation not in PAGE_SIZES:
                raise ValueError(f"{path}: orientation must be portrait or landscape, got {orientation!r}")
            story.new_page(orientation)
            story += table_flowables(spec, _frame_width(orientation), str(path))
            after_table = True
        else:
            raise ValueError(f"document block {i + 1}: unknown block {block!r}")
    # A trailing break would add an empty last page.
    while story and isinstance(story[-1], (PageBreak, NextPageTemplate)):
        story.pop()
    return story


def _metadata(doc: dict) -> dict:
    cover = next((b for b in doc.get("blocks") or [] if isinstance(b, dict) and b.get("type") == "cover"), {})
    title = doc.get("title") or " ".join((cover.get("lines") or [])[:2])
    return {
        "title": title,
        "author": doc.get("author") or "",
        "subject": doc.get("subject") or title,
        "creator": "sample.render",
        "producer": "ReportLab (sample.render)",
    }


def render(document_yaml: Path, out_pdf: Path) -> None:
    """Render document_yaml (see sample/data/README.md) to out_pdf, byte-identically on every run."""
    document_yaml, out_pdf = Path(document_yaml), Path(out_pdf)
    doc = _load_yaml(document_yaml)
    story = build_story(doc, document_yaml.parent)
    out_pdf.parent.mkdir(parents=True, exist_ok=True)
    template = BaseDocTemplate(
        str(out_pdf),
        pagesize=A4,
        pageTemplates=_page_templates(story.first_page),
        leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN,
        invariant=1,  # fixed timestamps and document ID -> reproducible bytes
        **_metadata(doc),
    )
    template.build(story)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="document.yaml to render")
    parser.add_argument("--out", type=Path, help="output PDF (default: the document's `output`, under the repo root)")
    args = parser.parse_args(argv)
    out = args.out
    if out is None:
        output = _load_yaml(args.data).get("output")
        if not output:
            parser.error(f"{args.data} has no `output` key; pass --out")
        out = REPO_ROOT / output
    render(args.data, out)
    print(out)


if __name__ == "__main__":
    main()
