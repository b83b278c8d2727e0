"""Property-based fuzzing of every registered reader and the sniffer: odd text costs an entry, never a traceback."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from generator.commands.ingest import new_paper
from generator.model import RawEntry
from generator.sources import READERS, ListingError, sniff_format
from generator.storage.store import PaperRejected, validated_text

# Pieces of every format the readers know, and of what breaks parsers: odd URLs, full-width digits,
# control characters, unbalanced markup. Joined at random they make near-misses of real listings.
FRAGMENTS = [
    "arXiv:2401.05561", "arXiv:２４０１.０５５６１", "arXiv:hep-th/9901001v2", "2401.05561v3", "\n", "\n\n", " ",
    "https://[::1", "https://github.com/a/b", "HTTPS://GitHub.com/x/y", "http://", "[](http)", "//github.com/u/r",
    "https://x:99999999/", "http://a.b:port/", "www.", "\\href{https://e.org}{e}", "Comments: Accepted to ICLR 2024",
    "• 8 authors", "·", "Mar 30 12", "Feb 30, 2024 7", "Dec 5, 2024", "9" * 50, "Subscribe", "Daily Papers",
    "<!DOCTYPE html><html>", "</html>", "<dl id='articles'><dt><a title=\"Abstract\" href=\"/abs/2401.05561\">x</a></dt>",
    "<dd><div class='list-title'>Title: T</div><div class='list-authors'><a></a></div></dd></dl>",
    '<meta name="citation_arxiv_id" content="2401.05561">', '<div data-target="PaperContent" data-props="{&quot;paper',
    "@article{k,", "title = {A {B} C},", "eprint = {2401.05561}", "}", "{", "# Awesome", "## Serving",
    "- [A Title](https://arxiv.org/abs/2401.05561)", "| Title | Paper |", "|---|---|", "| [T](https://arxiv.org/abs/2401.1) |",
    "\x00", "\x0c", "\x1b[31m", "\x7f", "\u202e", "\ufeff", "é", "$\\times$", "{\\it x}",
    "Large language models are widely used. We propose a method that improves them a lot and study it well. ",
]
TEXTS = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=30).map("".join)
FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _read(name: str, text: str) -> list[RawEntry]:
    try:
        return READERS[name].read(text, "fuzz.txt")
    except ListingError as exc:  # PartlyRead included: what a reader may say about bad input
        return list(getattr(exc, "entries", []))


@pytest.mark.parametrize("name", sorted(READERS))
def test_a_reader_never_raises_anything_but_a_listing_error(name):
    @FUZZ
    @given(TEXTS)
    def property_(text):
        for entry in _read(name, text):
            assert isinstance(entry, RawEntry)
            assert entry.arxiv is None or entry.arxiv.isascii()

    property_()


@FUZZ
@given(TEXTS)
def test_the_sniffer_names_a_reader_or_says_it_knows_none(text):
    try:
        assert sniff_format(text) in READERS
    except ListingError:
        pass


@pytest.mark.parametrize("name", sorted(READERS))
def test_every_entry_a_reader_gives_is_written_valid_or_refused_with_a_reason(name, tmp_path):
    """What ingest would write from any entry passes `check`, or is refused with file:line: never a bad file."""
    (tmp_path / "papers").mkdir()

    @FUZZ
    @given(TEXTS)
    def property_(text):
        for entry in _read(name, text):
            paper = new_paper(entry, set(), dt.date(2026, 12, 1))
            if paper is None:
                continue
            try:
                validated_text(tmp_path, paper)
            except PaperRejected as exc:
                assert str(exc).startswith("fuzz.txt:")

    property_()


def test_one_odd_entry_costs_only_itself():
    from generator.sources import PartlyRead, read_listing

    props = ('{"dailyPapers": [{"paper": {"id": "2401.05561", "title": ["not", "text"]}}, '
             '{"paper": {"id": "2401.05562", "title": "A Good Title"}}]}').replace('"', "&quot;")
    page = f'<!DOCTYPE html><html><body>\n<div data-target="DailyPapers" data-props="{props}"></div>\n</body></html>'
    with pytest.raises(PartlyRead) as caught:
        read_listing(page, "daily.html", "hf-daily-html")
    assert [e.arxiv for e in caught.value.entries] == ["2401.05562"]
    assert caught.value.problems == [(2, "entry not read (AttributeError: 'list' object has no attribute 'split')")]
