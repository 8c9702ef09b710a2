"""Every environment variable is read in pipelines/settings.py, with its default, and the README names it."""

from __future__ import annotations

import re
from pathlib import Path

from pipelines import settings

ROOT = Path(__file__).resolve().parent.parent
# a read: os.getenv(…), os.environ.get(…), or os.environ[…] not assigned to
READ = re.compile(r"os\.getenv\(|os\.environ\.get\(|os\.environ\[[^\]]+\](?!\s*=[^=])")


def test_no_module_but_settings_reads_the_environment():
    readers = [
        f"{path.relative_to(ROOT)}:{n}"
        for folder in ("pipelines", "schemas", "scripts", "sample")
        for path in sorted((ROOT / folder).rglob("*.py")) if path.name != "settings.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if READ.search(line)
    ]
    assert readers == []


def test_the_pattern_tells_a_read_from_a_write():
    assert READ.search('x = os.environ["A"]') and READ.search('os.environ.get("A")') and READ.search('if os.environ["A"] == "1":')
    assert not READ.search('os.environ["A"] = "1"')


def test_every_setting_is_in_the_readme():
    names = set(re.findall(r'(?:_text|_number)\("([A-Z_]+)"', Path(settings.__file__).read_text(encoding="utf-8")))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(names) > 15
    assert sorted(n for n in names if n not in readme) == []


def test_a_setting_is_read_when_asked_and_an_empty_value_is_unset(monkeypatch, tmp_path):
    monkeypatch.setenv("BUDGET_WAREHOUSE", str(tmp_path / "w.duckdb"))
    monkeypatch.setenv("BUDGET_LOAD_BATCH", "")
    assert settings.warehouse() == tmp_path / "w.duckdb"
    assert settings.load_batch() == 1000
    monkeypatch.setenv("BUDGET_LOAD_BATCH", "7")
    assert settings.load_batch() == 7
