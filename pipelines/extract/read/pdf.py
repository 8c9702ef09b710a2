"""Opening a disclosure PDF and reading its text layer (pypdfium2: the fastest text read available)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

from ..measure.coverage import PageNumbers, read_numbers
from .files import sha256_of  # noqa: F401  (the file identity, read from here by callers)
from .rulings import page_is_ruled


class DisclosureError(Exception):
    """A PDF that cannot be ingested; the message names the file and, where known, the page and table. kind:
    what the file is instead (document kinds: extract/kinds.py), where that is known."""

    def __init__(self, path: Path | str, message: str, page: int | None = None, table: str | None = None,
                 kind: str | None = None):
        self.path, self.page, self.table, self.reason, self.kind = str(path), page, table, message, kind
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


def _read_page(doc, i: int) -> PageText:
    page = doc[i]
    try:
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
        textpage.close()
        return PageText(i + 1, text, lines, width, height, ruled, numbers)
    finally:
        page.close()


def _holds_objects(doc, count: int) -> bool:
    """Whether any page draws something (text, paths, images): a file whose pages hold nothing is damaged."""
    for i in range(count):
        try:
            page = doc[i]
        except Exception:  # an unloadable page is reported as such
            continue
        try:
            if any(True for _ in page.get_objects()):
                return True
        finally:
            page.close()
    return False


def html_page(path: Path) -> str | None:
    """Where the file is a web page saved under a .pdf name (a crawler's commonest failure): its <title>, or
    'no title'; None for anything else."""
    with open(path, "rb") as fh:
        head = fh.read(65536)
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if not re.match(r"(?i)<(!doctype\s+html|html|head|meta|script|!--)", text):
        return None
    found = re.search(r"(?is)<title[^>]*>(.*?)</title>", text)
    title = re.sub(r"\s+", " ", found.group(1)).strip() if found else ""
    return f"titled '{title[:80]}'" if title else "no title"


def read_pages(path: Path, unreadable: list[int] | None = None) -> list[PageText]:
    """Every page's text. Corrupt, encrypted and empty files raise DisclosureError. A page that cannot be
    read is skipped and its number added to `unreadable` where a list is given (else it raises, naming it)."""
    path = Path(path)
    if path.stat().st_size == 0:
        raise DisclosureError(path, "file is empty (0 bytes)", kind="empty_file")
    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        if "password" in msg.lower():
            raise DisclosureError(path, "PDF is encrypted and needs a password", kind="encrypted") from exc
        page = html_page(path)
        if page is not None:
            raise DisclosureError(path, f"not a PDF: a web page saved as .pdf ({page})", kind="html_page") from exc
        raise DisclosureError(path, f"not a readable PDF ({msg})", kind="broken") from exc
    try:
        pages, count, failed = [], len(doc), []
        for i in range(count):
            try:
                pages.append(_read_page(doc, i))
            except Exception as exc:  # a damaged page object or content stream loses only its page
                if unreadable is None:
                    raise DisclosureError(path, f"page cannot be read ({exc})", page=i + 1) from exc
                failed.append(i + 1)
        empty = not any(p.text.strip() for p in pages)
        drawn = _holds_objects(doc, count) if empty and pages else True
    finally:
        doc.close()
    if count == 0:
        raise DisclosureError(path, "PDF has no pages", kind="blank")
    if not pages:
        raise DisclosureError(path, f"none of its {count} pages can be read (damaged page objects)", kind="broken")
    if empty and not drawn:
        raise DisclosureError(path, "no page holds text, images or drawings (blank or damaged pages)", kind="blank")
    if empty:
        raise DisclosureError(path, "PDF has no text layer (scanned images only); it needs OCR before it can be read", kind="scan")
    if unreadable is not None:
        unreadable.extend(failed)
    return pages
