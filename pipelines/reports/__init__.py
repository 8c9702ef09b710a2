"""The run's reports: the HTML report (the marts' disclosures and findings, with crops of the pages they are
printed on: site.py and its parts) and the Markdown quality report (quality.py)."""

from pathlib import Path

import duckdb

from ..paths import reports_dir
from .quality import write_quality_report
from .site import write_site

__all__ = ["write_html_report", "write_quality_report", "write_site"]


def write_html_report(con: duckdb.DuckDBPyConnection, raw: Path):
    """reports/html/: the index and one page per disclosure, with crops of the PDFs under `raw`.
    Returns (index.html, what writing it did)."""
    return write_site(con, raw, reports_dir() / "html")
