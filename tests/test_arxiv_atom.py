"""Saved arXiv API answers (Atom) as listings: every field of today's and the 2019 format, one bad entry skipped."""

import datetime as dt
from pathlib import Path

import pytest

from generator.sources import ListingError, PartlyRead, read_listing, sniff_format

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "arxiv_api"


def text(name):
    return (FIXTURES / name).read_text(encoding="utf-8")


def test_todays_format_with_every_field():
    fmt, (paged, judges) = read_listing(text("two_papers.xml"), "answer.xml")
    assert fmt == "arxiv-api"
    assert (paged.arxiv, paged.title) == ("2611.00101", "Paged Adapters: Serving Many Fine-Tuned Models on One GPU")
    assert paged.authors == ["Ada Lin", "Bruno Moreau"] and paged.published == dt.date(2026, 11, 18)
    assert paged.categories == ["cs.CL", "cs.DC"], "the primary category first"
    assert paged.comments == ["Accepted to MLSys 2027; 12 pages"] and paged.venue == "MLSys 2027"
    assert (paged.doi, paged.journal_ref) == ("10.1234/mlsys.2027.42", "Proc. MLSys 7 (2027) 100-112")
    assert paged.abstract.startswith("Serving thousands") and paged.source.line == 9
    assert judges.source.line == 27 and judges.doi is None


def test_the_2019_format_and_an_entry_without_title():
    with pytest.raises(PartlyRead) as caught:
        read_listing(text("classic_2019.xml"), "old.xml")
    (entry,) = caught.value.entries
    assert (entry.arxiv, entry.title, entry.published) == ("1908.00001", "Reading Lists as Curricula", dt.date(2019, 8, 1))
    assert entry.authors == ["Ana Souza", "Ben Cho"] and entry.categories == ["cs.CL", "cs.IR"]
    assert (entry.doi, entry.journal_ref, entry.venue) == ("10.1234/curricula.2019", "Proc. ACL 2019, 1-9", "ACL 2019")
    assert caught.value.problems == [(35, "entry has no arXiv id or no title; entry skipped")]


def test_an_api_error_answer_is_refused_with_its_message():
    assert sniff_format(text("error.xml")) == "arxiv-api"
    with pytest.raises(ListingError, match="arXiv API error"):
        read_listing(text("error.xml"), "error.xml")


def test_xml_that_is_not_a_feed_is_refused():
    with pytest.raises(ListingError, match="not an Atom feed"):
        read_listing('<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><entry>arxiv', "cut.xml", "arxiv-api")
