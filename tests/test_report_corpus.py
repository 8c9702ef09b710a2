"""The HTML report on the shared corpus: every page small, crops reused, and each crop outlining where the
value is printed, rotated pages included."""

import random
import time

import duckdb
import pytest

from conftest import CORPUS, requires_corpus

pytestmark = requires_corpus

MAX_PAGE_BYTES = 5_000_000


@pytest.fixture(scope="module")
def corpus_site(corpus_warehouse, tmp_path_factory):
    from pipelines.reports import write_site

    warehouse, _ = corpus_warehouse
    out = tmp_path_factory.mktemp("site") / "html"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        first = write_site(con, CORPUS, out)[1]
        started = time.monotonic()
        index, again = write_site(con, CORPUS, out)
        again_seconds = time.monotonic() - started
    return warehouse, index, first, again, again_seconds


def _crop_names(html: str) -> set[str]:
    return {part.split('"', 1)[0] for part in html.split('src="../crops/')[1:]}


def test_every_disclosure_has_its_page_and_no_page_weighs_5_mb(corpus_site):
    warehouse, index, first, again, again_seconds = corpus_site
    with duckdb.connect(str(warehouse), read_only=True) as con:
        ids = {d for (d,) in con.execute("select disclosure_id from marts.rpt_disclosure_quality").fetchall()}
    pages = {p.stem: p for p in (index.parent / "d").glob("*.html")}
    assert set(pages) == ids and len(ids) >= 33  # every file but the image-only one, wherever it is recorded
    html = index.read_text(encoding="utf-8")
    assert all(f"d/{d}.html" in html for d in ids)
    weights = {}
    for d, page in pages.items():
        text = page.read_text(encoding="utf-8")
        weights[d] = len(text.encode()) + sum((index.parent / "crops" / n).stat().st_size for n in _crop_names(text))
    assert max(weights.values()) < MAX_PAGE_BYTES, max(weights.items(), key=lambda kv: kv[1])
    assert first.crops_rendered > 0 and not first.missing_sources
    # written again from the same warehouse: every crop is reused, none drawn again
    assert again.crops_rendered == 0 and again.crops_reused == first.crops_rendered + first.crops_reused
    print(f"corpus report: {first.seconds:.1f}s first, {again_seconds:.1f}s again; largest page {max(weights.values())} bytes")


def _inside(image, box, origin_y: float, scale: float):
    """The pixels strictly inside the box (the outline drawn around it excluded), in grey."""
    x0, y0, x1, y1 = box
    left, top = int(x0 * scale) + 3, int((y0 - origin_y) * scale) + 3
    width, height = max(1, int((x1 - x0) * scale) - 6), max(1, int((y1 - y0) * scale) - 6)
    return image.convert("L").crop((left, top, left + width, top + height))


def _mean(image) -> float:
    histogram = image.histogram()
    return sum(i * n for i, n in enumerate(histogram)) / max(1, sum(histogram))


def test_a_crop_outlines_the_cell_whose_value_it_prints_on_rotated_pages_too(corpus_warehouse, tmp_path):
    """60 cells at random (fixed seed), a third of them on pages printed rotated: inside the cell's box the crop
    shows what the whole page drawn on its own shows there (ink: the value), and the red outline around it."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageChops

    from pipelines.reports.crops import SCALE, CropRequest, CropStore, band
    from pipelines.reports.models import SIDE_COLOURS, SourceFile

    warehouse, _ = corpus_warehouse
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            """select d.disclosure_id, d.source_file, d.source_sha256, c.page_number, c.x0, c.y0, c.x1, c.y1
               from marts.fct_table_cell c join marts.dim_disclosure d using (disclosure_id)
               where c.printed_value <> '' and c.x1 - c.x0 > 12 and c.y1 - c.y0 > 8 order by all"""
        ).fetchall()
    turned = {}
    for source in {r[1] for r in rows}:
        doc = pdfium.PdfDocument(str(CORPUS / source))
        turned.update({(source, i + 1): bool(doc[i].get_rotation()) for i in range(len(doc))})
        doc.close()
    rotated = [r for r in rows if turned[(r[1], r[3])]]
    upright = [r for r in rows if not turned[(r[1], r[3])]]
    assert rotated, "the corpus has pages printed rotated"
    picked = random.Random(7).sample(rotated, 20) + random.Random(7).sample(upright, 40)
    red = tuple(int(SIDE_COLOURS["lhs"][i:i + 2], 16) for i in (1, 3, 5))
    wrong = []
    with CropStore(tmp_path / "crops") as store:
        for d, source, sha, page_number, *box in picked:
            name, _ = store.get(CropRequest(SourceFile(d, CORPUS / source, sha), page_number, (("lhs", *box),)))
            image = Image.open(tmp_path / "crops" / name).convert("RGB")
            doc = pdfium.PdfDocument(str(CORPUS / source))
            page = doc[page_number - 1]
            width, height = page.get_size()
            whole = page.render(scale=SCALE).to_pil()  # the page as displayed, drawn on its own
            doc.close()
            origin_y = band([("lhs", *box)], width, height)[1]
            got = _inside(image, box, origin_y, SCALE)
            # pdfium rounds a crop's edge to the pixel: the same drawing, a pixel off at most
            shifted = [_inside(whole, (box[0] + dx / SCALE, box[1] + dy / SCALE, box[2] + dx / SCALE, box[3] + dy / SCALE), 0.0, SCALE)
                       for dx in (-1, 0, 1) for dy in (-1, 0, 1)]
            same = any(e.size == got.size and _mean(ImageChops.difference(got, e)) < 12 for e in shifted)
            expected = shifted[4]
            edge = image.getpixel((int(box[0] * SCALE) - 1, int(((box[1] + box[3]) / 2 - origin_y) * SCALE)))
            outlined = sum(abs(a - b) for a, b in zip(edge, red)) < 120
            if not (same and outlined and expected.getextrema()[0] < 170):
                wrong.append((source, page_number, box, edge))
    assert wrong == [], wrong[:5]


def test_every_corpus_page_renders_in_a_browser_with_its_images_and_no_error(corpus_site):
    from chromium import Browser, find_chromium

    binary = find_chromium()
    if binary is None:
        pytest.skip("no Chromium here: `apt-get install chromium` (Debian; .ci/run installs it) to run the browser test")
    _, index, *_ = corpus_site
    browser = Browser(binary)
    try:
        broken = {}
        for page in [index, *sorted((index.parent / "d").glob("*.html"))]:
            browser.open(page.as_uri())
            missing = browser.evaluate("Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0)).length")
            if missing:
                broken[page.name] = missing
        assert broken == {} and browser.errors == []
    finally:
        browser.close()
