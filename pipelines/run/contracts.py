"""Contract tests in the main job: a disclosure whose rows break one (a duplicate key, a row without a page)
is held back with the reason, and the other disclosures build and publish.

dbt's error-severity tests are the contracts of the marts. After a build, the rows of each failing test
are read again from the warehouse; where every failing row names its disclosure, those disclosures are
held back (their figures leave the warehouse, their raw.disclosures row stays with the reason) and the
build runs again. A failure that names no disclosure is a defect of the models: the run fails.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ..paths import BUILD_TARGET
from ..load.warehouse import connect, hold_back


@dataclass
class Breakage:
    held_back: dict[str, list[str]] = field(default_factory=dict)  # disclosure_id → the tests its rows broke
    unattributed: list[str] = field(default_factory=list)  # failing tests whose rows name no disclosure


def run_results(target: Path = BUILD_TARGET) -> list[dict]:
    """The results of the last dbt build of the main job."""
    found = target / "run_results.json"
    if not found.exists():
        return []
    return json.loads(found.read_text(encoding="utf-8")).get("results", [])


def failing_contracts(results: list[dict]) -> list[tuple[str, str]]:
    """(test name, compiled SQL) of the error-severity tests that failed (warnings are findings)."""
    return [
        (r["unique_id"].split(".")[-2] if r["unique_id"].count(".") >= 2 else r["unique_id"], r.get("compiled_code") or "")
        for r in results
        if r["unique_id"].startswith("test.") and r.get("status") in ("fail", "error")
    ]


def attribute(warehouse: Path, failing: list[tuple[str, str]]) -> Breakage:
    """Which disclosures' rows each failing test found."""
    out = Breakage()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for name, sql in failing:
            try:
                ids = [r[0] for r in con.execute(f"select distinct disclosure_id from ({sql}) as failing").fetchall()]
            except duckdb.Error:
                ids = []
            if not ids or any(i is None for i in ids):
                out.unattributed.append(name)
                continue
            for disclosure_id in ids:
                out.held_back.setdefault(disclosure_id, []).append(name)
    return out


def hold_back_breakers(warehouse: Path, results: list[dict]) -> Breakage:
    """Hold back the disclosures whose rows broke a contract of the build; nothing is held back when some
    failure names no disclosure (the run then fails as it is)."""
    breakage = attribute(warehouse, failing_contracts(results))
    if breakage.unattributed or not breakage.held_back:
        return breakage
    with connect(warehouse) as con:
        for disclosure_id, tests in breakage.held_back.items():
            hold_back(con, disclosure_id, "held back: its rows break the contract test(s) " + ", ".join(sorted(set(tests))))
    return breakage
