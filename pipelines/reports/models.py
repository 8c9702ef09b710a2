"""What the HTML report shows, as read from the marts: disclosures, their findings and the regions of each side."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

# the colour a side is outlined in, on the crops and in the legend
SIDE_COLOURS = {"lhs": "#d62728", "rhs": "#1f5fbf", "evidence": "#e08a00"}
SIDE_NAMES = {"lhs": "left side", "rhs": "right side", "evidence": "what the rule read"}


@dataclass(frozen=True)
class Region:
    """One printed place of one side of a check (fct_check_region)."""

    side: str
    located_by: str
    page_disclosure_id: str
    page_number: int
    box: tuple[float, float, float, float]
    printed: str | None


@dataclass(frozen=True)
class Finding:
    """A failed or unsure check of fct_reconciliation, with the regions it was located at."""

    check_id: str
    family: str
    status: str
    severity: str
    description: str
    lhs: Decimal | None
    rhs: Decimal | None
    difference: Decimal | None
    unit: str
    tables: str | None
    pages: tuple[int, ...]
    evidence: str | None
    regions: tuple[Region, ...] = ()

    @property
    def is_text_rule(self) -> bool:
        return self.unit in ("text", "code")


@dataclass(frozen=True)
class SourceFile:
    """The PDF a disclosure was read from, where the report finds it, and its content hash."""

    disclosure_id: str
    path: Path
    sha256: str


@dataclass(frozen=True)
class Disclosure:
    """One row of rpt_disclosure_quality, with what its page shows."""

    disclosure_id: str
    source_file: str
    unit_name: str | None
    fiscal_year: int | None
    report_kind: str | None
    load_status: str
    load_message: str | None
    page_count: int | None
    coverage_pct: Decimal | None
    coverage_status: str | None
    checks_passed: int
    checks_failed: int
    tables: tuple[tuple[str, str, str], ...]  # (code, title, pages)
    findings: tuple[Finding, ...] = ()
    spending: tuple[tuple[str, str, str, Decimal], ...] = ()  # (类 code, name, fund scope, yuan)

    @property
    def families(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for f in self.findings:
            counts[f.family] = counts.get(f.family, 0) + 1
        return counts

    @property
    def title(self) -> str:
        return " ".join(str(x) for x in (self.unit_name, self.fiscal_year, _KINDS.get(self.report_kind or "", "")) if x) or self.source_file


_KINDS = {"budget": "部门预算", "final_accounts": "部门决算"}


@dataclass(frozen=True)
class Crop:
    """An image of a page region (or a whole page) in the report, with what its caption says."""

    file: str  # relative to the report's folder
    caption: str
    sides: tuple[str, ...] = ()


@dataclass
class SiteStats:
    """What writing the report did: pages written, crops rendered and reused."""

    pages: int = 0
    crops_rendered: int = 0
    crops_reused: int = 0
    missing_sources: set[str] = field(default_factory=set)
    seconds: float = 0.0
