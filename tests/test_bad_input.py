"""Broken or foreign PDFs are rejected with a message naming the file and what is wrong."""

import pytest

from broken_pdfs import make_all
from pipelines.extract.disclosure import extract_disclosure
from pipelines.extract.read.pdf import DisclosureError


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    return make_all(tmp_path_factory.mktemp("broken"))


@pytest.mark.parametrize(
    "kind, message",
    [
        ("empty", "file is empty (0 bytes)"),
        ("truncated", "not a readable PDF"),
        ("not_pdf", "not a readable PDF"),
        ("encrypted", "encrypted"),
        ("image_only", "no text layer"),
        ("not_disclosure", "not a budget disclosure"),
    ],
)
def test_each_bad_file_gets_its_own_clear_error(broken, kind, message):
    path = broken[kind]
    with pytest.raises(DisclosureError) as err:
        extract_disclosure(path)
    assert message in str(err.value)
    assert str(path) in str(err.value)
