"""Fetching disclosures from their publishers into raw/, listed in raw/sources.yaml.

Each entry names a year, a unit, a report kind, a URL (http, https or file) and optionally the sha256
the file must have. A download goes to a temporary file beside its target and is renamed into place
only when complete, within the size limit and with the expected hash: a failure leaves nothing
half-written. Transient failures (timeouts, connection errors, 5xx, a body shorter than announced)
are retried with exponential backoff; a 404 or a wrong hash is reported at once.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlparse

import yaml

SCHEMES = {"http", "https", "file"}
REPORT_KINDS = {"budget", "final_accounts"}


@dataclass(frozen=True)
class Source:
    year: int
    unit: str
    report_kind: str
    url: str
    sha256: str | None = None
    file_name: str | None = None  # path under raw/; default <year>/<unit>/<the URL's file name>


@dataclass
class Outcome:
    source: Source
    status: str  # downloaded | unchanged | failed
    path: Path | None = None
    message: str = ""
    bytes: int = 0
    attempts: int = 0


class DownloadError(Exception):
    def __init__(self, message: str, retry: bool):
        super().__init__(message)
        self.retry = retry


def load_sources(path: Path) -> list[Source]:
    """Entries of raw/sources.yaml; a malformed entry raises ValueError naming it."""
    if not path.exists():
        return []
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    sources = []
    for i, entry in enumerate(doc.get("sources") or [], start=1):
        missing = [k for k in ("year", "unit", "report_kind", "url") if not entry.get(k)]
        if missing:
            raise ValueError(f"{path}: entry {i} lacks {', '.join(missing)}")
        if entry["report_kind"] not in REPORT_KINDS:
            raise ValueError(f"{path}: entry {i}: report_kind must be one of {sorted(REPORT_KINDS)}")
        sources.append(Source(int(entry["year"]), str(entry["unit"]), entry["report_kind"], str(entry["url"]),
                              entry.get("sha256"), entry.get("file_name")))
    return sources


def _safe_part(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", text).strip(" .") or "_"


def target_path(raw_root: Path, source: Source) -> Path:
    """Where the file goes under raw/; a name that would leave raw/ is refused."""
    if source.file_name:
        relative = PurePosixPath(source.file_name)
        if relative.is_absolute() or ".." in relative.parts or not relative.parts:
            raise ValueError(f"file_name {source.file_name!r} must stay inside raw/")
    else:
        name = PurePosixPath(unquote(urlparse(source.url).path)).name or "disclosure.pdf"
        relative = PurePosixPath(str(source.year), _safe_part(source.unit), _safe_part(name))
    target = (raw_root / Path(*relative.parts)).resolve()
    if raw_root.resolve() not in target.parents:
        raise ValueError(f"{source.file_name or source.url}: resolves outside raw/")
    return target


def _fetch(url: str, part: Path, timeout: float, max_bytes: int) -> str:
    """Stream url into part; returns its sha256."""
    digest, size = hashlib.sha256(), 0
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response, open(part, "wb") as out:
            expected = response.headers.get("Content-Length") if hasattr(response, "headers") else None
            deadline = time.monotonic() + timeout * 10  # a whole-file limit, beside the per-read timeout
            while True:
                block = response.read(1 << 16)
                if not block:
                    break
                size += len(block)
                if size > max_bytes:
                    raise DownloadError(f"larger than the {max_bytes:,}-byte limit", retry=False)
                if time.monotonic() > deadline:
                    raise DownloadError(f"took longer than {timeout * 10:.0f}s", retry=True)
                digest.update(block)
                out.write(block)
            if expected is not None and int(expected) != size:
                raise DownloadError(f"truncated: {size:,} of {int(expected):,} bytes arrived", retry=True)
    except urllib.error.HTTPError as exc:
        raise DownloadError(f"HTTP {exc.code} {exc.reason}", retry=exc.code >= 500) from exc
    except urllib.error.URLError as exc:
        raise DownloadError(f"cannot reach it: {exc.reason}", retry=True) from exc
    except (TimeoutError, ConnectionError) as exc:
        raise DownloadError(f"timed out or dropped after {timeout:.0f}s ({exc.__class__.__name__})", retry=True) from exc
    except http.client.IncompleteRead as exc:
        raise DownloadError(f"truncated: the connection closed early ({exc})", retry=True) from exc
    return digest.hexdigest()


def download(source: Source, raw_root: Path, *, timeout: float = 30.0, max_bytes: int = 200 << 20,
             retries: int = 3, backoff: float = 1.0) -> Outcome:
    """Fetch one entry. Never raises for a bad entry: the outcome says what went wrong."""
    scheme = urlparse(source.url).scheme.lower()
    if scheme not in SCHEMES:
        return Outcome(source, "failed", message=f"{source.url}: only http, https and file URLs are fetched")
    try:
        target = target_path(raw_root, source)
    except ValueError as exc:
        return Outcome(source, "failed", message=str(exc))
    if target.exists() and source.sha256:
        if hashlib.sha256(target.read_bytes()).hexdigest() == source.sha256.lower():
            return Outcome(source, "unchanged", target)
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(f".{target.name}.part")
    attempt = 0
    while True:
        attempt += 1
        try:
            sha = _fetch(source.url, part, timeout, max_bytes)
            if source.sha256 and sha != source.sha256.lower():
                raise DownloadError(f"sha256 {sha} does not match the expected {source.sha256}", retry=False)
            size = part.stat().st_size
            os.replace(part, target)
            return Outcome(source, "downloaded", target, bytes=size, attempts=attempt)
        except DownloadError as exc:
            part.unlink(missing_ok=True)
            if not exc.retry or attempt > retries:
                tries = f" after {attempt} attempts" if attempt > 1 else ""
                return Outcome(source, "failed", message=f"{source.url}: {exc}{tries}", attempts=attempt)
            time.sleep(backoff * 2 ** (attempt - 1))
        except OSError as exc:
            part.unlink(missing_ok=True)
            return Outcome(source, "failed", message=f"{source.url}: {exc}", attempts=attempt)
