"""The dbt sources of the raw tables (dbt_project/models/staging/_staging__sources.yml), written from their
pandera models: each table's columns in its model's order, each column described by its Field's description
or, where it has none, by the docs block of its name (dbt_project/models/column_docs.md, the descriptions
several tables share). A Field whose meaning several tables share under one name but not the common one
names its docs block in its description ('{{ doc("table_seq__4") }}'). `python -m schemas.dbt_sources`
rewrites the file; a test fails when it is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from . import RECORD_SCHEMAS, SET_SCHEMAS, STAGING_SCHEMAS
from .cells import CELL_TABLES

SOURCES_YML = Path(__file__).resolve().parent.parent / "dbt_project" / "models" / "staging" / "_staging__sources.yml"
HEADER = "# Written by `python -m schemas.dbt_sources` from the pandera models of schemas/: edit those, not this file.\n"
SOURCE_DESCRIPTION = 'Staging tables loaded by the Dagster pipeline from extracted PDFs; one row set per disclosure, replaced atomically on re-run.'
TABLE_DESCRIPTIONS = {
    't01_income_expenditure_summary': '收支总表 (T01): amount cells of the two-sided income/expenditure summary.',
    't02_income_summary': '收入总表 (T02): amount cells of the income summary, by unit and income source.',
    't03_expenditure_summary': '支出总表 (T03): amount cells of the expenditure summary, by 功能分类 subject and expenditure type.',
    't04_fiscal_appropriation_summary': '财政拨款收支总表 (T04): amount cells of the fiscal-appropriation income/expenditure summary.',
    't05_general_budget_expenditure': '一般公共预算支出表 (T05): amount cells by 功能分类 subject, basic/project split.',
    't06_general_budget_basic_expenditure': '一般公共预算基本支出表 (T06): amount cells by 经济分类 subject, personnel/public-use split.',
    't07_government_fund_expenditure': '政府性基金预算支出表 (T07): amount cells by 功能分类 subject.',
    't08_state_capital_expenditure': '国有资本经营预算支出表 (T08): amount cells by 功能分类 subject.',
    't09_three_public_costs': '“三公”经费支出表 (T09): amount cells of the three public costs.',
    'x_other_tables': 'Amount cells of located tables outside the nine standard ones (code X), kept with their printed titles.',
    'disclosures': 'One row per ingested PDF: metadata read from the document, or the reason it failed.',
    'located_tables': 'Every table located in a disclosure, with its code, title, pages and extraction status.',
    'extraction_coverage': (
        "The numbers each table's printed region shows in the text layer against the amounts read from it (one row "
        'per table and page), the numbers of orphan grids (no title, no table to continue), and the amounts '
        'printed outside every grid on a table page.'
    ),
    'page_texts': (
        'The text layer of every page, lines in reading order: what the content rules search, and the evidence a '
        'content finding quotes.'
    ),
    'table_identities': (
        "Sums that a table's own layout asserts (a 合计 column over its sibling columns, an outline item over its "
        'sub-items, a 合计/总计 row over the rows before it, 收入总计 = 支出总计). Evaluated against the cells in dbt.'
    ),
    'p01_projects': '项目绩效目标表: one row per project table.',
    'p01_project_funds': '项目资金 rows of each 项目绩效目标表.',
    'p01_indicators': '绩效指标 rows of each 项目绩效目标表.',
    'narrative_claims': 'Quantitative claims of the narrative (情况说明), each linked to the table cell it speaks of.',
    'disclosure_sets': (
        "Each loaded file's place in its disclosure set: the files of one unit, fiscal year, report kind and scope "
        '(read from the documents; the disclosure_sets seed decides where they cannot). Written whole after every '
        'load (pipelines/sets/).'
    ),
    'set_claim_links': (
        'The claims of a narrative-only file that its own file does not link, linked to a cell of its companion '
        "file's tables by the same strategies, or given the reason none is."
    ),
    'validation_failures': "Failure cases of staging tables that failed their pandera model; the failing tables' rows are held back.",
}


def tables() -> dict:
    """Every raw table's model, in the file's order: the cell tables, the others, the sets, the records."""
    cells = {name: model for name, model in CELL_TABLES.values()}
    others = {name: model for name, model in STAGING_SCHEMAS.items() if name not in cells}
    return {**cells, **others, **SET_SCHEMAS, **RECORD_SCHEMAS}


def _column(name: str, column) -> dict:
    return {"name": name, "description": column.description or '{{ doc("' + name + '") }}'}


def render() -> str:
    source = {
        "name": "raw",
        "description": SOURCE_DESCRIPTION,
        "schema": "raw",
        "tables": [
            {
                "name": table,
                "description": TABLE_DESCRIPTIONS[table],
                "columns": [_column(name, column) for name, column in model.to_schema().columns.items()],
            }
            for table, model in tables().items()
        ],
    }
    body = yaml.safe_dump({"version": 2, "sources": [source]}, allow_unicode=True, sort_keys=False, width=120)
    return HEADER + body


def main() -> int:
    SOURCES_YML.write_text(render(), encoding="utf-8")
    print(f"wrote {SOURCES_YML}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
