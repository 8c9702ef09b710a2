"""Every sentence pattern of the narrative reads the sentence quoted beside it (narrative/patterns.py)."""

import pytest

from pipelines.extract.narrative.patterns import SENTENCE_PATTERNS


@pytest.mark.parametrize("entry", SENTENCE_PATTERNS, ids=[p.name for p in SENTENCE_PATTERNS])
def test_each_pattern_reads_its_quoted_example(entry):
    found = entry.pattern.search(entry.example)
    assert found is not None and found.group(0) == entry.reads, (entry.example, found)


def test_the_table_names_each_pattern_once_and_says_where_its_example_is_printed():
    assert len({p.name for p in SENTENCE_PATTERNS}) == len(SENTENCE_PATTERNS)
    assert all(p.source for p in SENTENCE_PATTERNS)
