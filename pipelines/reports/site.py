"""The HTML report of a run: reports/html/index.html (every disclosure) and one page per disclosure with its
tables, plots and findings, each finding with crops of the page regions of both its sides. Static files:
it opens from disk, offline."""

from __future__ import annotations

import time
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path

import duckdb
from jinja2 import Environment, FileSystemLoader, select_autoescape

from . import plots
from .crops import CropRequest, CropStore, write_whole
from .models import SIDE_COLOURS, SIDE_NAMES, Crop, Disclosure, Finding, SiteStats, SourceFile
from .queries import read_disclosures, read_sources, read_years

TEMPLATES = Path(__file__).parent / "templates"
MAX_WHOLE_PAGES = 3  # pages shown whole for one finding whose figures were not located on them
MAX_PARTS = 8  # printed parts of one side named in a crop's caption
STATUS_ORDER = ("loaded", "partial", "held_back", "failed", "superseded")


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
    env.filters["money"] = lambda v: "" if v is None else f"{v:,.2f}"
    env.globals.update(side_colours=SIDE_COLOURS, side_names=SIDE_NAMES)
    return env


def _region_caption(page: int, regions) -> str:
    """p. 10: left side 20,831.25; right side 10 + 10 + 10 — each side's printed parts, in order."""
    by_side: dict[str, list[str]] = {}
    for r in regions:
        by_side.setdefault(r.side, []).append(r.printed or "(blank)")
    parts = []
    for side in ("lhs", "rhs"):
        if side in by_side:
            shown = by_side[side][:MAX_PARTS] + (["…"] if len(by_side[side]) > MAX_PARTS else [])
            parts.append(f"{SIDE_NAMES[side]} {' + '.join(shown)}")
    if "evidence" in by_side:
        parts.append(f"{SIDE_NAMES['evidence']} (outlined)")
    return f"p. {page}: " + "; ".join(parts)


def _located_crops(finding: Finding, sources: dict[str, SourceFile], store: CropStore, stats: SiteStats) -> list[Crop]:
    by_page = defaultdict(list)
    for region in finding.regions:
        by_page[(region.page_disclosure_id, region.page_number)].append(region)
    crops = []
    for (owner, page), regions in sorted(by_page.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        got = store.get(CropRequest(sources[owner], page, tuple((r.side, *r.box) for r in regions))) if owner in sources else None
        if got is None or not got[0]:
            stats.missing_sources.add(owner)
            continue
        crops.append(Crop(got[0], _region_caption(page, regions), tuple(sorted({r.side for r in regions}))))
    return crops


def _quoted_crop(finding: Finding, source: SourceFile, store: CropStore) -> tuple[int, Crop] | None:
    """A content rule's quote, outlined on the first of its pages whose text layer prints it."""
    for page in finding.pages:
        got = store.get(CropRequest(source, page, (), quote=finding.evidence))
        if got and got[0]:
            return page, Crop(got[0], f"p. {page}: {SIDE_NAMES['evidence']} (outlined)", ("evidence",))
    return None


def _whole_pages(finding: Finding, source: SourceFile, store: CropStore, shown: set[int], why: str) -> list[Crop]:
    crops = []
    for page in [p for p in finding.pages if p not in shown][:MAX_WHOLE_PAGES]:
        got = store.get(CropRequest(source, page))
        if got and got[0]:
            crops.append(Crop(got[0], f"p. {page}, whole page: {why}"))
    return crops


def finding_crops(home: str, finding: Finding, sources: dict[str, SourceFile], store: CropStore, stats: SiteStats) -> list[Crop]:
    """The images of one finding: its located regions outlined, page by page; a quote found on its page; and the
    check's other pages whole, saying which side was not located there."""
    crops = _located_crops(finding, sources, store, stats)
    source = sources.get(home)
    if source is None:
        return crops
    located = {r.side for r in finding.regions}
    shown = {r.page_number for r in finding.regions if r.page_disclosure_id == home}
    if finding.evidence and "evidence" not in located:
        quoted = _quoted_crop(finding, source, store)
        if quoted:
            shown.add(quoted[0])
            crops.append(quoted[1])
            located.add("evidence")
    wanted = {"evidence"} if finding.is_text_rule else {"lhs", "rhs"}
    missing = sorted(wanted - located)
    if missing:
        why = " and ".join(SIDE_NAMES[s] for s in missing) + " not located on it"
        crops += _whole_pages(finding, source, store, shown, why)
    return crops


def _disclosure_page(env: Environment, d: Disclosure, sources, store: CropStore, stats: SiteStats, stamp: str) -> str:
    findings = [(f, finding_crops(d.disclosure_id, f, sources, store, stats)) for f in d.findings]
    return env.get_template("disclosure.html").render(
        d=d, findings=findings, stamp=stamp,
        spending_plot=plots.spending_by_class(d.spending), families_plot=plots.findings_by_family(d.families),
        families=sorted(d.families), statuses=sorted({_status(f) for f in d.findings}), status_of=_status,
    )


def _status(finding: Finding) -> str:
    """fail, warning (a failed content rule of the catalogue's warning severity) or unsure."""
    return "warning" if finding.status == "fail" and finding.severity == "warning" else finding.status


def _index_page(env: Environment, disclosures: list[Disclosure], years: dict, stamp: str) -> str:
    families = sorted({f for d in disclosures for f in d.families})
    statuses = [s for s in STATUS_ORDER if any(d.load_status == s for d in disclosures)]
    year_plots = [(unit, plots.years_lines(rows)) for unit, rows in sorted(years.items())]
    return env.get_template("index.html").render(
        disclosures=disclosures, families=families, statuses=statuses, stamp=stamp, year_plots=year_plots,
        findings_total=sum(len(d.findings) for d in disclosures),
    )


def write_site(con: duckdb.DuckDBPyConnection, raw: Path, out_dir: Path) -> tuple[Path, SiteStats]:
    """Write the report from the warehouse's marts; crops of the PDFs under `raw`. Returns index.html's path."""
    started = time.monotonic()
    env, stats = _environment(), SiteStats()
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    disclosures = read_disclosures(con)
    sources = read_sources(con, raw)
    pages_dir = out_dir / "d"
    pages_dir.mkdir(parents=True, exist_ok=True)
    written = set()
    with CropStore(out_dir / "crops") as store:
        for d in disclosures:
            name = f"{d.disclosure_id}.html"
            write_whole(pages_dir / name, _disclosure_page(env, d, sources, store, stats, stamp))
            written.add(name)
        stats.crops_rendered, stats.crops_reused = store.rendered, store.reused
        _prune(store, pages_dir, written)
    write_whole(out_dir / "index.html", _index_page(env, disclosures, read_years(con), stamp))
    stats.pages = len(written) + 1
    stats.seconds = time.monotonic() - started
    return out_dir / "index.html", stats


def _prune(store: CropStore, pages_dir: Path, written: set[str]) -> None:
    """Remove the pages of disclosures the warehouse no longer holds, and crops no page shows."""
    for page in pages_dir.glob("*.html"):
        if page.name not in written:
            page.unlink()
    used = {name for page in pages_dir.glob("*.html") for name in _crop_names(page.read_text(encoding="utf-8"))}
    for crop in store.folder.glob("*.webp"):
        if crop.name not in used:
            crop.unlink()
            store.index.pop(crop.stem, None)


def _crop_names(html: str) -> set[str]:
    marker = 'src="../crops/'
    return {part.split('"', 1)[0] for part in html.split(marker)[1:]}
