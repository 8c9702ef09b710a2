"""The vocabulary the extraction shares with the dbt models, read from the `vars` of dbt_project.yml:
money units and their factors, the digits of a 类/款/项 code, and the words of a column of another period."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import yaml

DBT_PROJECT = Path(__file__).resolve().parents[2] / "dbt_project" / "dbt_project.yml"
SHARED_VARS: dict = yaml.safe_load(DBT_PROJECT.read_text(encoding="utf-8"))["vars"]

UNIT_FACTORS: dict[str, Decimal] = {unit: Decimal(str(f)) for unit, f in SHARED_VARS["money_units"].items()}
LEVEL_LENGTH: dict[str, int] = {level: int(n) for level, n in SHARED_VARS["subject_level_digits"].items()}
OTHER_PERIOD_COLUMN = re.compile(SHARED_VARS["other_period_column"])


def fingerprint() -> bytes:
    """What of dbt_project.yml the extraction reads (so that other edits of it do not re-read every PDF)."""
    return json.dumps(SHARED_VARS, ensure_ascii=False, sort_keys=True).encode()
