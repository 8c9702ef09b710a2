"""What a file under raw/ is keyed by in Dagster: its POSIX path relative to raw/, readable as the file it
stands for, with the few sequences a partition key may not hold escaped, so that any file name is a key.

Dagster refuses "..." (its partition-range separator) and control characters in partition keys; crawlers
truncate long titles with "..." (…2026年单位预算....pdf). Those characters, and "%" itself, are written as
%XX, which is reversible: a key maps back to exactly one path. Everything the warehouse records (source_file)
is the path itself, never the key.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_DOTS = re.compile(r"\.{3,}")
_ESCAPED = re.compile(r"%([0-9A-F]{2})")


def partition_key(path: str) -> str:
    """The key of a file by its POSIX path relative to raw/."""
    key = path.replace("%", "%25")
    key = _DOTS.sub(lambda m: "%2E" * len(m.group(0)), key)
    return _CONTROL.sub(lambda m: f"%{ord(m.group(0)):02X}", key)


def source_path(key: str) -> str:
    """The POSIX path relative to raw/ a key stands for."""
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), key)
