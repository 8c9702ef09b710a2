"""What a result was made from, as short hashes: the extraction code (a changed extractor reads every PDF
afresh) and the dbt project (a changed project builds the marts again)."""

from __future__ import annotations

import hashlib
from functools import cache

from ..extract import shared
from ..extract.normalize.codes import SEED_FILES
from ..paths import ROOT, dbt_sources


@cache
def extractor_fingerprint() -> str:
    """Changes whenever the extraction code or a seed it reads changes (staging runs on every load, so it
    needs no key)."""
    digest = hashlib.sha256()
    for path in [*sorted((ROOT / "pipelines" / "extract").rglob("*.py")), *SEED_FILES]:
        digest.update(path.read_bytes() if path.exists() else b"")
    digest.update(shared.fingerprint())
    return digest.hexdigest()[:12]


def dbt_fingerprint() -> str:
    """Changes whenever a file of the dbt project changes, by content (a fresh checkout's new file times
    alone change nothing)."""
    digest = hashlib.sha256()
    for path in dbt_sources():
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]
