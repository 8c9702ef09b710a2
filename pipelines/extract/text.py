"""Normalizing printed text and amounts exactly as they appear in disclosures."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from .shared import UNIT_FACTORS  # one source with the dbt models

_CJK_OR_PUNCT = re.compile(r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef“”‘’（）]")
_AMOUNT = re.compile(r"^[-−－]?\(?[-−－]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\)?$")
_DASHES = {"-", "—", "－", "--", "——", "/"}
_OUTLINE = [
    (re.compile(r"^[一二三四五六七八九十]+[、.．]"), 1),
    (re.compile(r"^[（(][一二三四五六七八九十]+[）)]"), 2),
    (re.compile(r"^\d+[、.．](?!\d)"), 2),
    (re.compile(r"^[（(]\d+[）)]"), 3),
]


def join_wrapped(text: str | None) -> str:
    """Join text that wrapped inside a cell: Chinese joins without a space, Latin words with one."""
    if not text:
        return ""
    parts = [p.strip() for p in str(text).replace("\r", "\n").split("\n")]
    out = ""
    for part in parts:
        if not part:
            continue
        if out and not (_CJK_OR_PUNCT.match(out[-1]) or _CJK_OR_PUNCT.match(part[0])):
            out += " "
        out += part
    return out.strip()


# Labels repeat across a disclosure (every cell of a row carries its row's label) and the narrative's
# links compare each claim with every cell: squash and strip_outline see the same strings many times.
@lru_cache(maxsize=1 << 16, typed=True)
def squash(text: str | None) -> str:
    """Label key: all whitespace removed, half-width brackets and colons made full-width."""
    s = re.sub(r"\s+", "", join_wrapped(text))
    return s.replace("(", "（").replace(")", "）").replace(":", "：").replace('"', "“")


_DECIMALS_WRAPPED = re.compile(r"(-?[\d,]*\.\d+)\n(\d+)")


def _compact(text: str | None) -> str:
    """A printed amount without its spaces; an amount whose last decimals wrapped onto a line of their own in a
    narrow cell (1,496.02000 / 0) joined again. Two figures on two lines stay two."""
    s = (text or "").strip()
    while (m := _DECIMALS_WRAPPED.fullmatch(s)) is not None:
        s = m.group(1) + m.group(2)
    return s.replace(" ", "")


def is_amount(text: str | None) -> bool:
    s = _compact(text)
    return bool(s) and bool(_AMOUNT.match(s))


def is_dash(text: str | None) -> bool:
    return (text or "").strip() in _DASHES


def parse_amount(text: str | None) -> Decimal | None:
    """Printed amount → Decimal in the printed unit. Blank and dash give None; anything else must parse."""
    s = _compact(text)
    if not s or s in _DASHES:
        return None
    if not _AMOUNT.match(s):
        raise ValueError(f"not an amount: {text!r}")
    negative = s.startswith(("-", "−", "－")) or (s.startswith("(") and s.endswith(")"))
    digits = re.sub(r"[^\d.]", "", s)
    try:
        value = Decimal(digits)
    except InvalidOperation as exc:  # pragma: no cover - regex already guards this
        raise ValueError(f"not an amount: {text!r}") from exc
    return -value if negative else value


def decimals_of(text: str | None) -> int:
    s = _compact(text)
    return len(s.split(".", 1)[1].rstrip(")")) if "." in s else 0


def to_yuan(value: Decimal | None, unit: str) -> Decimal | None:
    if value is None:
        return None
    return value * UNIT_FACTORS[unit]


_NUMERALS = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}


def chinese_number(label: str) -> int | None:
    """The number of a row numbered 一、 … 三十一、 (1 … 99); None for other numbering."""
    m = re.match(r"^([一二三四五六七八九十]+)[、.．]", squash(label))
    if not m:
        return None
    s = m.group(1)
    if "十" not in s:
        return _NUMERALS.get(s) if len(s) == 1 else None
    tens, _, units = s.partition("十")
    return (_NUMERALS.get(tens, 0) if tens else 1) * 10 + (_NUMERALS.get(units, 0) if units else 0)


def outline_level(label: str) -> int | None:
    """Outline numbering of a list row: 一、 → 1, （一） / 1. → 2, （1） → 3 (also after 其中：, which opens a
    numbered list of the parts of the row above); None when unnumbered."""
    s = re.sub(r"^其中[：:]?", "", squash(label))
    for pattern, level in _OUTLINE:
        if pattern.match(s):
            return level
    return None


@lru_cache(maxsize=1 << 16, typed=True)
def strip_outline(label: str) -> str:
    s = squash(label)
    for pattern, _ in _OUTLINE:
        s = pattern.sub("", s, count=1)
    return s


def find_unit(text: str) -> str | None:
    """The money unit of a caption such as 单位：万元 / 金额单位:元."""
    m = re.search(r"单位\s*[：:]\s*(万元|千元|亿元|元)", text or "")
    if m:
        return m.group(1)
    m = re.search(r"[（(]\s*(万元|千元|亿元|元)\s*[）)]", text or "")
    return m.group(1) if m else None
