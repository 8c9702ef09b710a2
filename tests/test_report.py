"""The HTML report the main job writes: every disclosure listed, every failed check of the sample shown with
crops of both its sides, the disclosure asset linking its page, a failing pandera check its rows' crop, and
the pages as a real browser renders them."""

import copy
import re
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest

from chromium import Browser, find_chromium
from conftest import ROOT, SAMPLE_PDF

SCREENSHOTS = ROOT / "reports" / "screenshots"


def _report_index(first) -> Path:
    line = next(x for x in first.stdout.splitlines() if x.strip().startswith("HTML report:"))
    return Path(line.split(":", 1)[1].split("(")[0].strip())


class _Findings(HTMLParser):
    """{check id: [(sides outlined, image file)]} of a disclosure page."""

    def __init__(self):
        super().__init__()
        self.found: dict[str, list[tuple[set[str], str]]] = {}
        self.check = self.sides = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section" and "data-check" in a:
            self.check = a["data-check"]
            self.found[self.check] = []
        elif tag == "figure" and self.check:
            self.sides = set((a.get("data-sides") or "").split())
        elif tag == "img" and self.check and self.sides is not None:
            self.found[self.check].append((self.sides, a["src"]))
            self.sides = None


def _sample(work: Path) -> tuple[str, list[tuple[str, str]]]:
    with duckdb.connect(str(work / "budget.duckdb"), read_only=True) as con:
        (d,) = con.execute("select disclosure_id from marts.dim_disclosure where source_file = ?", [f"2026/{SAMPLE_PDF.name}"]).fetchone()
        failed = con.execute(
            "select check_id, value_unit from marts.fct_reconciliation where disclosure_id = ? and status = 'fail'", [d]
        ).fetchall()
    return d, failed


def test_the_run_writes_the_html_report_and_lists_every_disclosure(job_run):
    work, first, second, _ = job_run
    index = _report_index(first)
    assert index == work / "reports" / "html" / "index.html" and index.exists()
    assert str(index) in second.stdout  # a run with nothing to do still says where the report is
    with duckdb.connect(str(work / "budget.duckdb"), read_only=True) as con:
        disclosures = con.execute("select disclosure_id, load_status from marts.rpt_disclosure_quality").fetchall()
    html = index.read_text(encoding="utf-8")
    for page in [index, *(index.parent / "d").glob("*.html")]:  # offline: nothing fetched from elsewhere
        assert not re.search(r'(src|href)="(https?:)?//', page.read_text(encoding="utf-8")), page
    for d, status in disclosures:
        assert f'data-disclosure="{d}"' in html and (index.parent / "d" / f"{d}.html").exists()
        assert re.search(rf'data-status="{status}"[^>]*data-disclosure="{d}"', html)


def test_every_failed_check_of_the_sample_is_shown_with_crops_of_both_sides(job_run):
    work, first, _, _ = job_run
    d, failed = _sample(work)
    assert len(failed) >= 20  # the sample's published contradictions (tests/test_reconciliation.py)
    page = _report_index(first).parent / "d" / f"{d}.html"
    parser = _Findings()
    parser.feed(page.read_text(encoding="utf-8"))
    for check_id, unit in failed:
        crops = parser.found.get(check_id)
        assert crops, f"{check_id} is not in the report with a crop"
        outlined = set().union(*(sides for sides, _ in crops))
        wanted = {"evidence"} if unit in ("text", "code") else {"lhs", "rhs"}
        assert wanted <= outlined, (check_id, outlined)
        assert all((page.parent / src).resolve().is_file() for _, src in crops)


def test_the_disclosure_asset_links_its_report_page(job_run):
    from dagster import DagsterInstance

    from pipelines.orchestration.assets.disclosures import EXTRACTION_KEY

    work, first, _, _ = job_run
    d, _ = _sample(work)
    with DagsterInstance.from_config(str(work / "dagster")) as instance:
        event = instance.get_latest_materialization_event(EXTRACTION_KEY)
        records = instance.fetch_materializations(EXTRACTION_KEY, limit=50).records
    pages = {r.asset_materialization.metadata["report_page"].value for r in records}
    assert event is not None and str(_report_index(first).parent / "d" / f"{d}.html") in pages
    assert all(Path(p).is_file() for p in pages)


