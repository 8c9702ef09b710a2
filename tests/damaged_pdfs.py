"""Damaged copies of a real disclosure, the kinds a crawler brings home: python tests/damaged_pdfs.py OUT_DIR.

From the first pages of the sample (cover, narrative and its first tables, so each copy reads quickly):
truncations at many offsets, bytes flipped in content streams and in the cross-reference table, zeroed
blocks, a page object unnamed, a font's program broken, an encrypted copy, a file of 20,000 empty pages,
and a deeply nested object. Seeded, so every run makes the same files.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pypdfium2 as pdfium
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from conftest import SAMPLE_PDF

SOURCE_PAGES = 8


def source(out: Path) -> Path:
    """The sample's first pages as a PDF of their own."""
    target = out / "source.pdf"
    whole = pdfium.PdfDocument(str(SAMPLE_PDF))
    part = pdfium.PdfDocument.new()
    part.import_pages(whole, list(range(SOURCE_PAGES)))
    part.save(str(target))
    return target


def _streams(data: bytes) -> list[tuple[int, int]]:
    return [(m.end(), m.end() + 400) for m in re.finditer(rb"stream\r?\n", data)]


def _flipped(data: bytes, spans: list[tuple[int, int]], rng: random.Random, n: int) -> bytes:
    b = bytearray(data)
    for _ in range(n):
        start, end = rng.choice(spans)
        p = rng.randrange(start, min(end, len(b)))
        b[p] = rng.randrange(256)
    return bytes(b)


def _special(out: Path, data: bytes) -> dict[str, Path]:
    files = {}
    files["page_unnamed"] = out / "page_unnamed.pdf"
    files["page_unnamed"].write_bytes(re.sub(rb"/Type\s*/Page(?=[\s/>])", b"/Type/Xage", data, count=2))
    files["font_broken"] = out / "font_broken.pdf"  # the CJK font's encoding and descendant unnamed
    files["font_broken"].write_bytes(re.sub(rb"/Encoding/UniGB-UCS2-H|/DescendantFonts", b"/Encodinx/Broken", data))
    files["encrypted"] = out / "encrypted.pdf"
    c = canvas.Canvas(str(files["encrypted"]), pagesize=A4, invariant=1, encrypt="secret")
    c.drawString(72, 700, "2026年部门预算")
    c.save()
    files["empty_pages"] = out / "empty_20000_pages.pdf"
    many = pdfium.PdfDocument.new()
    for _ in range(20000):
        many.new_page(595, 842)
    many.save(str(files["empty_pages"]))
    files["nested_bomb"] = out / "nested_bomb.pdf"
    depth = 100_000
    body = b"[" * depth + b"]" * depth
    files["nested_bomb"].write_bytes(
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /Bomb " + body + b" >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )
    return files


def make_all(out: Path, seed: int = 11) -> dict[str, Path]:
    """At least 200 damaged copies by name (the kind is the name's prefix), and the good source."""
    out.mkdir(parents=True, exist_ok=True)
    good = source(out)
    data = good.read_bytes()
    rng = random.Random(seed)
    files: dict[str, Path] = {}

    def put(name: str, content: bytes) -> None:
        files[name] = out / f"{name}.pdf"
        files[name].write_bytes(content)

    for i in range(60):
        put(f"truncated_{i:02d}", data[: int(len(data) * (i + 1) / 61)])
    streams = _streams(data)
    for i in range(70):
        put(f"stream_flip_{i:02d}", _flipped(data, streams, rng, 1 + i % 8))
    xref = data.rfind(b"xref")
    for i in range(30):
        put(f"xref_flip_{i:02d}", _flipped(data, [(xref, len(data))], rng, 1 + i % 4))
    for i in range(40):
        b = bytearray(data)
        p = rng.randrange(len(b) - 2048)
        b[p:p + 64 * (1 + i % 32)] = bytes(64 * (1 + i % 32))
        put(f"zeroed_{i:02d}", bytes(b))
    files.update(_special(out, data))
    return {"good": good, **files}


if __name__ == "__main__":
    for name, path in make_all(Path(sys.argv[1])).items():
        print(f"{name}\t{path}")
