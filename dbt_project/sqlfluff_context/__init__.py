"""What the SQL linter's Jinja needs beyond its own stand-ins for dbt: the project's vars, read from
dbt_project.yml, so that a macro looping over one renders as dbt renders it (sqlfluff puts this package's
names in its Jinja context: .sqlfluff, library_path)."""

from pathlib import Path

import yaml

_PROJECT = Path(__file__).resolve().parent.parent / "dbt_project.yml"
_VARS = yaml.safe_load(_PROJECT.read_text(encoding="utf-8")).get("vars") or {}


def var(name, default=None):
    return _VARS.get(name, default)
