"""Scale check through the product: N disclosures made from the real corpus's prepared (validated, staged)
disclosures, loaded by the main job's own load path, the marts built; then 50 more added.

usage: python scripts/scale_check.py [--sizes 1000 10000 30000] [--corpus ../shared/corpus] [--work DIR]
(make scale)

The templates are the corpus's disclosures as the main job prepares them (prepared.py: extracted, validated,
typed, as Parquet); a file not prepared yet is prepared first (that reads its PDF once). Copy r of template t
gets its own disclosure id and content hash, and its unit is named with the copy's round ("…#r"), so that the
files of one unit in one round form a set as the originals do, and no two rounds share a unit. No PDF is read
for the copies. Each size then runs on a fresh warehouse, as the main job does:
  load   pipelines.load.writer.load (batches of BUDGET_LOAD_BATCH in one transaction each): the single writer
  sets   pipelines.sets.links.link_sets
  build  dbt build, full (a first build), then marked built (pipelines.run.plan.record_build)
  +50    50 more disclosures: load, sets and the incremental build, end to end
and "+50 into empty" does the same into an empty warehouse, the base of the target (≤ 3×). Peak RSS is the
largest of this process and of every dbt process. The HTML report and publishing are not part of it.
"""

from __future__ import annotations

import argparse
import hashlib
from dataclasses import replace
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipelines.orchestration.keys import partition_key  # noqa: E402
from pipelines.run.plan import begin_build, record_build, scan_raw  # noqa: E402
from pipelines.load.models import Prepared  # noqa: E402
from pipelines.load.prepared import SUMMARY, prepare  # noqa: E402

EXTRA = 50


def templates(corpus: Path) -> list[Prepared]:
    """The corpus's loaded disclosures as prepared (prepared now where not yet), one per content."""
    found = {}
    for key, path in scan_raw(corpus).items():
        p = prepare(key, path)
        if not p.failed:
            found.setdefault(p.disclosure_id, p)
    return list(found.values())


def _copy_table(table: pa.Table, did: str, extra: dict[str, str]) -> pa.Table:
    for name, value in {"disclosure_id": did, **extra}.items():
        if name in table.column_names:
            i = table.column_names.index(name)
            table = table.set_column(i, name, pa.array([value] * len(table), type=table.schema.field(name).type))
    return table


def make_copies(tmpl: list[Prepared], total: int, out: Path) -> list[Prepared]:
    """`total` copies of the templates, round by round, each a prepared disclosure of its own."""
    tables = [{t: pq.read_table(p.path(t)) for t in p.tables()} for p in tmpl]
    units = [tables[i]["disclosures"]["unit_name"][0].as_py() for i in range(len(tmpl))]
    made = []
    for n in range(total):
        r, i = divmod(n, len(tmpl))
        sha = hashlib.sha256(f"scale:{n}".encode()).hexdigest()
        did, source = sha[:16], f"scale/{r:05d}/{Path(tmpl[i].source_file).name}"
        folder = out / did
        summary = replace(tmpl[i].summary, disclosure_id=did)
        made.append(Prepared(partition_key(source), did, source, str(folder), summary))
        if (folder / SUMMARY).exists():  # made by an earlier check
            continue
        folder.mkdir(parents=True, exist_ok=True)
        extra = {"source_sha256": sha, "source_file": source}
        for name, table in tables[i].items():
            unit = {"unit_name": f"{units[i]}#{r}"} if name == "disclosures" and units[i] else {}
            pq.write_table(_copy_table(table, did, {**extra, **unit} if name == "disclosures" else {}), folder / f"{name}.parquet")
        (folder / SUMMARY).write_text(summary.to_json(), encoding="utf-8")
    return made


