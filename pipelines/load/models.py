"""The records the load path passes between processes: what was staged of one file (kept as summary.json
beside its Parquet files, written by an extraction process, read by the writer and the run), and the
prepared file the writer swaps in."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace

from upath import UPath


@dataclass(frozen=True)
class StagedSummary:
    """What was staged of one file."""

    disclosure_id: str
    tables: dict[str, int]  # rows per Parquet file written, validation_failures included
    staged: dict[str, int] = field(default_factory=dict)  # rows per staging table, empty ones too
    failures: dict[str, dict] = field(default_factory=dict)  # per table with failure cases: count, first cases
    metadata: dict = field(default_factory=dict)  # what the run records of a loaded file (plain values)
    problems: int = 0  # tables that could not be read
    crops: dict[str, list[str]] = field(default_factory=dict)  # images of pages printing failing rows
    failed: str | None = None  # why the file could not be used (its one raw.disclosures row says so too)
    reason: str | None = None  # the short reason of that failure

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, default=str)

    @classmethod
    def from_json(cls, text: str) -> StagedSummary:
        data = json.loads(text)
        return cls(**{f.name: data[f.name] for f in fields(cls) if f.name in data})

    def from_cache(self) -> StagedSummary:
        """The same summary, read back from the cache by a later run."""
        return replace(self, metadata={**self.metadata, "from_cache": True}) if self.metadata else self


@dataclass(frozen=True)
class Prepared:
    """What the writer needs of one file: its disclosure, the folder of its staged Parquet files, and a
    summary of what was staged."""

    key: str
    disclosure_id: str
    source_file: str
    folder: str
    summary: StagedSummary

    @property
    def failed(self) -> str | None:
        return self.summary.failed

    def tables(self) -> list[str]:
        """The staging tables this disclosure has rows in (plus validation_failures where any)."""
        return list(self.summary.tables)

    def path(self, table: str) -> UPath:
        return UPath(self.folder) / f"{table}.parquet"
