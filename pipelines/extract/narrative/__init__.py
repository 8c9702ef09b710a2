"""Quantitative claims of the narrative (情况说明): each figure, its change and percentage, and the
table cell it speaks of.

A claim is one stated amount with what the sentence says about it: "行政运行（项）2026年预算 9407.1
万元，比2025年执行数增加1810.7万元，增长16.14%" is one claim (amount, change, direction, growth,
comparison base). Claims are linked to a table cell by subject code or name, in the table the
section speaks of; the arithmetic is checked in dbt (int_narrative_checks).
"""

from .claims import Claim, extract_claims, read_narrative
from .linking import link_claims
from .reading import narrative_text

__all__ = ["Claim", "extract_claims", "link_claims", "narrative_text", "read_narrative"]
