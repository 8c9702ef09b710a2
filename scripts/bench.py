"""Benchmark: this pipeline's extraction against bare table extractors on the same PDFs, in one run.

usage: python scripts/bench.py [CORPUS_DIR]   (make bench)

Prints one table: seconds, CPU seconds, pages per second and the ratio of each line to our extraction
stage (locate, extract, normalize, validate) over the whole corpus, in wall and in CPU time (the steadier
of the two on a shared machine); then the whole main job on a fresh
warehouse, on the sample and on the corpus, each phase beside its floor (bare camelot in as many processes;
a bare dbt build of the same warehouse), a second run with nothing new, and the main job's peak memory.
"""

from __future__ import annotations

import json
import os
import re
from concurrent.futures import ProcessPoolExecutor
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pypdfium2 as pdfium  # noqa: E402

from pipelines.extract.disclosure import extract_disclosure  # noqa: E402
from pipelines.extract.grids.camelot_read import CAMELOT_OPTIONS  # noqa: E402
from pipelines.extract.read.pdf import DisclosureError  # noqa: E402
from pipelines.load.staging import stage  # noqa: E402
from corpus_ingest import hand_counted_files  # noqa: E402  (scripts/, this script's folder)


def pdfs(corpus: Path) -> list[Path]:
    """The PDFs a corpus's manifest.tsv lists (../shared/corpus: the hand-counted 34, not the crawl beside
    them), or every PDF under a folder without one."""
    return hand_counted_files(corpus)


def as_raw_folder(corpus: Path, work: Path) -> Path:
    """A folder holding exactly pdfs(corpus), as links, for the main job to ingest."""
    if not (corpus / "manifest.tsv").exists():
        return corpus
    raw = work / "raw"
    for path in pdfs(corpus):
        link = raw / path.relative_to(corpus)
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(path)
    return raw


def _cpu() -> float:
    """CPU seconds of this process and of every child process waited for (pool workers, bare runs)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def measured(fn) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of fn. CPU time is what a shared machine's other load disturbs least."""
    cpu = _cpu()
    seconds = timed(fn)
    return seconds, _cpu() - cpu


EXTRACTING = [0.0]  # seconds of ours() spent extracting, the rest validating (stage)


def ours(files: list[Path]) -> None:
    for path in files:
        started = time.perf_counter()
        try:
            extraction = extract_disclosure(path)
        except DisclosureError:
            continue
        finally:
            EXTRACTING[0] += time.perf_counter() - started
        stage(extraction)


def _extract(path: Path):
    try:
        return extract_disclosure(path)
    except DisclosureError:
        return None


def ours_as_run(files: list[Path], workers: int) -> None:
    """As the main job runs it: the PDFs extracted in worker processes, then each validated."""
    with ProcessPoolExecutor(max_workers=workers) as pool:
        extractions = list(pool.map(_extract, files))
    for extraction in extractions:
        if extraction is not None:
            stage(extraction)


_BARE_CAMELOT = """
import json, resource, sys, time, warnings
from concurrent.futures import ProcessPoolExecutor
warnings.filterwarnings("ignore")
import camelot
files, options, workers = json.loads(sys.stdin.read())
def read(path):
    camelot.read_pdf(path, pages="all", flavor="lattice", suppress_stdout=True, **options)
def cpu():
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
started, cpu_started = time.perf_counter(), cpu()
if workers > 1:
    with ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(read, files))
else:
    for path in files:
        read(path)
print(time.perf_counter() - started, cpu() - cpu_started)
"""


def camelot_all(files: list[Path], workers: int = 1, **options) -> tuple[float, float]:
    """(wall, CPU) seconds of bare camelot over every page, timed in a fresh process after its imports:
    this pipeline teaches camelot two things (rules drawn as thin polygons, grids left nearly empty), and
    bare camelot must run without them."""
    out = subprocess.run(
        [sys.executable, "-c", _BARE_CAMELOT], input=json.dumps([[str(f) for f in files], options, workers]),
        capture_output=True, text=True, check=True,
    )
    wall, cpu = out.stdout.strip().splitlines()[-1].split()
    return float(wall), float(cpu)


def pdfplumber_all(files: list[Path]) -> None:
    import pdfplumber

    for path in files:
        with pdfplumber.open(str(path)) as pdf:
            for page in pdf.pages:
                page.extract_tables()


