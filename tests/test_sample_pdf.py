"""The committed sample PDF is exactly what the generator makes from its data files."""

import hashlib

import pypdfium2 as pdfium

from conftest import SAMPLE_DATA, SAMPLE_PDF
from sample.render import render


def test_regenerated_pdf_is_unchanged(tmp_path):
    out = tmp_path / "sample.pdf"
    render(SAMPLE_DATA / "document.yaml", out)
    assert hashlib.sha256(out.read_bytes()).hexdigest() == hashlib.sha256(SAMPLE_PDF.read_bytes()).hexdigest(), (
        "raw/ holds a stale sample: run `python -m sample.render` and commit the PDF"
    )


def test_sample_has_a_chinese_text_layer_and_continued_tables():
    doc = pdfium.PdfDocument(str(SAMPLE_PDF))
    texts = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    assert "昆明海关本级部门预算" in texts[0]
    # 支出预算总表 continues on the next page under its repeated header
    start = next(i for i, t in enumerate(texts) if "支出预算总表" in t and "科目代码" in t)
    assert "2101103" in texts[start + 1] and "科目代码" in texts[start + 1]
    assert "2101103" not in texts[start]
