"""Scale check: synthetic disclosures staged straight into DuckDB, then `dbt build`, at growing sizes.

usage: python scripts/scale_check.py [SIZES…]   (default 250 500 1000 2000; make scale)

Each synthetic disclosure is the sample disclosure's staging rows (every table shape: list tables,
coded tables with unit rows, the 三公 table, project tables) under its own id, with its figures
scaled by a per-disclosure factor and the printed values rewritten to match. No PDF is read. Prints
load and build seconds per size and the cost per disclosure, which should stay flat (linear growth).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipelines.extract.disclosure import extract_disclosure  # noqa: E402
from pipelines.extract.text import UNIT_FACTORS  # noqa: E402
from pipelines.staging import stage  # noqa: E402
from pipelines.warehouse import _arrow, _columns, connect, ensure_schema  # noqa: E402

SAMPLE = ROOT / "raw" / "2026" / "昆明海关本级" / "昆明海关本级2026年部门预算.pdf"


def _printed(amount: Decimal | None, unit: str, decimals: int) -> str:
    if amount is None:
        return ""
    value = amount / UNIT_FACTORS[unit]
    return f"{value:,.{decimals}f}"


def synthetic_frames(template: dict[str, pd.DataFrame], n: int) -> dict[str, pd.DataFrame]:
    """n copies of the template's staging frames with their own ids and scaled figures."""
    out = {}
    for name, frame in template.items():
        copies = []
        for i in range(n):
            df = frame.copy()
            df["disclosure_id"] = f"{i:016x}"
            if name == "disclosures":
                df["source_file"] = f"synthetic/{i:05d}.pdf"
                df["source_sha256"] = f"{i:064x}"
            factor = Decimal(1 + i % 7)
            if "amount_yuan" in df and "printed_value" in df:
                df["amount_yuan"] = [None if a is None else a * factor for a in df["amount_yuan"]]
                df["printed_value"] = [
                    _printed(a, u, d) if a is not None else p
                    for a, u, d, p in zip(df["amount_yuan"], df["printed_unit"], df["printed_decimals"], df["printed_value"])
                ]
            copies.append(df)
        out[name] = pd.concat(copies, ignore_index=True)
    return out


def load(warehouse: Path, frames: dict[str, pd.DataFrame]) -> None:
    with connect(warehouse) as con:
        ensure_schema(con)
        con.execute("BEGIN TRANSACTION")
        for name, frame in frames.items():
            if frame.empty:
                continue
            con.register("_staged", _arrow(name, frame))
            names = ", ".join(f'"{c}"' for c, _ in _columns(name))
            con.execute(f"INSERT INTO raw.{name} ({names}) SELECT {names} FROM _staged")
            con.unregister("_staged")
        con.execute("COMMIT")


def dbt_build(warehouse: Path, work: Path) -> None:
    dbt = Path(sys.executable).with_name("dbt")
    subprocess.run(
        [str(dbt), "build", "--profiles-dir", ".", "--target-path", str(work / "target"), "--log-path", str(work / "logs"), "--quiet"],
        cwd=ROOT / "dbt_project",
        env={**os.environ, "BUDGET_WAREHOUSE": str(warehouse)},
        check=False,
    )


def main() -> int:
    sizes = [int(a) for a in sys.argv[1:]] or [250, 500, 1000, 2000]
    template = {name: staged.frame for name, staged in stage(extract_disclosure(SAMPLE)).items()}
    cells = sum(len(f) for f in template.values())
    print(f"template: the sample disclosure, {cells} staging rows per disclosure\n")
    print(f"{'disclosures':>12}{'staging rows':>14}{'load s':>9}{'dbt build s':>13}{'ms / disclosure':>17}")
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="scale-") as tmp:
            work = Path(tmp)
            warehouse = work / "budget.duckdb"
            frames = synthetic_frames(template, n)
            started = time.perf_counter()
            load(warehouse, frames)
            loaded = time.perf_counter()
            dbt_build(warehouse, work)
            built = time.perf_counter()
            rows = sum(len(f) for f in frames.values())
            total = built - started
            print(f"{n:>12}{rows:>14,}{loaded - started:>9.1f}{built - loaded:>13.1f}{1000 * total / n:>17.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
