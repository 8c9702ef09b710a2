"""Ruling lines from a page's vector paths: which pages hold a ruled grid, found without camelot.

A rule is drawn as a stroked line, a thin filled rectangle, or a thin filled polygon (a rectangle
with mitred corners); a cell border as a stroked rectangle; a whole grid sometimes as one path of
many segments. A page holds a grid when it has at least two horizontal and two vertical rules (a
single frame around the page does not count) or one many-segment path for camelot to read.
"""

from __future__ import annotations

import ctypes

import pypdfium2.raw as pdfium_c

THIN = 2.5  # points: a shape this thin in one direction is a rule
_MIN_LENGTH = 3.0
_COMPLEX = 6  # a path with more segments than a rectangle's may hold a whole grid


def _path_objects(raw_page):
    """Every path object of the page, including those inside form XObjects (drawn once, placed whole)."""
    stack = [(pdfium_c.FPDFPage_GetObject(raw_page, i), 0) for i in range(pdfium_c.FPDFPage_CountObjects(raw_page))]
    while stack:
        obj, depth = stack.pop()
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            yield obj
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 4:
            stack.extend((pdfium_c.FPDFFormObj_GetObject(obj, j), depth + 1) for j in range(pdfium_c.FPDFFormObj_CountObjects(obj)))


def page_is_ruled(page) -> bool:
    """True when the page's paths draw a ruled grid (camelot is run on such pages only)."""
    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    horizontal = vertical = frames = 0
    complex_path = False
    for obj in _path_objects(page.raw):
        pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
        width, height = right.value - left.value, top.value - bottom.value
        if height <= THIN and width > _MIN_LENGTH:
            horizontal += 1
        elif width <= THIN and height > _MIN_LENGTH:
            vertical += 1
        elif width > _MIN_LENGTH and height > _MIN_LENGTH:
            if pdfium_c.FPDFPath_CountSegments(obj) > _COMPLEX:
                complex_path = True
            else:
                frames += 1  # a rectangle: two rules each way
        if horizontal + 2 * frames >= 3 and vertical + 2 * frames >= 3:
            return True
    return complex_path or (horizontal >= 2 and vertical >= 2)
