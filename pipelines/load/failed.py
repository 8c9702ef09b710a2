"""What a file that could not be used becomes: one raw.disclosures row with its reason."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..extract.read.document import disclosure_id_for
from ..extract.read.pdf import DisclosureError, sha256_of
from .fingerprints import extractor_fingerprint
from ..orchestration.keys import source_path


def failed_document(path: Path, key: str) -> dict:
    """The raw.disclosures row of a PDF that could not be used: identity and source only."""
    try:
        sha = sha256_of(path)
    except OSError:  # the file vanished or is unreadable: a stable id from its key instead
        sha = hashlib.sha256(f"unreadable:{key}".encode()).hexdigest()
    return {
        "disclosure_id": disclosure_id_for(sha),
        "source_file": source_path(key),
        "source_sha256": sha,
        "page_count": 0,
        "title": None,
        "fiscal_year": None,
        "report_kind": None,
        "scope": None,
        "unit_name": None,
        "metadata_source": None,
        "document_kind": None,
        "kind_reason": None,
        "tables_located": 0,
        "standard_tables_missing": None,
        "extractor_version": extractor_fingerprint(),  # the same code would fail the same way: not retried until it changes
    }


def failure_of(path: Path, exc: Exception) -> DisclosureError:
    """Any exception reading a file, as that file's DisclosureError."""
    if isinstance(exc, DisclosureError):
        return exc
    if isinstance(exc, OSError):  # removed or unreadable after its partition was registered
        return DisclosureError(path, f"cannot read file ({exc.strerror or exc})")
    return DisclosureError(path, f"damaged: reading it failed ({type(exc).__name__}: {str(exc)[:200]})")
