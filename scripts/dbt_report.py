"""Write the dbt test report of a build: JUnit XML and a readable Markdown summary, then print the summary.

usage: python scripts/dbt_report.py TARGET_DIR OUT_DIR
Every test is listed with pass / warn / fail (or error) and, where it found rows, up to ten of them
read from the warehouse the build ran on. Exits 1 when any test failed or errored.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from pipelines import settings  # noqa: E402

SAMPLE_ROWS = 10


def failing_rows(con, sql: str) -> tuple[list[str], list[tuple]]:
    try:
        cur = con.execute(f"select * from ({sql}) limit {SAMPLE_ROWS}")
        return [d[0] for d in cur.description], cur.fetchall()
    except duckdb.Error as exc:
        return ["error"], [(str(exc),)]


def main(target: Path, out: Path) -> int:
    results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))["results"]
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    tests = [r for r in results if r["unique_id"].startswith("test.")]
    out.mkdir(parents=True, exist_ok=True)
    counts = {"pass": 0, "warn": 0, "fail": 0, "error": 0}
    suite = ET.Element("testsuite", name="dbt", tests=str(len(tests)))
    lines = ["# dbt test report", ""]
    detail = []
    with duckdb.connect(str(settings.warehouse()), read_only=True) as con:
        for r in sorted(tests, key=lambda r: r["unique_id"]):
            node = manifest["nodes"].get(r["unique_id"], {})
            name = node.get("name", r["unique_id"])
            status = r["status"]
            counts[status] = counts.get(status, 0) + 1
            case = ET.SubElement(suite, "testcase", classname=node.get("attached_node") or "dbt", name=name, time=str(r.get("execution_time", 0)))
            lines.append(f"- **{status.upper()}** `{name}`" + (f" — {r['failures']} row(s)" if r.get("failures") else ""))
            if status in ("warn", "fail", "error"):
                cols, rows = failing_rows(con, r.get("compiled_code") or "select 1 where false") if status != "error" else (["message"], [(r.get("message"),)])
                table = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
                table += ["| " + " | ".join("" if v is None else str(v).replace("|", "/") for v in row) + " |" for row in rows]
                detail += ["", f"## {status.upper()}: {name}", "", r.get("message") or "", ""] + table
                text = "\n".join(table)
                if status == "warn":
                    ET.SubElement(case, "system-out").text = f"WARN: {r.get('message')}\n{text}"
                else:
                    ET.SubElement(case, "failure", message=r.get("message") or status).text = text
    suite.set("failures", str(counts["fail"]))
    suite.set("errors", str(counts["error"]))
    ET.ElementTree(suite).write(out / "dbt_tests.xml", encoding="utf-8", xml_declaration=True)
    summary = f"{counts['pass']} passed, {counts['warn']} warned, {counts['fail']} failed, {counts['error']} errored"
    lines[1:1] = ["", summary]
    (out / "dbt_tests.md").write_text("\n".join(lines + detail) + "\n", encoding="utf-8")
    print("\n".join(lines + detail))
    print(f"\ndbt tests: {summary}  (report: {out / 'dbt_tests.md'}, JUnit: {out / 'dbt_tests.xml'})")
    # warnings are reconciliation findings about the published figures, not failures of the build
    print(f"dbt: {counts['pass'] + counts['warn']} passed, {counts['fail'] + counts['error']} failed")
    return 1 if counts["fail"] or counts["error"] else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
