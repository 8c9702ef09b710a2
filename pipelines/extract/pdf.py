"""Opening a disclosure PDF and reading its text layer (pypdfium2: the fastest text read available)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium


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


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _page_lines(textpage, text: str) -> list[tuple[str, float]]:
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
                top = textpage.get_charbox(first)[3]
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
            # \r\n is two characters in pdfium's index: keep the count when splitting lines.
            lines = _page_lines(textpage, raw.replace("\r\n", " \n"))
            text = raw.replace("\r\n", "\n").replace("\r", "\n")
            width, height = page.get_size()
            pages.append(PageText(i + 1, text, lines, width, height))
            textpage.close()
            page.close()
    finally:
        doc.close()
    if not pages:
        raise DisclosureError(path, "PDF has no pages")
    if not any(p.text.strip() for p in pages):
        raise DisclosureError(path, "PDF has no text layer (scanned images only); it needs OCR before it can be read")
    return pages
