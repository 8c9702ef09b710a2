"""The hand-counted corpus into a fresh warehouse, as its metrics read it: each file extracted, validated and
loaded, the sets linked, then every dbt model built (scripts/corpus_metrics.py, the corpus tests)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipelines.extract.disclosure import extract_disclosure  # noqa: E402
from pipelines.extract.read.pdf import DisclosureError  # noqa: E402
from pipelines.sets import link_sets  # noqa: E402
from pipelines.load.staging import stage  # noqa: E402
from pipelines.load.warehouse import connect, replace_disclosure  # noqa: E402


def hand_counted_files(corpus: Path) -> list[Path]:
    """The files the hand count covers: those its manifest.tsv lists (the crawl beside them has none), else
    every PDF under the folder."""
    manifest = corpus / "manifest.tsv"
    if not manifest.exists():
        return sorted(corpus.rglob("*.pdf"))
    rows = manifest.read_text(encoding="utf-8").splitlines()[1:]
    return sorted(corpus / row.split("\t", 1)[0] for row in rows if row.strip())


def ingest(corpus: Path, warehouse: Path) -> dict[str, str]:
    failures = {}
    for pdf in hand_counted_files(corpus):
        key = pdf.relative_to(corpus).as_posix()
        try:
            extraction = extract_disclosure(pdf, source_name=key)
        except DisclosureError as exc:
            failures[key] = str(exc)
            continue
        with connect(warehouse) as con:
            replace_disclosure(con, extraction.document["disclosure_id"], stage(extraction))
    with connect(warehouse) as con:
        link_sets(con)  # a narrative published apart from its tables is read against its companion's
    return failures


def dbt_build(warehouse: Path, work: Path) -> None:
    dbt = Path(sys.executable).with_name("dbt")
    env = {**os.environ, "BUDGET_WAREHOUSE": str(warehouse)}
    subprocess.run(
        [str(dbt), "build", "--profiles-dir", ".", "--target-path", str(work / "target"), "--log-path", str(work / "logs"), "--quiet"],
        cwd=ROOT / "dbt_project",
        env=env,
        check=False,
    )
