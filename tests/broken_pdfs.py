"""Generates the bad inputs the pipeline must reject clearly: python tests/broken_pdfs.py OUT_DIR."""

from __future__ import annotations

import sys
from pathlib import Path

import shutil

import yaml
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from conftest import SAMPLE_DATA, SAMPLE_PDF
from sample.render import render


def _canvas(path: Path, **kw) -> canvas.Canvas:
    return canvas.Canvas(str(path), pagesize=A4, invariant=1, **kw)


def make_all(out: Path) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    files = {}

    files["empty"] = out / "empty.pdf"
    files["empty"].write_bytes(b"")

    files["truncated"] = out / "truncated.pdf"
    files["truncated"].write_bytes(SAMPLE_PDF.read_bytes()[:4000])

    files["not_pdf"] = out / "not_a_pdf.pdf"
    files["not_pdf"].write_text("这不是PDF文件，只是文本。\n", encoding="utf-8")

    files["encrypted"] = out / "encrypted.pdf"
    c = _canvas(files["encrypted"], encrypt="secret")
    c.drawString(72, 700, "confidential")
    c.save()

    files["image_only"] = out / "scanned.pdf"
    c = _canvas(files["image_only"])
    for i in range(20):  # ruled lines and shapes only: what a scan without OCR leaves in the text layer
        c.line(72, 100 + i * 30, 520, 100 + i * 30)
    c.rect(72, 100, 448, 570)
    c.save()

    files["not_disclosure"] = out / "meeting_notes.pdf"
    c = _canvas(files["not_disclosure"])
    c.drawString(72, 750, "Quarterly meeting notes")
    c.drawString(72, 730, "Attendees: planning committee. No figures were discussed.")
    c.save()
    files["duplicate"] = out / "same_budget_renamed.pdf"
    shutil.copy(SAMPLE_PDF, files["duplicate"])

    # the sample without its 一般公共预算基本支出表 and “三公” table
    doc = yaml.safe_load((SAMPLE_DATA / "document.yaml").read_text(encoding="utf-8"))
    doc["blocks"] = [
        {**b, "file": str(SAMPLE_DATA / b["file"])} if b.get("type") == "table" else b
        for b in doc["blocks"]
        if b.get("file") not in ("tables/t06.yaml", "tables/t09.yaml")
    ]
    doc["title"] = "昆明海关本级部门预算 2026 年（缺表）"
    spec = out / "missing_tables.yaml"
    spec.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    files["missing_tables"] = out / "missing_tables.pdf"
    render(spec, files["missing_tables"])
    return files


if __name__ == "__main__":
    for name, path in make_all(Path(sys.argv[1])).items():
        print(f"{name}\t{path}")
