"""Id lists: any mix of arXiv ids and paper URLs, one a line; anything else on a line is reported."""

from pathlib import Path

import pytest

from generator.sources import READERS, PartlyRead, read_listing

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "text"


def test_id_list_reads_every_form_and_keeps_hugging_face_links():
    text = (FIXTURES / "ids.txt").read_text(encoding="utf-8")
    fmt, entries = read_listing(text, "ids.txt")
    assert fmt == "id-list"
    assert [e.arxiv for e in entries] == [
        "2611.00101", "2611.00102", "2611.00050", "2611.00777", "2611.00909", "2611.01111", "2611.01212",
        "hep-th/9901001", "math/0309136",
    ]
    assert entries[6].links.hf == "https://huggingface.co/papers/2611.01212"
    assert all(not e.links.urls() for e in entries[:6]), "arXiv links are implied by the id"
    assert entries[0].source.line == 2


def test_id_list_reports_lines_that_are_not_ids():
    with pytest.raises(PartlyRead) as caught:
        read_listing("2611.00101\nsee the other list\n2611.00102\n", "ids.txt", "id-list")
    assert [e.arxiv for e in caught.value.entries] == ["2611.00101", "2611.00102"]
    assert caught.value.problems == [(2, "not an arXiv id or paper URL: 'see'")]


@pytest.mark.parametrize("text", ["[Paper](https://arxiv.org/abs/2611.00101)\n", "a note with 2611.00101 inside\n"])
def test_markdown_and_prose_are_not_id_lists(text):
    assert READERS["id-list"].sniff(text) == 0


def test_a_pasted_markdown_link_is_read_as_an_awesome_entry():
    fmt, (entry,) = read_listing("[Paged Adapters](https://arxiv.org/abs/2611.00101v2) | MLSys 2027\n", "(stdin)")
    assert (fmt, entry.arxiv, entry.title, entry.venue) == ("awesome-list", "2611.00101", "Paged Adapters", "MLSys 2027")
