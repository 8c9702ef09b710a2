"""The dbt project's layout: one yml per model beside its SQL, and each column description written once."""

import collections
import re

import yaml

from conftest import ROOT

MODELS = ROOT / "dbt_project" / "models"
DOC_REF = re.compile(r"""^\{\{\s*doc\(["']([a-z0-9_]+)["']\)\s*\}\}$""")
DOC_BLOCK = re.compile(r"\{%\s*docs\s+([a-z0-9_]+)\s*%\}(.*?)\{%\s*enddocs\s*%\}", re.S)


def _yml_files():
    return sorted(MODELS.rglob("*.yml"))


def _columns(doc: dict):
    for model in doc.get("models", []) or []:
        yield from model.get("columns", []) or []
    for source in doc.get("sources", []) or []:
        for table in source.get("tables", []) or []:
            yield from table.get("columns", []) or []


def test_every_model_has_its_own_yml_beside_it_with_its_unit_tests():
    for sql in sorted(MODELS.rglob("*.sql")):
        yml = sql.with_suffix(".yml")
        assert yml.exists(), f"{sql.relative_to(ROOT)} has no {yml.name} beside it"
        doc = yaml.safe_load(yml.read_text(encoding="utf-8"))
        assert [m["name"] for m in doc["models"]] == [sql.stem], yml
        assert {t["model"] for t in doc.get("unit_tests", []) or []} <= {sql.stem}, yml
    declared = [m["name"] for p in _yml_files() for m in (yaml.safe_load(p.read_text(encoding="utf-8")).get("models") or [])]
    assert sorted(declared) == sorted(p.stem for p in MODELS.rglob("*.sql"))


def test_a_column_description_is_written_once_and_every_shared_one_is_used():
    blocks = dict(DOC_BLOCK.findall("".join(p.read_text(encoding="utf-8") for p in MODELS.rglob("*.md"))))
    written = collections.Counter()
    used = set()
    for path in _yml_files():
        for column in _columns(yaml.safe_load(path.read_text(encoding="utf-8"))):
            description = column.get("description", "")
            if match := DOC_REF.match(description.strip()):
                assert match.group(1) in blocks, f"{path.name}: {column['name']} names no docs block {match.group(1)}"
                used.add(match.group(1))
            elif description:
                written[description] += 1
    twice = [text for text, n in written.items() if n > 1]
    assert twice == [], f"written in more than one place (make it a docs block): {twice[:3]}"
    shared = {name: text.strip() for name, text in blocks.items()}
    assert set(shared) - used == set(), "docs blocks no column uses"
    assert not set(shared.values()) & set(written), "a description both shared and written out"


def test_the_sources_are_written_from_the_pandera_models_and_are_not_stale():
    """A raw column is declared once, in its pandera model: name, type (its DuckDB type too), allowed values
    and description. The dbt sources are written from the models; edited by hand, or left behind after a
    model changed, they fail here."""
    from pipelines.load.warehouse import column_names
    from schemas.dbt_sources import SOURCES_YML, render, tables

    assert SOURCES_YML.read_text(encoding="utf-8") == render(), "stale: run `python -m schemas.dbt_sources`"
    doc = yaml.safe_load(SOURCES_YML.read_text(encoding="utf-8"))
    declared = {t["name"]: [c["name"] for c in t["columns"]] for s in doc["sources"] for t in s["tables"]}
    assert declared == {table: column_names(table) for table in tables()}  # the columns the DDL creates


def test_the_tables_coded_by_each_classification_are_the_same_lists_in_python_and_dbt():
    from pipelines.extract.vocabulary import ECONOMIC_TABLES, FUNCTION_TABLES

    project = yaml.safe_load((ROOT / "dbt_project" / "dbt_project.yml").read_text(encoding="utf-8"))
    assert tuple(project["vars"]["function_tables"]) == FUNCTION_TABLES
    assert tuple(project["vars"]["economic_tables"]) == ECONOMIC_TABLES
    # and no model writes a list of its own
    for sql in MODELS.rglob("*.sql"):
        text = sql.read_text(encoding="utf-8")
        assert "'T03', 'T05', 'T07', 'T08'" not in text and "'T03', 'T05', 'T06', 'T07', 'T08'" not in text, sql.name