def pdfium_text(files: list[Path]) -> None:
    for path in files:
        doc = pdfium.PdfDocument(str(path))
        for i in range(len(doc)):
            doc[i].get_textpage().get_text_range()
        doc.close()


def _cli(raw: Path, env: dict) -> tuple[float, dict[str, float]]:
    """(seconds, {phase: seconds}) of one `python -m pipelines.cli run` (its own closing line names the phases)."""
    cmd = [sys.executable, "-m", "pipelines.cli", "run", "--raw", str(raw)]
    started = time.perf_counter()
    out = subprocess.run(cmd, cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout
    seconds = time.perf_counter() - started
    took = next((line for line in reversed(out.splitlines()) if line.strip().startswith("took ")), "")
    phases = dict((name, float(value.rstrip("s"))) for name, value in re.findall(r"(\w+) ([0-9.]+s)", took.split("(", 1)[-1]))
    return seconds, phases


def bare_dbt_build(warehouse: Path, work: Path) -> float:
    """dbt build of the same project on the same warehouse, as the main job selects it, with nothing around it:
    a full build, as the fresh main job's first build is."""
    env = {**os.environ, "BUDGET_WAREHOUSE": str(warehouse)}
    target = work / "bare-target"
    target.mkdir(exist_ok=True)
    parsed = ROOT / "dbt_project" / "target" / "partial_parse.msgpack"
    if parsed.exists():  # as the main job's build does: no full parse of an unchanged project
        shutil.copy(parsed, target / parsed.name)
    cmd = [str(Path(sys.executable).parent / "dbt"), "build", "--profiles-dir", ".", "--quiet",
           "--exclude-resource-type", "unit_test", "--full-refresh", "--target-path", str(target)]
    return timed(lambda: subprocess.run(cmd, cwd=ROOT / "dbt_project", env=env, check=True, capture_output=True))


def main_job(raw: Path, work: Path) -> dict:
    """The main job on a fresh warehouse and cache, then again with nothing new, then a bare dbt build there."""
    env = {
        **os.environ,
        "BUDGET_WAREHOUSE": str(work / "budget.duckdb"),
        "BUDGET_CACHE": str(work / "cache"),
        "DAGSTER_HOME": str(work / "dagster"),
    }
    fresh, phases = _cli(raw, env)
    again, _ = _cli(raw, env)
    return {"fresh": fresh, "phases": phases, "again": again, "dbt": bare_dbt_build(work / "budget.duckdb", work)}


def distributed_run(raw: Path, shared_folder: bool) -> float | str:
    """Seconds of the main job in the distributed profile on this machine (two workers, servers on the
    loopback: scripts/local_servers.py), fresh, with the cache in the S3 server or in a shared folder; or why
    it could not run."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from local_servers import missing, profile_env, servers, workers  # noqa: PLC0415

    if (why := missing()) is not None:
        return why
    with tempfile.TemporaryDirectory(prefix="bench-celery-") as work, servers(Path(work)) as reached:
        extra = {"BUDGET_CACHE": str(Path(work) / "shared-cache")} if shared_folder else {}
        env = profile_env(reached, Path(work), raw, **extra)
        with workers(env, Path(work)):
            seconds, _ = _cli(raw, env)
    return seconds


def report_distributed(raw: Path, local: float, width: int) -> None:
    """The distributed profile beside the local run: its cache in a shared folder, then in the S3 server
    (moto's, a Python server on the same two cores as everything else, so it also measures that server)."""
    for shared, label in ((True, "cache in a shared folder"), (False, "cache in loopback S3 (moto)")):
        seconds = distributed_run(raw, shared)
        if isinstance(seconds, str):
            print(f"{'  the distributed profile, 2 workers: not run':{width}}  ({seconds})")
            return
        print(f"{'  distributed, 2 workers, ' + label:{width}}{seconds:9.2f}  {local:7.2f}  {seconds / local:5.2f}"
              f"  (target ≤ 1.5)")


def report_main_jobs(corpus: Path, width: int, bare_parallel: float) -> None:
    """Each measure of the main job beside its floor: its extraction beside bare camelot in as many
    processes, its build beside a bare dbt build of the same warehouse."""
    print(f"\n{'main job':{width}}{'seconds':>9}  {'floor':>7}  ratio   (fresh warehouse and cache, after setup)")
    links = tempfile.TemporaryDirectory(prefix="bench-corpus-")
    corpus = as_raw_folder(corpus, Path(links.name))
    for label, raw in (("the sample (raw/)", ROOT / "raw"), (f"the corpus ({len(pdfs(corpus))} files)", corpus)):
        with tempfile.TemporaryDirectory(prefix="bench-") as work:
            job = main_job(raw, Path(work))
        phases = job["phases"]
        print(f"{label + ', fresh':{width}}{job['fresh']:9.2f}")
        if raw == corpus:
            print(f"{'  its extraction, beside bare camelot in 2 processes':{width}}{phases.get('extract', 0):9.2f}"
                  f"  {bare_parallel:7.2f}  {phases.get('extract', 0) / bare_parallel:5.2f}")
        print(f"{'  its load into raw':{width}}{phases.get('load', 0):9.2f}")
        files = len(pdfs(raw))
        print(f"{'  of which the single writer, ms per file':{width}}{1000 * phases.get('writer', 0) / max(files, 1):9.2f}"
              f"  {'':7}  {'':5}  (target ≤ 10)")
        print(f"{'  its build (sets, dbt, publish), beside a bare dbt build':{width}}{phases.get('build', 0):9.2f}"
              f"  {job['dbt']:7.2f}  {phases.get('build', 0) / job['dbt']:5.2f}")
        print(f"{label + ', again with nothing new':{width}}{job['again']:9.2f}  {'':7}  {'':5}  (target ≤ 0.5)")
        if raw == corpus:
            report_distributed(raw, job["fresh"], width)
    print(f"{'peak memory of the main job (MB)':{width}}{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:9.0f}")
    links.cleanup()


def main() -> int:
    corpus = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpus").resolve()
    files = pdfs(corpus)
    if not files:
        print(f"no PDFs under {corpus}")
        return 2
    pages = 0
    for path in files:
        doc = pdfium.PdfDocument(str(path))
        pages += len(doc)
        doc.close()
    warnings.filterwarnings("ignore")
    print(f"{len(files)} PDFs, {pages} pages, {os.cpu_count()} cores\n", flush=True)
    workers = min(2, os.cpu_count() or 1)  # the main job's default (pipelines/cli.py)
    layout = CAMELOT_OPTIONS["layout_kwargs"]
    rows = [
        ("this pipeline: locate, extract, normalize, validate", measured(lambda: ours(files))),
        (f"  the same as the main job runs it ({workers} extraction processes)", measured(lambda: ours_as_run(files, workers))),
        ("bare camelot lattice, vector engine, all pages", camelot_all(files, engine="vector", split_text=True)),
        # the layout options this pipeline passes to camelot, for comparison with the default above
        ("  the same with this pipeline's layout options", camelot_all(files, engine="vector", split_text=True, layout_kwargs=layout)),
        (f"  the same in {workers} processes", camelot_all(files, workers, engine="vector", split_text=True, layout_kwargs=layout)),
        ("bare camelot lattice, default engine, all pages", camelot_all(files)),
        ("pdfplumber extract_tables, all pages", measured(lambda: pdfplumber_all(files))),
        ("pypdfium2 text of every page (floor)", measured(lambda: pdfium_text(files))),
    ]
    (ours_wall, ours_cpu), (as_run, _), _, (bare, bare_cpu), (bare_parallel, _) = [times for _, times in rows[:5]]
    width = max(len(label) for label, _ in rows) + 2
    print(f"{'':{width}}{'seconds':>9}{'CPU s':>8}{'pages/s':>10}{'× ours':>9}{'CPU × ours':>12}")
    for label, (seconds, cpu) in rows:
        print(f"{label:{width}}{seconds:9.2f}{cpu:8.2f}{pages / seconds:10.1f}{seconds / ours_wall:9.2f}{cpu / ours_cpu:12.2f}")
    print(f"\nthis pipeline ÷ bare camelot with its layout options: {ours_wall / bare:.2f} in one process each "
          f"({ours_cpu / bare_cpu:.2f} in CPU time); as the main job runs it {as_run / bare:.2f} against one process, "
          f"{as_run / bare_parallel:.2f} against {workers}; its extraction alone (validation aside) "
          f"{EXTRACTING[0]:.2f} s, {EXTRACTING[0] / bare:.2f}")
    report_main_jobs(corpus, width, bare_parallel)
    return 0


if __name__ == "__main__":
    sys.exit(main())
