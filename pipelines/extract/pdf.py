"""Opening a disclosure PDF and reading its text layer (pypdfium2: the fastest text read available)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

from .coverage import PageNumbers, read_numbers
from .rulings import page_is_ruled


class DisclosureError(Exception):
    """A PDF that cannot be ingested; the message names the file and, where known, the page and table."""

    def __init__(self, path: Path | str, message: str, page: int | None = None, table: str | None = None):
        self.path, self.page, self.table, self.reason = str(path), page, table, message
        where = f"{self.path}"
        if page is not None:
            where += f", page {page}"
        if table:
            where += f", table {table}"
        super().__init__(f"{where}: {message}")


@dataclass
class PageText:
    number: int  # 1-based
    text: str
    lines: list[tuple[str, float]]  # (line text, top y in PDF points; larger is higher on the page)
    width: float
    height: float
    ruled: bool = False  # its vector paths draw a ruled grid (see rulings.py)
    numbers: PageNumbers | None = None  # a ruled page's printed numbers, read with its text for coverage


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _display_top(box: tuple[float, float, float, float], rotation: int, width: float, height: float) -> float:
    """Top of a character box on the page as displayed (rotated), the space camelot reports grids in."""
    left, bottom, right, top = box
    if rotation == 90:
        return width - left
    if rotation == 180:
        return height - bottom
    if rotation == 270:
        return right
    return top


def _page_lines(textpage, text: str, rotation: int = 0, width: float = 0.0, height: float = 0.0) -> list[tuple[str, float]]:
    """The page's text lines in reading order, each with the top of its first character.

    pdfium's text is indexed like its characters (generated line breaks included), so a line's
    first index gives its position without reading every character box.
    """
    lines, index = [], 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            first = index + (len(raw) - len(raw.lstrip()))
            try:
                top = _display_top(textpage.get_charbox(first), rotation, width, height)
            except Exception:  # generated characters have no box
                top = 0.0
            lines.append((stripped, float(top)))
        index += len(raw) + 1
    return lines


def read_pages(path: Path) -> list[PageText]:
    """Every page's text. Corrupt, encrypted and empty files raise DisclosureError."""
    path = Path(path)
    if path.stat().st_size == 0:
        raise DisclosureError(path, "file is empty (0 bytes)")
    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        if "password" in msg.lower():
            raise DisclosureError(path, "PDF is encrypted and needs a password") from exc
        raise DisclosureError(path, f"not a readable PDF ({msg})") from exc
    try:
        pages = []
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            raw = textpage.get_text_range()
            rotation = page.get_rotation()
            mx0, my0, mx1, my1 = page.get_mediabox()
            # \r\n is two characters in pdfium's index: keep the count when splitting lines.
            lines = _page_lines(textpage, raw.replace("\r\n", " \n"), rotation, mx1 - mx0, my1 - my0)
            text = raw.replace("\r\n", "\n").replace("\r", "\n")
            width, height = page.get_size()
            ruled = page_is_ruled(page)
            numbers = read_numbers(page, textpage, raw) if ruled else None
            pages.append(PageText(i + 1, text, lines, width, height, ruled, numbers))
            textpage.close()
            page.close()
    finally:
        doc.close()
    if not pages:
        raise DisclosureError(path, "PDF has no pages")
    if not any(p.text.strip() for p in pages):
        raise DisclosureError(path, "PDF has no text layer (scanned images only); it needs OCR before it can be read")
    return pages