class _Log:
    def warning(self, *args):
        pass


class _Context:
    log = _Log()


def test_a_failing_pandera_check_carries_a_crop_of_the_failing_rows(sample_extraction, tmp_path, monkeypatch):
    from PIL import Image

    from pipelines.orchestration.assets.disclosures import _Batch
    from pipelines.load.models import Prepared
    from pipelines.load.prepared import summarize, write_staged
    from pipelines.reports.models import SIDE_COLOURS
    from pipelines.load.staging import stage

    monkeypatch.setenv("BUDGET_REPORTS", str(tmp_path / "reports"))
    broken = copy.deepcopy(sample_extraction)
    cell = next(c for c in broken.cells if c.get("table_code") == "T06" and c["amount_yuan"])
    cell["amount_yuan"] += 1  # disagrees with its printed value
    doc, staged = broken.document, stage(broken)  # as an extraction process prepares it
    summary = write_staged(tmp_path / "staged", doc["disclosure_id"], staged, **summarize(broken, staged, SAMPLE_PDF, False))
    batch = _Batch()
    batch.add(Prepared("sample.pdf", doc["disclosure_id"], "sample.pdf", str(tmp_path / "staged"), summary))
    check = next(r for r in batch.results(_Context(), 0.0) if getattr(r, "check_name", None) == "pandera_schema" and not r.passed)
    crop = Path(check.metadata["failing_rows_crop_1"].value)
    assert crop.is_file() and crop.is_relative_to(tmp_path / "reports")
    image = Image.open(crop).convert("RGB")
    red = tuple(int(SIDE_COLOURS["lhs"][i:i + 2], 16) for i in (1, 3, 5))
    colours = image.getcolors(maxcolors=1 << 20)
    assert any(sum(abs(a - b) for a, b in zip(rgb, red)) < 60 for _, rgb in colours)  # the failing cell outlined


@pytest.fixture(scope="module")
def browser():
    binary = find_chromium()
    if binary is None:
        pytest.skip("no Chromium here: `apt-get install chromium` (Debian; .ci/run installs it) to run the browser test")
    b = Browser(binary)
    yield b
    b.close()


def test_the_report_renders_in_a_browser_with_every_finding_and_image_and_no_error(job_run, browser):
    work, first, _, _ = job_run
    index = _report_index(first)
    with duckdb.connect(str(work / "budget.duckdb"), read_only=True) as con:
        expected = dict(con.execute(
            """select q.disclosure_id, count(r.check_id) from marts.rpt_disclosure_quality q
               left join marts.fct_reconciliation r on r.disclosure_id = q.disclosure_id and r.status in ('fail', 'unsure')
               group by 1"""
        ).fetchall())
    browser.open(index.as_uri())
    listed = browser.evaluate("Array.from(document.querySelectorAll('#disclosures tbody tr')).map(r => r.dataset.disclosure)")
    assert sorted(listed) == sorted(expected)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.screenshot(SCREENSHOTS / "index.png")
    for d, findings in expected.items():
        browser.open((index.parent / "d" / f"{d}.html").as_uri())
        shown = browser.evaluate("document.querySelectorAll('#findings section.finding').length")
        broken = browser.evaluate("Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)")
        assert shown == findings and broken == [], (d, shown, findings, broken)
        browser.screenshot(SCREENSHOTS / f"{d}.png")
        if findings:  # the family filter shows that family's findings only
            families = browser.evaluate("Array.from(new Set(Array.from(document.querySelectorAll('section.finding')).map(s => s.dataset.family)))")
            family = families[0]
            count = browser.evaluate(
                f"(() => {{ const s = document.querySelector('select[data-filter=family]'); s.value = '{family}';"
                "s.dispatchEvent(new Event('change')); return document.querySelectorAll('section.finding:not([hidden])').length; })()"
            )
            assert count == browser.evaluate(f"document.querySelectorAll('section.finding[data-family=\"{family}\"]').length")
    assert browser.errors == []
