"""Images of page regions for the report, rendered with pypdfium2 and kept by the hash of what they show: the
source PDF's content hash, the page, the boxes outlined and the quote looked for. An image already made for
the same request is used again without opening the PDF."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pypdfium2 as pdfium
from PIL import ImageDraw

from ..extract.narrative.claim_boxes import PageChars
from ..extract.read.pdf import sha256_of
from .models import SIDE_COLOURS, SourceFile

RENDER_VERSION = 2
SCALE = 1.75  # pixels per PDF point of a region crop: small Chinese print stays legible
PAGE_SCALE = 0.8  # a whole page, shown where a check's figure on it was not located
MARGIN = 22.0  # points above the first box and below the last: a row or a line of context on each side


FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts", Path.home() / ".local/share/fonts")


@cache
def renderer_fingerprint() -> str:
    """pdfium's version and the system fonts it may substitute for a font a PDF does not embed: an image drawn
    before a font was installed is drawn again."""
    fonts = sorted(str(p) for d in FONT_DIRS if d.is_dir() for p in d.rglob("*") if p.is_file())
    return hashlib.sha256(json.dumps([str(pdfium.PDFIUM_INFO), str(pdfium.PYPDFIUM_INFO), fonts]).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class CropRequest:
    """What one image shows: boxes (side, x0, y0, x1, y1) outlined on a page, or, with no boxes, the whole page;
    a quote is looked for in the page's text layer and outlined where found."""

    source: SourceFile
    page_number: int
    boxes: tuple[tuple[str, float, float, float, float], ...] = ()
    quote: str | None = None

    def key(self) -> str:
        what = [self.source.sha256, self.page_number, [[s, *(round(v, 1) for v in b)] for s, *b in self.boxes],
                self.quote, RENDER_VERSION, renderer_fingerprint()]
        return hashlib.sha256(json.dumps(what, ensure_ascii=False).encode()).hexdigest()[:24]


class CropStore:
    """The report's crops folder: images by request hash, and what each one found (index.json)."""

    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.index_path = folder / "index.json"
        self.index = _read_index(self.index_path)
        self.rendered = self.reused = 0
        self._docs: dict[Path, pdfium.PdfDocument | None] = {}

    def __enter__(self) -> "CropStore":
        return self

    def __exit__(self, *exc) -> None:
        for doc in self._docs.values():
            if doc is not None:
                doc.close()
        write_whole(self.index_path, json.dumps(self.index, ensure_ascii=False, sort_keys=True))

    def get(self, request: CropRequest) -> tuple[str, dict] | None:
        """(file name in the folder, what it shows: {'outlined': [...sides], 'quote_found': bool}), or None where
        the source PDF is not where it was loaded from, or no longer the file it was. A quote its page does not
        print makes no image (file None), and is remembered as not found."""
        key = request.key()
        name = f"{key}.webp"
        known = self.index.get(key)
        if known is not None and (known.get("quote_found") is False or (self.folder / name).exists()):
            self.reused += 1
            return (None if known.get("quote_found") is False else name), known
        doc = self._document(request.source)
        if doc is None or not 1 <= request.page_number <= len(doc):
            return None
        shown = _render(doc[request.page_number - 1], request, self.folder / name)
        self.index[key] = shown
        self.rendered += 1
        return (None if shown.get("quote_found") is False else name), shown

    def _document(self, source: SourceFile) -> pdfium.PdfDocument | None:
        if source.path not in self._docs:
            ok = source.path.is_file() and sha256_of(source.path) == source.sha256
            self._docs[source.path] = pdfium.PdfDocument(source.path) if ok else None
        return self._docs[source.path]


def write_whole(path: Path, text: str) -> None:
    """Replace the file whole: a reader, or a run stopped midway, never sees half of it."""
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def _read_index(path: Path) -> dict[str, dict]:
    """What each crop shows; an unreadable index is started afresh (its crops are drawn again)."""
    try:
        return json.loads(path.read_text()) if path.exists() else {}
    except (OSError, ValueError):
        return {}


def _quote_box(page, quote: str) -> tuple[float, ...] | None:
    chars = PageChars(page)
    span = chars.find(quote)
    return chars.box(span) if span else None


def band(boxes, width: float, height: float) -> tuple[float, float, float, float]:
    """The band of the page across its whole width from above the first box to below the last: a cell's row
    label and its neighbours stay in view."""
    y0 = min(b[2] for b in boxes) - MARGIN
    y1 = max(b[4] for b in boxes) + MARGIN
    return 0.0, max(0.0, y0), width, min(height, y1)


def _render(page, request: CropRequest, out: Path) -> dict:
    boxes = list(request.boxes)
    shown: dict = {"outlined": sorted({b[0] for b in boxes})}
    if request.quote:
        found = _quote_box(page, request.quote)
        shown["quote_found"] = found is not None
        if not found:
            return shown
        boxes.append(("evidence", *found))
        shown["outlined"] = sorted({b[0] for b in boxes})
    width, height = page.get_size()
    if not boxes:  # the whole page, small
        page.render(scale=PAGE_SCALE).to_pil().convert("RGB").save(out, "WEBP", quality=60, method=4)
        shown["whole_page"] = True
        return shown
    x0, y0, x1, y1 = band(boxes, width, height)
    image = page.render(
        scale=SCALE, crop=(x0, height - y1, width - x1, y0)  # pdfium crops left, bottom, right, top of the page
    ).to_pil().convert("RGB")
    draw = ImageDraw.Draw(image)
    for side, bx0, by0, bx1, by1 in boxes:
        rect = [(bx0 - x0) * SCALE - 2, (by0 - y0) * SCALE - 2, (bx1 - x0) * SCALE + 2, (by1 - y0) * SCALE + 2]
        draw.rectangle(rect, outline=SIDE_COLOURS.get(side, "#d62728"), width=3)
    image.save(out, "WEBP", quality=70, method=4)
    return shown