def dbt_build(warehouse: Path, work: Path, full: bool) -> None:
    """dbt build of the warehouse; a build with any error or failing test stops the check (its seconds would
    time a build that skipped models)."""
    args = [str(Path(sys.executable).with_name("dbt")), "build", "--exclude-resource-type", "unit_test", "--profiles-dir", ".",
            "--target-path", str(work / "target"), "--log-path", str(work / "logs"), "--quiet"]
    done = subprocess.run(args + (["--full-refresh"] if full else []), cwd=ROOT / "dbt_project", capture_output=True, text=True,
                          env={**os.environ, "BUDGET_WAREHOUSE": str(warehouse)}, check=False)
    if done.returncode != 0:
        raise SystemExit(f"dbt build of {warehouse} failed (rc {done.returncode}); see {work / 'logs'}:\n{done.stdout[-3000:]}")


def add(warehouse: Path, work: Path, batch: list[Prepared]) -> dict[str, float]:
    """Load, link sets and build, as the main job does; seconds of each."""
    from pipelines.load.writer import load
    from pipelines.sets.links import link_sets
    from pipelines.load.warehouse import connect

    times = {}
    clock = time.perf_counter()
    with connect(warehouse) as con:
        load(con, batch)
    times["load"] = time.perf_counter() - clock
    clock = time.perf_counter()
    with connect(warehouse) as con:
        link_sets(con)
        full = begin_build(con)
    times["sets"] = time.perf_counter() - clock
    clock = time.perf_counter()
    dbt_build(warehouse, work, full)
    times["build"] = time.perf_counter() - clock
    with connect(warehouse) as con:
        record_build(con)
    return times


def _peak_mb() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return max(own.ru_maxrss, children.ru_maxrss) / 1024


def _fresh(work: Path) -> Path:
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    return work / "budget.duckdb"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 30000])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--work", type=Path, default=ROOT / "warehouse" / "scale")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}: the scale check copies its prepared disclosures (--corpus)")
        return 2
    tmpl = templates(args.corpus)
    copies = make_copies(tmpl, max(args.sizes) + EXTRA, args.work / "copies")
    print(f"{len(tmpl)} templates from {args.corpus}; {len(copies)} copies in {args.work / 'copies'}\n")
    base = add(_fresh(args.work / "run"), args.work / "run", copies[-EXTRA:])
    print(f"+{EXTRA} into an empty warehouse: {sum(base.values()):.1f} s ({', '.join(f'{k} {v:.1f}' for k, v in base.items())})\n")
    print(f"{'N':>7}{'load ms/disc':>14}{'sets s':>8}{'full build s':>14}{'+50 s':>8}{'(load/sets/build)':>19}{'+50 ÷ empty':>13}"
          f"{'peak MB':>9}{'size MB':>9}")
    rows = []
    for n in args.sizes:
        warehouse = _fresh(args.work / "run")
        first = add(warehouse, args.work / "run", copies[:n])
        more = add(warehouse, args.work / "run", copies[-EXTRA:])
        size = warehouse.stat().st_size / 2**20
        rows.append((n, first, sum(more.values()), size))
        parts = "/".join(f"{v:.1f}" for v in more.values())
        print(f"{n:>7}{1000 * first['load'] / n:>14.1f}{first['sets']:>8.1f}{first['build']:>14.1f}{sum(more.values()):>8.1f}"
              f"{parts:>19}{sum(more.values()) / sum(base.values()):>13.2f}{_peak_mb():>9.0f}{size:>9.0f}", flush=True)
    if len(rows) >= 2:
        (n0, f0, m0, s0), (n1, f1, m1, s1) = rows[-2], rows[-1]
        slope = lambda a, b: (b - a) / (n1 - n0)  # noqa: E731
        est = 100_000 - n1
        print(f"\n100,000 (linear from {n0:,} → {n1:,}): load {f1['load'] + est * slope(f0['load'], f1['load']):.0f} s, "
              f"full build {f1['build'] + est * slope(f0['build'], f1['build']):.0f} s, +50 {m1 + est * slope(m0, m1):.0f} s, "
              f"size {s1 + est * slope(s0, s1):.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
