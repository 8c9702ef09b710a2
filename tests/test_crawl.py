"""A year's crawl as it comes (../shared/corpus/crawl: the whole 2026 crawl of five cities beside its noise),
through `make run`'s own command into a scratch warehouse: no false accusation of a publisher, every rule
applied where its premise is read."""

import os
import re
import subprocess
import sys
from decimal import Decimal

import duckdb
import pytest
import yaml

from conftest import CORPUS, ROOT

CRAWL = CORPUS / "crawl"
CONFIRMED = yaml.safe_load((ROOT / "tests" / "data" / "crawl_findings.yaml").read_text(encoding="utf-8"))

pytestmark = pytest.mark.skipif(
    not CRAWL.is_dir(), reason=f"the crawl of real files is not at {CRAWL} (it sits beside the project checkout, not in it)"
)


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    """The main job over the crawl: (the run, the warehouse it built)."""
    work = tmp_path_factory.mktemp("crawl")
    env = {**os.environ, "BUDGET_WAREHOUSE": str(work / "budget.duckdb"), "DAGSTER_HOME": str(work / "dagster"),
           "BUDGET_REPORTS": str(work / "reports"), "BUDGET_PUBLISHED": str(work / "published"),
           "BUDGET_CACHE": str(work / "cache")}
    run = subprocess.run([sys.executable, "-m", "pipelines.cli", "run", "--raw", str(CRAWL)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=2400)
    return run, work / "budget.duckdb"


def _query(warehouse, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_the_crawl_runs_to_the_end(crawl):
    run, _ = crawl
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]


def _num(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def test_every_failed_narrative_claim_is_a_confirmed_inconsistency(crawl):
    _, warehouse = crawl
    failed = _query(warehouse, """
        select d.unit_name, c.page_number, r.rule_id, c.amount_printed
        from marts.fct_reconciliation r
        join marts.dim_disclosure d using (disclosure_id)
        join marts.fct_narrative_claim c on c.disclosure_id = r.disclosure_id and c.claim_no = r.claim_no
        where r.check_family = 'narrative' and r.status = 'fail'""")
    found = sorted((unit, page, check, _num(amount)) for unit, page, check, amount in failed)
    confirmed = sorted((f["unit"], f["page"], f["check"], _num(f["stated"])) for f in CONFIRMED["narrative"])
    assert found == confirmed


def test_every_empty_fund_table_has_its_note_checked(crawl):
    _, warehouse = crawl
    sys.path.insert(0, str(ROOT / "scripts"))
    import content_rules_report

    with duckdb.connect(str(warehouse), read_only=True) as con:
        silent = content_rules_report.silent_empty_tables(con)
        counts = content_rules_report.rule_counts(con)
    assert silent == []
    applied = sum(c["pass"] + c["fail"] + c["not_applicable"] for (_, rule), c in counts.items() if rule == "empty_table_note")
    assert applied > 0


def test_every_failed_content_check_is_a_confirmed_inconsistency(crawl):
    _, warehouse = crawl
    failed = _query(warehouse, """
        select d.unit_name, r.rule_id
        from marts.fct_reconciliation r join marts.dim_disclosure d using (disclosure_id)
        where r.check_id like 'C:%' and r.status = 'fail'""")
    assert sorted(failed) == sorted((f["unit"], f["rule"]) for f in CONFIRMED["content"])


def test_every_failed_identity_within_a_table_is_a_confirmed_inconsistency(crawl):
    _, warehouse = crawl
    failed = _query(warehouse, """
        select d.unit_name, r.check_id
        from marts.fct_reconciliation r join marts.dim_disclosure d using (disclosure_id)
        where regexp_matches(r.check_id, '^(L|H|U):') and r.status = 'fail'""")
    assert sorted(failed) == sorted((f["unit"], check) for f in CONFIRMED["identities"] for check in f["checks"])


def test_every_failed_check_between_tables_is_a_confirmed_inconsistency(crawl):
    _, warehouse = crawl
    failed = _query(warehouse, """
        select d.unit_name, r.check_id
        from marts.fct_reconciliation r join marts.dim_disclosure d using (disclosure_id)
        where r.check_family = 'cross_table' and r.status = 'fail'""")
    assert sorted(failed) == sorted((f["unit"], check) for f in CONFIRMED["cross_table"] for check in f["checks"])


def test_every_file_is_listed_and_every_other_document_rejected_with_its_kind(crawl):
    _, warehouse = crawl
    files = [p for p in CRAWL.rglob("*") if p.is_file() and p.name != "manifest.tsv"]
    rows = _query(warehouse, "select source_file, load_status, document_kind, load_message from marts.dim_disclosure")
    assert len(rows) == len(files) == len({r[0] for r in rows})
    kinds = {}
    for _, status, kind, message in rows:
        kinds[kind] = kinds.get(kind, 0) + 1
        if kind != "disclosure" and not kind.startswith("performance"):
            assert status == "failed" and message, (kind, message)
    # the crawl as its manifest describes it: 133 budget files, 13 web pages saved as .pdf, one broken file, 11 scans
    assert (kinds.get("disclosure"), kinds.get("html_page"), kinds.get("broken"), kinds.get("scan")) == (133, 13, 1, 11)


def test_no_unit_or_title_is_made_from_a_file_name_or_a_page_number(crawl):
    _, warehouse = crawl
    rows = _query(warehouse, """
        select source_file, unit_name, document_title from marts.dim_disclosure where document_kind = 'disclosure' or document_kind like 'performance%'""")
    assert rows
    for source, unit, title in rows:
        stem = source.rsplit("/", 1)[-1]
        assert unit is None or ("_" not in unit and unit not in stem.split("_")[:4]), (source, unit)
        assert title is None or not re.fullmatch(r"[\s\-—–_\d]*", title), (source, title)
