"""Crops of the rows a pandera model failed, for the check's metadata: where on the page the bad value is printed."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .crops import CropRequest, CropStore
from .models import SourceFile

BOX_PREFIXES = ("", "figure_", "sentence_")  # a cell's box, or a claim's figure, else its sentence
MAX_PAGES = 3


def _boxes(rows: pd.DataFrame) -> dict[int, list[tuple]]:
    """{page: [(side, x0, y0, x1, y1)]} of the rows that carry a box; pages of rows without one, empty."""
    prefix = next((p for p in BOX_PREFIXES if f"{p}x0" in rows.columns), None)
    found: dict[int, list[tuple]] = {}
    for _, row in rows.iterrows():
        page = row.get("page_number")
        if pd.isna(page):
            continue
        box = [row.get(f"{prefix}{k}") for k in ("x0", "y0", "x1", "y1")] if prefix is not None else [None]
        entry = found.setdefault(int(page), [])
        if all(v is not None and not pd.isna(v) for v in box):
            entry.append(("lhs", *(float(v) for v in box)))
    return found


def failing_row_crops(checked: pd.DataFrame | None, failures: pd.DataFrame, source: SourceFile, folder: Path) -> list[Path]:
    """Images of the pages (at most three) printing the failing rows, the rows' boxes outlined; the whole page
    where a row has no box. Nothing when the failure cases name no row (a failure of the table as a whole)."""
    if checked is None or failures.empty or "page_number" not in checked.columns:
        return []
    rows = pd.to_numeric(failures["index"], errors="coerce").dropna().astype(int)
    rows = checked.loc[[i for i in dict.fromkeys(rows) if i in checked.index]]
    made = []
    with CropStore(folder) as store:
        for page, boxes in sorted(_boxes(rows).items())[:MAX_PAGES]:
            got = store.get(CropRequest(source, page, tuple(boxes)))
            if got and got[0]:
                made.append(folder / got[0])
    return made
